"""What every student sees of a question (its choices, the quoted sources), kept in the cache.

A question's choices and the paragraphs its feedback quotes are the same for every attempt
that draws it, and the busiest requests (the question page, the answer and the next question
the answer carries) need them: they come from Django's cache instead of three queries each.

An entry is found by the question's id and ``updated_at``, which the query that finds the drawn
question reads anyway. Saving a question (the admin does, with its choices; the bank sync does
before it rewrites them) gives it a new key, so every server sees the edit at once, whatever
cache each has. An entry also carries the versions it was built under: the history's content
version (the quoted paragraphs, see baltic_quiz/content_cache.py) and the bank version, which a
choice or a question's links saved on their own move (quizzes/receivers.py). An entry of an
older version is built again; with a local cache, other processes see those two kinds of change
within ``PAGE_CACHE_SECONDS``, as they do for the read-only pages.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from baltic_quiz.content_cache import VERSION_KEY, content_version

BANK_KEY = "bank:version"
T = TypeVar("T")


def bank_version() -> int:
    """Return the current bank version, starting one if the cache has none."""
    version = cache.get(BANK_KEY)
    if version is None:
        # A clock reading, so a version lost with the cache is never reused after a restart.
        cache.add(BANK_KEY, time.time_ns(), timeout=None)
        version = cache.get(BANK_KEY)
    return version


def bank_changed() -> None:
    """Build every question's entry again: a choice or a link changed without its question."""
    try:
        cache.incr(BANK_KEY)
    except ValueError:  # no version yet (or evicted): a fresh one differs from any before
        cache.set(BANK_KEY, time.time_ns(), timeout=None)


def key(question) -> str:
    return f"question:{question.pk}:{question.updated_at.timestamp():.6f}"


def cached_contents(questions: list, build: Callable[[object], T]) -> list[T]:
    """Return each question's entry from the cache, building and storing those missing or
    built under an older version: one cache round trip when they are all there."""
    keys = [key(question) for question in questions]
    found = cache.get_many([VERSION_KEY, BANK_KEY, *keys])
    versions = (
        found.get(VERSION_KEY) or content_version(),
        found.get(BANK_KEY) or bank_version(),
    )
    values, built = [], {}
    for question, entry_key in zip(questions, keys, strict=True):
        entry = found.get(entry_key)
        if entry is not None and entry[0] == versions:
            values.append(entry[1])
        else:
            value = build(question)
            built[entry_key] = (versions, value)
            values.append(value)
    if built:
        cache.set_many(built, settings.PAGE_CACHE_SECONDS)
    return values


def cached_content(question, build: Callable[[object], T]) -> T:
    """Return one question's entry (see cached_contents)."""
    return cached_contents([question], build)[0]
