"""Pages for reading the history: articles, timeline, events and the map."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseLocation
from django_htmx.middleware import HtmxDetails

from history import maps, selectors, timeline
from history.forms import TimelineFilterForm


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
def article_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(selectors.article_detail_queryset(), slug=slug)
    return render(request, "history/article_detail.html", {"article": article})


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def timeline_view(request: HtmxHttpRequest) -> HttpResponse:
    form = TimelineFilterForm(request.GET)
    status = 200
    if form.is_valid():
        events = list(selectors.event_timeline(**form.cleaned_data))
    else:
        # A hand-edited address: say what was wrong and show nothing rather than guess.
        events, status = [], 400
    template = "history/timeline.html"
    if request.htmx.target == "results":
        # Only the filter form asks for the results alone; any other HTMX load wants the page.
        template += "#results"
    context = {"form": form, "events": events, "timeline": timeline.layout(events)}
    return render(request, template, context, status=status)


@require_GET
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_detail_queryset(), slug=slug)
    previous, following = selectors.event_neighbours(event)
    # Sources in the reader's language first; the other article's after them.
    citations = sorted(
        event.citations.all(), key=lambda c: c.paragraph.article.language != get_language()
    )
    return render(
        request,
        "history/event_detail.html",
        {
            "event": event,
            "citations": citations,
            "previous": previous,
            "next": following,
            "map": maps.draw([event.place], maps.EUROPE, get_language()) if event.place else None,
        },
    )


@require_GET
def map_view(request: HtmxHttpRequest) -> HttpResponse:
    places = list(selectors.place_list())
    return render(
        request,
        "history/map.html",
        {
            "places": places,
            "overview": maps.draw(places, maps.EUROPE, get_language()),
            "detail": maps.draw(places, maps.BALTIC, get_language()),
        },
    )


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
