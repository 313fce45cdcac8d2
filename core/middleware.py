"""Response headers every page gets: Permissions-Policy, and Cache-Control for private pages."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

# Cookies that name who is asking: a page answered with one may show their own work.
IDENTIFYING_COOKIES = (settings.SESSION_COOKIE_NAME, "learner")


class HeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self._is_private(request, response):
            # A shared cache (a school's proxy) must never hand one student's page to another.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _is_private(request, response) -> bool:
        if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
            return False
        user = getattr(request, "user", None)
        return (
            any(name in request.COOKIES for name in IDENTIFYING_COOKIES)
            or bool(response.cookies)
            or (user is not None and user.is_authenticated)
        )


class FormCharsetMiddleware:
    """Refuse, with a 400, a form body that declares a character set other than UTF-8.

    Django only reads forms in UTF-8 and raises BadRequest on every read of any other.
    Its own 400 and 403 pages run the CSRF check again (requires_csrf_token), which reads
    the form again, so such a request ended as a 500. This refuses it before anything
    reads the body, with the 400 page rendered directly.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.content_type or ""
        charset = (request.content_params or {}).get("charset", "utf-8")
        if content_type in self.FORM_TYPES and charset.strip().lower().replace("_", "-") not in (
            "utf-8",
            "utf8",
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)
