"""Pages for reading the history: articles, timeline, events and the map."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views import i18n
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseLocation
from django_htmx.middleware import HtmxDetails

from baltic_quiz.content_cache import cached_page
from history import maps, selectors, timeline
from history.forms import TimelineFilterForm


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# The read-only pages are the same for every reader of a language: their main part is
# rendered once per content version and language (baltic_quiz.content_cache), and only the
# frame around it (navigation, sign-in links, the CSRF token) is rendered per request.
ARTICLE_PAGE = "history/article_detail.html"
TIMELINE_PAGE = "history/timeline.html"
EVENT_PAGE = "history/event_detail.html"
MAP_PAGE = "history/map.html"


def _main(request: HttpRequest, template: str, context: dict) -> str:
    return render_to_string(f"{template}#main", context, request)


@require_GET
def article_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        article = get_object_or_404(selectors.article_detail_queryset(), slug=slug)
        return {"title": article.title, "main": _main(request, ARTICLE_PAGE, {"article": article})}

    return render(request, ARTICLE_PAGE, cached_page("article", slug, build=build))


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def timeline_view(request: HtmxHttpRequest) -> HttpResponse:
    form = TimelineFilterForm(request.GET)
    # Only the filter form asks for the results alone; any other HTMX load wants the page.
    results_only = request.htmx.target == "results"
    if not form.is_valid():
        # A hand-edited address: say what was wrong and show nothing rather than guess.
        context = {"form": form, "events": [], "timeline": timeline.layout([])}
        if results_only:
            return render(request, f"{TIMELINE_PAGE}#results", context, status=400)
        return render(
            request, TIMELINE_PAGE, {"main": _main(request, TIMELINE_PAGE, context)}, status=400
        )
    kind, country = form.cleaned_data["kind"], form.cleaned_data["country"]
    part = "results" if results_only else "main"

    def build() -> str:
        events = list(selectors.event_timeline(kind=kind, country=country))
        # The filters as the cache key names them, so every address it stands for reads alike.
        shown = TimelineFilterForm({"kind": kind, "country": country.code if country else ""})
        context = {"form": shown, "events": events, "timeline": timeline.layout(events)}
        return render_to_string(f"{TIMELINE_PAGE}#{part}", context, request)

    html = cached_page("timeline", part, kind, country.code if country else "", build=build)
    if results_only:
        return HttpResponse(html)
    return render(request, TIMELINE_PAGE, {"main": html})


@require_GET
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        event = get_object_or_404(selectors.event_detail_queryset(), slug=slug)
        previous, following = selectors.event_neighbours(event)
        # Sources in the reader's language first; the other article's after them.
        citations = sorted(
            event.citations.all(), key=lambda c: c.paragraph.article.language != get_language()
        )
        context = {
            "event": event,
            "citations": citations,
            "previous": previous,
            "next": following,
            "map": maps.draw([event.place], maps.EUROPE, get_language()) if event.place else None,
        }
        return {"title": event.title, "main": _main(request, EVENT_PAGE, context)}

    return render(request, EVENT_PAGE, cached_page("event", slug, build=build))


@require_GET
def map_view(request: HtmxHttpRequest) -> HttpResponse:
    def build() -> str:
        places = list(selectors.place_list())
        context = {
            "places": places,
            "overview": maps.draw(places, maps.EUROPE, get_language()),
            "detail": maps.draw(places, maps.BALTIC, get_language()),
        }
        return _main(request, MAP_PAGE, context)

    return render(request, MAP_PAGE, {"main": cached_page("map", build=build)})


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def map_outline(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """One map's sea, land and country names alone, as an image for pages to draw on.

    Pages that mark places on a map (a map question) reference it instead of repeating the
    outlines, the bulk of a map, in every response; the browser keeps it.
    """
    bounds = maps.MAPS.get(slug)
    if bounds is None:
        raise Http404("No such map.")
    drawn = maps.draw([], bounds, get_language())
    return render(request, "history/map_outline.svg", {"map": drawn}, content_type="image/svg+xml")


@require_POST
def set_language(request: HtmxHttpRequest) -> HttpResponse:
    """Switch language with Django's view; under HTMX, load the new page without a reload."""
    response = i18n.set_language(request)
    if request.htmx and response.status_code == 302:
        location = HttpResponseLocation(
            response["Location"], target="#page", select="#page", swap="outerHTML"
        )
        location.cookies = response.cookies
        return location
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's, for one).
    return redirect(static("img/favicon.svg"), permanent=True)
