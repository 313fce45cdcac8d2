"""Rate limits kept in Django's cache, so they hold across workers and, with a shared cache
(Redis), across servers.

A limit allows ``count`` hits per ``seconds`` for one key (an address, an account, a user).
Windows are fixed and aligned to the clock: a refused client is told exactly when the
window ends. Defaults live here; ``settings.RATE_LIMITS`` overrides any of them by name with
``(count, seconds)``.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.clients import client_address

DEFAULTS: dict[str, tuple[int, int]] = {
    # Failed log-ins (the site's and the admin's), per account and per client address.
    "login_account": (5, 15 * 60),
    "login_address": (20, 15 * 60),
    # Password-reset requests, per e-mail address asked for and per client address.
    "password_reset_email": (3, 60 * 60),
    "password_reset_address": (10, 60 * 60),
    # Join-code tries, per signed-in user and per client address.
    "join_user": (10, 10 * 60),
    "join_address": (30, 10 * 60),
    # Live-lesson code tries, per client address: a whole class joins from one school
    # address within a minute, so this is wider than join_address.
    "live_join_address": (120, 10 * 60),
    # Quiz and practice starts by anonymous browsers, per client address (a school behind
    # one address still has room for a class of students each starting a few).
    "anonymous_start": (100, 60 * 60),
    # New accounts, per client address.
    "signup_address": (10, 60 * 60),
}


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


class RateLimited(Exception):
    """Raised when a limit is used up; says how many seconds are left in the window."""

    def __init__(self, limit: Limit, retry_after: int):
        super().__init__(limit.name)
        self.limit = limit
        self.retry_after = retry_after


def limit(name: str) -> Limit:
    count, seconds = {**DEFAULTS, **getattr(settings, "RATE_LIMITS", {})}[name]
    return Limit(name=name, count=count, seconds=seconds)


def _window(lim: Limit, key: str) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % lim.seconds
    # Hashed, so any text (an e-mail, a user name) makes a valid, short cache key.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{lim.name}:{start}:{digest}", start + lim.seconds - now


def hit(name: str, key: str) -> None:
    """Count one use; raise RateLimited if this one goes over the limit."""
    lim = limit(name)
    cache_key, left = _window(lim, key)
    # add() is a no-op if the key exists, so concurrent first hits don't reset each other.
    cache.add(cache_key, 0, timeout=left + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=lim.seconds)
        used = 1
    if used > lim.count:
        raise RateLimited(lim, max(left, 1))


def check(name: str, key: str) -> None:
    """Raise RateLimited if the limit is already used up, without counting a use."""
    lim = limit(name)
    cache_key, left = _window(lim, key)
    if (cache.get(cache_key) or 0) >= lim.count:
        raise RateLimited(lim, max(left, 1))


def reset(name: str, key: str) -> None:
    lim = limit(name)
    cache.delete(_window(lim, key)[0])


def refused(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """The 429 page, saying when to try again (also as a Retry-After header)."""
    minutes = -(-error.retry_after // 60)
    response = render(
        request,
        "429.html",
        {"retry_after": error.retry_after, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def limited(*rules: tuple[str, Callable[[HttpRequest], str | None]], methods=("POST",)):
    """Decorate a view: each rule names a limit and how to key the request (None: skip it).

    Every request of the given methods counts against every rule that applies to it.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    for name, key in rules:
                        value = key(request)
                        if value is not None:
                            hit(name, value)
                except RateLimited as error:
                    return refused(request, error)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def by_address(request: HttpRequest) -> str:
    return client_address(request)


def by_user(request: HttpRequest) -> str | None:
    return str(request.user.pk) if request.user.is_authenticated else None


def by_posted(field: str) -> Callable[[HttpRequest], str | None]:
    """Key by a posted field (e.g. the e-mail asked for), compared without case."""

    def key(request: HttpRequest) -> str | None:
        value = request.POST.get(field, "").strip().casefold()
        return value or None

    return key


def by_address_if_anonymous(request: HttpRequest) -> str | None:
    return None if request.user.is_authenticated else client_address(request)
