"""Log-in throttling for the site's and the admin's sign-in pages.

Failed log-ins are counted per account name and per client address; once either has used
up its limit, every log-in for it (right password or not) is refused with a 429 until the
window ends. A successful log-in clears the account's count, not the address's.
"""

import contextlib
import functools

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, UnreadablePostError

from core import ratelimit
from core.clients import client_address


def _account(username) -> str:
    return str(username or "").strip().casefold()


def _posted_username(request: HttpRequest) -> str:
    try:
        return _account(request.POST.get("username"))
    except (UnreadablePostError, UnicodeDecodeError, LookupError):
        return ""


def login_guard(view):
    """Refuse a log-in POST while its account or address is locked."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            try:
                ratelimit.check("login_address", client_address(request))
                ratelimit.check("login_account", _posted_username(request))
            except ratelimit.RateLimited as error:
                return ratelimit.refused(request, error)
        return view(request, *args, **kwargs)

    return wrapped


@receiver(user_login_failed, dispatch_uid="core_count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    for name, key in (
        ("login_address", client_address(request)),
        ("login_account", _account(credentials.get("username"))),
    ):
        # Going over is not refused here: the next try is, by login_guard.
        with contextlib.suppress(ratelimit.RateLimited):
            ratelimit.hit(name, key)


@receiver(user_logged_in, dispatch_uid="core_clear_account_failures")
def clear_account_failures(sender, request, user, **kwargs) -> None:
    ratelimit.reset("login_account", _account(user.get_username()))
