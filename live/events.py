"""Telling the phones and the projector that a live session changed, as it happens.

The services publish on Redis pub/sub (when `REDIS_URL` is set) after their transaction
commits; every app server's event streams are subscribed there, so a change made on one
server reaches the phones held by all of them. The streams are server-sent events; the
pages keep polling as before whenever no stream is open (no Redis, or a lost connection).

Under ASGI (uvicorn) a stream is a coroutine waiting on Redis, so thousands cost little.
Under WSGI (`make run`, the test server) each stream holds a thread, so it ends after a
short while and the browser opens the next one.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator

import redis
import redis.asyncio
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

ROOM, TALLY = "room", "tally"
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


def tally_changed(code: str) -> None:
    """Only the projector's counts changed: somebody joined or answered."""
    publish(code, TALLY, "t")


# The streams ---------------------------------------------------------------------------


def _frame(data: str) -> bytes:
    return f"data: {data}\n\n".encode()


def _opening(version: int | None) -> bytes:
    # The version now: a change made while the browser reconnected is not missed.
    return f"retry: {RETRY_MS}\n".encode() + _frame(f"v:{version}")


def _data(message) -> str:
    data = message["data"]
    return data.decode() if isinstance(data, bytes) else str(data)


def stream(channels: list[str], version: Callable[[], int | None]) -> Iterator[bytes]:
    """A blocking stream, for WSGI: subscribe, say the version, then pass each change on."""
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
                yield _frame(_data(message))
            elif time.monotonic() >= ping:
                ping = time.monotonic() + WSGI_PING_SECONDS
                yield _frame("ping")
    except redis.RedisError:
        log.warning("A live event stream lost Redis", exc_info=True)
    finally:
        pubsub.close()
        client.close()


async def astream(channels: list[str], version) -> AsyncIterator[bytes]:
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
                yield _frame(_data(message))
            elif loop.time() >= ping:
                ping = loop.time() + PING_SECONDS
                yield _frame("ping")
    except redis.RedisError:
        log.warning("A live event stream lost Redis", exc_info=True)
    finally:
        await pubsub.aclose()
        await client.aclose()
