"""Telling the phones and the projector that a live session changed, as it happens.

The services publish on Redis pub/sub (when `REDIS_URL` is set) after their transaction
commits; every app server's event streams are subscribed there, so a change made on one
server reaches the phones held by all of them. The streams are server-sent events; the
pages keep polling as before whenever no stream is open (no Redis, or a lost connection).

Most changes say only the session's new version, and each phone fetches its own stage. A
new question is different: every phone that has not answered it shows the same stage, so
it is drawn once per language (live/stages.py) and carried in the message itself, and a
phone's stream passes on the stage of its language. A room of phones then sees "Next"
without a request each (a herd of fetches costs seconds of CPU on a small server).

The reveal too: its stage differs per phone only by the answer given, so it is drawn once
per language and answer (live/stages.py), all in one message, and a phone's stream passes
on those of its language; the page shows the one for its own answer (or fetches when it
is not sure which that is).

Under ASGI (uvicorn) a stream is a coroutine waiting on Redis, so thousands cost little.
Under WSGI (`make run`, the test server) each stream holds a thread, so it ends after a
short while and the browser opens the next one.
"""

import asyncio
import copy
import functools
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator

import redis
import redis.asyncio
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

ROOM, TALLY = "room", "tally"
# A room message that carries the new question's stage per language: "s:" + JSON.
SHOWN = "s:"
# A room message that carries the revealed question's stages per language and answer: "r:" + JSON.
REVEALED = "r:"
# How often a stream says it is alive: the pages poll again when they hear nothing for 20 s.
PING_SECONDS = 10
# How long one stream lasts before the browser reconnects (it gets the version again then).
ASGI_STREAM_SECONDS = 300
WSGI_STREAM_SECONDS = 25
# Under WSGI a closed page is noticed only when the next ping fails to go out: ping often,
# so that its thread is let go soon.
WSGI_PING_SECONDS = 2
# EventSource waits this long before it reconnects.
RETRY_MS = 1000

_clients: dict[str, redis.Redis] = {}


def url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


def enabled() -> bool:
    """Whether the pages get event streams (a push engine is configured)."""
    return bool(url())


def channel(code: str, kind: str) -> str:
    return f"live:{code}:{kind}"


def _client(location: str) -> redis.Redis:
    client = _clients.get(location)
    if client is None:
        client = _clients[location] = redis.Redis.from_url(
            location, socket_timeout=1, socket_connect_timeout=1
        )
    return client


def _publish(location: str, name: str, data: str) -> None:
    try:
        _client(location).publish(name, data)
    except redis.RedisError:
        # The pages fall back to polling; a lost event is not a lost answer.
        log.warning("Could not publish %s on Redis", name, exc_info=True)


def publish(code: str, kind: str, data: str) -> None:
    """Send a change of a session once the transaction that made it has committed."""
    location = url()
    if location:
        transaction.on_commit(lambda: _publish(location, channel(code, kind), data))


def room_changed(code: str, version: int) -> None:
    """Everyone must look again: the question, the reveal, a pause, the end."""
    publish(code, ROOM, f"v:{version}")


def question_shown(session) -> None:
    """A new question is on screen: the phones get its stage in the event itself."""
    location = url()
    if location:
        # As it is now: the stage is drawn for this version, whatever the caller does next.
        shown = copy.copy(session)
        transaction.on_commit(lambda: _publish(location, channel(shown.code, ROOM), _shown(shown)))


def _shown(session) -> str:
    # Drawn after the commit, from what every phone would read now. Imported here: the
    # stages read the selectors, which read this module.
    from live import stages

    try:
        drawn = stages.shared_stages(session)
    except Exception:
        # The question is shown already; a stage that can't be drawn must not fail "Next":
        # the phones fetch theirs as after any other change.
        log.exception("Could not draw the shared stage of %s", session.code)
        drawn = {}
    if not drawn:
        return f"v:{session.version}"
    return SHOWN + json.dumps({"v": session.version, "stages": drawn})


def answer_revealed(session) -> None:
    """The answer is shown: the phones get the stage for each answer given, in the event."""
    location = url()
    if location:
        revealed = copy.copy(session)
        transaction.on_commit(
            lambda: _publish(location, channel(revealed.code, ROOM), _revealed(revealed))
        )


def _revealed(session) -> str:
    from live import stages

    try:
        drawn = stages.revealed_stages(session)
        orders = stages.revealed_orders(session) if drawn else {}
    except Exception:
        # As for a new question: the reveal stands, the phones fetch their own stages.
        log.exception("Could not draw the revealed stages of %s", session.code)
        drawn = {}
    if not drawn:
        return f"v:{session.version}"
    # Which question: a phone whose stage shows another (it missed "Next") fetches.
    message = {"v": session.version, "q": session.position, "stages": drawn}
    if orders:
        message["orders"] = orders
    return REVEALED + json.dumps(message, ensure_ascii=False)


def tally_changed(code: str) -> None:
    """Only the projector's counts changed: somebody joined or answered."""
    publish(code, TALLY, "t")


# The streams ---------------------------------------------------------------------------


def _frame(data: str) -> bytes:
    return f"data: {data}\n\n".encode()


def _event(name: str, data: str) -> bytes:
    # Each line of the payload is a data line of its own; EventSource joins them with "\n".
    lines = "".join(f"data: {line}\n" for line in re.split(r"\r\n|\r|\n", data))
    return f"event: {name}\n{lines}\n".encode()


@functools.lru_cache(maxsize=32)
def _relayed(data: str, language: str | None) -> bytes:
    """What a stream sends for a room message: the stage of its phone's language, if any.

    Cached: every stream of a worker gets the same message, and it is read and framed once.
    """
    if data.startswith(REVEALED):
        return _relayed_reveal(data, language)
    if not data.startswith(SHOWN):
        return _frame(data)
    shown = json.loads(data[len(SHOWN) :])
    stage = shown["stages"].get(language) if language else None
    if stage is None:
        # The projector, or a phone the stage is not for: it fetches as after any change.
        return _frame(f"v:{shown['v']}")
    # A named event: the version on the first line, the stage's HTML after it.
    return _event("stage", f"{shown['v']}\n{stage}")


def _relayed_reveal(data: str, language: str | None) -> bytes:
    revealed = json.loads(data[len(REVEALED) :])
    stages = revealed["stages"].get(language) if language else None
    if not stages:
        return _frame(f"v:{revealed['v']}")
    # A named event whose data is one line of JSON (the HTML's newlines escaped in it): the
    # version, the question's position, the stage per answer key, and for an ordering
    # question the parts of any wrong order's stage.
    mine = {"v": revealed["v"], "q": revealed["q"], "stages": stages}
    order = revealed.get("orders", {}).get(language)
    if order:
        mine["order"] = order
    return _event("reveal", json.dumps(mine, ensure_ascii=False))


def _opening(version: int | None) -> bytes:
    # The version now: a change made while the browser reconnected is not missed.
    return f"retry: {RETRY_MS}\n".encode() + _frame(f"v:{version}")


def _data(message) -> str:
    data = message["data"]
    return data.decode() if isinstance(data, bytes) else str(data)


def stream(
    channels: list[str], version: Callable[[], int | None], language: str | None = None
) -> Iterator[bytes]:
    """A blocking stream, for WSGI: subscribe, say the version, then pass each change on.

    With a language (a participant's phone), a new question's stage in that language is
    passed on as a "stage" event; without one, only its version.
    """
    client = redis.Redis.from_url(url(), socket_connect_timeout=1)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(*channels)
        yield _opening(version())
        now = time.monotonic()
        end, ping = now + WSGI_STREAM_SECONDS, now + WSGI_PING_SECONDS
        while (now := time.monotonic()) < end:
            # None also for the subscription's own confirmation: ping only when it is time.
            message = pubsub.get_message(timeout=max(0.0, min(ping, end) - now))
            if message:
                yield _relayed(_data(message), language)
            elif time.monotonic() >= ping:
                ping = time.monotonic() + WSGI_PING_SECONDS
                yield _frame("ping")
    except redis.RedisError:
        log.warning("A live event stream lost Redis", exc_info=True)
    finally:
        pubsub.close()
        client.close()


async def astream(
    channels: list[str], version, language: str | None = None
) -> AsyncIterator[bytes]:
    """The same stream as a coroutine, for ASGI; `version` is awaited."""
    client = redis.asyncio.Redis.from_url(url(), socket_connect_timeout=1)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    loop = asyncio.get_running_loop()
    try:
        await pubsub.subscribe(*channels)
        yield _opening(await version())
        now = loop.time()
        end, ping = now + ASGI_STREAM_SECONDS, now + PING_SECONDS
        while (now := loop.time()) < end:
            message = await pubsub.get_message(timeout=max(0.0, min(ping, end) - now))
            if message:
                yield _relayed(_data(message), language)
            elif loop.time() >= ping:
                ping = loop.time() + PING_SECONDS
                yield _frame("ping")
    except redis.RedisError:
        log.warning("A live event stream lost Redis", exc_info=True)
    finally:
        await pubsub.aclose()
        await client.aclose()
