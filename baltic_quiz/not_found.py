"""The site's own "page not found" page, also while DEBUG is on.

With DEBUG off Django renders templates/404.html itself. With DEBUG on (``make run``) it would
show its technical 404 page, in English, to anyone trying the site locally; this middleware
shows the site's page instead, in the address's language. Set ``DEBUG_TECHNICAL_404 = True``
to see Django's page while debugging URL patterns.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import page_not_found


class SiteNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self) -> bool:
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_404

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No URL pattern matched (request.resolver_match is only set on a match): Django's
        # debug page came back; the language and slash redirects have had their chance.
        if (
            response.status_code == 404
            and self._active()
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        # A view found nothing (get_object_or_404 and the like).
        if isinstance(exception, Http404) and self._active():
            return page_not_found(request, exception)
        return None
