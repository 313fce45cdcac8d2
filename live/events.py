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
import contextlib
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
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

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
    """The same stream as a coroutine, for ASGI; `version` is awaited.

    Its messages come from the one subscription this event loop shares (`_Listener`), not
    from a Redis connection of its own.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    listener = _listener(url())
    try:
        await listener.join(channels, queue)
        yield _opening(await version())
        now = loop.time()
        end, ping = now + ASGI_STREAM_SECONDS, now + PING_SECONDS
        while (now := loop.time()) < end:
            try:
                async with asyncio.timeout(max(0.0, min(ping, end) - now)):
                    data = await queue.get()
            except TimeoutError:
                if loop.time() >= ping:
                    ping = loop.time() + PING_SECONDS
                    yield _frame("ping")
                continue
            if data is LOST:
                # The browser reconnects, and is sent the version again: nothing is missed.
                log.warning("A live event stream lost Redis")
                break
            yield _relayed(data, language)
    except redis.RedisError:
        log.warning("A live event stream lost Redis", exc_info=True)
    finally:
        listener.leave(channels, queue)


# One subscription per event loop -------------------------------------------------------

# What a stream's queue is sent when the shared subscription lost Redis.
LOST = object()
# The listener of each event loop (uvicorn runs one per process) and Redis server.
_listeners: dict[tuple[asyncio.AbstractEventLoop, str], "_Listener"] = {}


def _listener(location: str) -> "_Listener":
    key = (asyncio.get_running_loop(), location)
    listener = _listeners.get(key)
    if listener is None:
        listener = _listeners[key] = _Listener(location)
    return listener


class _Listener:
    """The one Redis connection and subscription that every stream of an event loop shares.

    A room of phones, each with a connection and a subscription of its own, made a thousand
    connections to Redis, each to be made again within the connect timeout whenever the
    phones reconnected. Here each stream hands in a queue for its channels; a channel is
    subscribed while some stream wants it, each message is put in every queue of its channel,
    and the connection is closed when the last stream has gone.

    A lost connection is not made again behind the streams' backs (what was published
    meanwhile would be missed without a word): each stream is sent LOST and ends, its browser
    reconnects and is sent the version, and the next stream opens a new connection.
    """

    def __init__(self, location: str):
        self.client = redis.asyncio.Redis.from_url(
            location, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
        )
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.queues: dict[str, set[asyncio.Queue]] = {}
        self.subscribed: set[str] = set()
        self.closed = False
        # Subscribing and unsubscribing one at a time, each from the streams' wishes then.
        self._lock = asyncio.Lock()
        self._reader: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()

    async def join(self, channels: list[str], queue: asyncio.Queue) -> None:
        """Put each message of these channels in `queue` from now on (once subscribed)."""
        # Synchronously, before any await: a listener about to close sees this stream.
        for name in channels:
            self.queues.setdefault(name, set()).add(queue)
        await self._update()

    def leave(self, channels: list[str], queue: asyncio.Queue) -> None:
        """That stream has ended. Not a coroutine: a stream being cancelled calls it."""
        for name in channels:
            queues = self.queues.get(name)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self.queues[name]
        if not self.closed and set(self.queues) != self.subscribed:
            self._spawn(self._update())

    async def _update(self) -> None:
        """Subscribe to what the streams want now and unsubscribe from what they don't."""
        async with self._lock:
            try:
                # Until nothing is left to do: streams come and go while Redis answers.
                while True:
                    if self.closed:
                        raise redis.ConnectionError("The shared subscription lost Redis")
                    wanted = set(self.queues)
                    if added := wanted - self.subscribed:
                        await self.pubsub.subscribe(*added)
                        self.subscribed |= added
                    elif dropped := self.subscribed - wanted:
                        await self.pubsub.unsubscribe(*dropped)
                        self.subscribed -= dropped
                    else:
                        break
            except (redis.RedisError, OSError):
                self._close(lost=True)
                raise
            if not self.queues:
                self._close()
            elif self._reader is None:
                self._reader = self._spawn(self._read())

    async def _read(self) -> None:
        try:
            while True:
                message = await self.pubsub.get_message(timeout=None)
                if message and message["type"] == "message":
                    name, data = _text(message["channel"]), _data(message)
                    for queue in self.queues.get(name, ()):
                        queue.put_nowait(data)
        except Exception:
            # Whatever stopped it, no stream may wait for messages that no longer come.
            log.warning("The live events' subscription lost Redis", exc_info=True)
            self._close(lost=True)

    def _close(self, lost: bool = False) -> None:
        if self.closed:
            return
        self.closed = True
        for key, listener in list(_listeners.items()):
            if listener is self:
                del _listeners[key]
        if lost:
            for queue in {queue for queues in self.queues.values() for queue in queues}:
                queue.put_nowait(LOST)
            self.queues.clear()
        if self._reader is not None and self._reader is not asyncio.current_task():
            self._reader.cancel()
        self._spawn(self._disconnect())

    async def _disconnect(self) -> None:
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
        with contextlib.suppress(Exception):
            await self.client.aclose()

    def _spawn(self, work) -> asyncio.Task:
        async def run():
            # Nobody waits for these: a failure is the lost connection, told to the streams.
            with contextlib.suppress(redis.RedisError, OSError):
                await work

        task = asyncio.get_running_loop().create_task(run())
        # Held until done: the event loop keeps only a weak reference to a task.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
