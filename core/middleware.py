"""Response headers every page gets: Permissions-Policy, Content-Security-Policy, and
Cache-Control for private pages."""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as PolicyMiddleware
from csp.utils import build_policy
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


class CSPMiddleware(PolicyMiddleware):
    """django-csp's middleware, with the site's one policy built once instead of per response.

    A response with a policy of its own (django-csp's decorators), a page that asked for a
    nonce, a report-only policy or a debug error page get django-csp's own handling.
    """

    _OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built: tuple[object, str] | None = None

    def _policy(self) -> str:
        config = settings.CONTENT_SECURITY_POLICY
        # Settings may be replaced (in tests): the policy follows the object it was built from.
        if self._built is None or self._built[0] is not config:
            self._built = (config, build_policy())
        return self._built[1]

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in self._OWN_POLICY)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (settings.DEBUG and response.status_code in (404, 500))
            or (settings.CONTENT_SECURITY_POLICY or {}).get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self._policy()
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
