"""Cached parts of the read-only pages, per language, invalidated when the facts change.

Every key carries the content version, a number kept in the cache itself: saving, deleting or
loading any history fact bumps it (history/receivers.py), and every page cached before is
simply never asked for again. The cache is Django's default one, so with Redis every server
sees the new version at once.
"""

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "content:version"
T = TypeVar("T")


def content_version() -> int:
    """Return the current content version, starting one if the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A clock reading, so a version lost with the cache is never reused after a restart.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed() -> None:
    """Invalidate every cached page: the facts they show have changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a fresh one differs from any before
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def page_key(name: str, *parts: object) -> str:
    """Return the cache key of one page part in the active language and content version."""
    raw = ":".join(str(part) for part in parts)
    digest = hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()
    return f"page:{content_version()}:{get_language()}:{name}:{digest}"


def cached_page(name: str, *parts: object, build: Callable[[], T]) -> T:
    """Return a page part from the cache, building and storing it when it is missing.

    What build raises (Http404 for an unknown slug) propagates, and nothing is stored.
    """
    key = page_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value
