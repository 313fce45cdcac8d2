"""The ASGI event streams of one event loop share one Redis connection and subscription: each
channel is subscribed while a stream wants it, every message reaches each of its streams, and
a lost connection ends the streams instead of leaving them waiting."""

import asyncio
import json
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis.asyncio

from live import events


def run(scenario) -> None:
    """Run a coroutine function on an event loop of its own, like one uvicorn process."""
    # In another thread: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=60)


def channel(kind: str = events.ROOM) -> str:
    return events.channel(secrets.token_hex(4).upper(), kind)


async def version() -> int:
    return 3


OPENING = events._opening(3)


async def subscribers(server, name: str) -> int:
    [(_name, count)] = await server.pubsub_numsub(name)
    return count


async def eventually(check, timeout: float = 5.0) -> None:
    """Wait until `check()` (a coroutine function) is true: Redis acts on a command soon."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not await check():
        assert loop.time() < end, "not within the time"
        await asyncio.sleep(0.02)


async def next_of(stream) -> bytes | None:
    """The stream's next chunk, None once it ended; never waiting for ever."""
    return await asyncio.wait_for(anext(stream, None), timeout=5)


def test_every_stream_of_an_event_loop_uses_one_connection_to_redis(pushed):
    room, tally, other = channel(), channel(events.TALLY), channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        before = len(await server.client_list(_type="pubsub"))
        # A projector (two channels) and phones of two sessions.
        streams = [
            events.astream([room, tally], version),
            events.astream([room], version, "en"),
            events.astream([other], version, "lv"),
        ]
        for stream in streams:
            assert await next_of(stream) == OPENING
        assert len(await server.client_list(_type="pubsub")) == before + 1
        for stream in streams:
            await stream.aclose()
        await eventually(lambda: _equal(server.client_list(_type="pubsub"), before, transform=len))
        await server.aclose()

    run(scenario)


async def _equal(awaitable, expected, transform=lambda value: value) -> bool:
    return transform(await awaitable) == expected


def test_two_streams_of_a_channel_share_its_subscription_and_each_gets_every_message(pushed):
    name = channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        phone = events.astream([name], version, "en")
        projector = events.astream([name], version)
        assert await next_of(phone) == OPENING
        assert await next_of(projector) == OPENING
        await eventually(lambda: _equal(subscribers(server, name), 1))

        await server.publish(name, "v:4")
        assert await next_of(phone) == b"data: v:4\n\n"
        assert await next_of(projector) == b"data: v:4\n\n"
        # One message, framed for each stream: the phone's stage, the projector's version.
        shown = events.SHOWN + json.dumps({"v": 5, "stages": {"en": "<p>Q</p>"}})
        await server.publish(name, shown)
        assert await next_of(phone) == b"event: stage\ndata: 5\ndata: <p>Q</p>\n\n"
        assert await next_of(projector) == b"data: v:5\n\n"
        assert await subscribers(server, name) == 1

        await phone.aclose()
        await projector.aclose()
        await server.aclose()

    run(scenario)


def test_the_subscription_goes_when_the_last_stream_of_its_channel_ends(pushed):
    name, other = channel(), channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        first, second = events.astream([name], version), events.astream([name], version)
        third = events.astream([other], version)
        for stream in (first, second, third):
            await next_of(stream)
        await eventually(lambda: _equal(subscribers(server, other), 1))

        await first.aclose()
        # The other stream of the channel still hears it.
        await server.publish(name, "v:4")
        assert await next_of(second) == b"data: v:4\n\n"
        assert await subscribers(server, name) == 1

        await second.aclose()
        await eventually(lambda: _equal(subscribers(server, name), 0))
        assert await subscribers(server, other) == 1
        await third.aclose()
        await eventually(lambda: _equal(subscribers(server, other), 0))
        # Nobody listens: the connection is closed too, and the next stream opens another.
        assert not [key for key in events._listeners if key[0] is asyncio.get_running_loop()]
        await server.aclose()

    run(scenario)


def test_a_stream_cancelled_while_it_waits_lets_go_of_its_channel(pushed):
    # As when the phone goes away: the server cancels the stream where it waits.
    name = channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        stream = events.astream([name], version)
        await next_of(stream)
        await eventually(lambda: _equal(subscribers(server, name), 1))
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(stream), timeout=0.2)
        await eventually(lambda: _equal(subscribers(server, name), 0))
        await server.aclose()

    run(scenario)


def test_a_quiet_stream_pings_and_ends_after_its_time(pushed, monkeypatch):
    monkeypatch.setattr(events, "PING_SECONDS", 0.2)
    monkeypatch.setattr(events, "ASGI_STREAM_SECONDS", 0.7)
    name = channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        stream = events.astream([name], version)
        assert await next_of(stream) == OPENING
        # Pings (three on time; fewer if this machine is slow), then the stream ends by itself.
        pings = [chunk async for chunk in stream]
        assert pings and set(pings) == {b"data: ping\n\n"}
        await eventually(lambda: _equal(subscribers(server, name), 0))
        await server.aclose()

    run(scenario)


def test_a_lost_connection_ends_the_streams_and_the_next_stream_subscribes_again(pushed):
    name = channel()

    async def scenario():
        server = redis.asyncio.Redis.from_url(pushed)
        first, second = events.astream([name], version), events.astream([name], version)
        await next_of(first), await next_of(second)
        await eventually(lambda: _equal(subscribers(server, name), 1))

        # Redis drops the shared connection: both streams end at once, not at their time.
        await server.client_kill_filter(_type="pubsub")
        assert await next_of(first) is None
        assert await next_of(second) is None

        # The browser reconnects: its new stream has a new connection and hears every change.
        again = events.astream([name], version)
        assert await next_of(again) == OPENING
        await eventually(lambda: _equal(subscribers(server, name), 1))
        await server.publish(name, "v:4")
        assert await next_of(again) == b"data: v:4\n\n"
        await again.aclose()
        await server.aclose()

    run(scenario)


def test_a_stream_that_cannot_reach_redis_ends_at_once(settings):
    # Nothing listens on this port: the stream ends empty, and the page polls.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    async def scenario():
        stream = events.astream([channel()], version)
        assert await next_of(stream) is None
        assert not [key for key in events._listeners if key[0] is asyncio.get_running_loop()]

    run(scenario)
