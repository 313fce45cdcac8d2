"""Pushed updates: every change the phones must see is published on Redis after it commits,
and the event streams pass it on; without Redis there is no stream and the pages poll."""

import pytest
import redis
from django.urls import reverse
from django.utils import translation

from live import events, services
from tests.live.factories import live_session, right_index
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def pushed(settings, redis_url):
    settings.REDIS_URL = redis_url
    return redis_url


def heard(pubsub) -> list[str]:
    messages = []
    while message := pubsub.get_message(timeout=0.5):
        messages.append(message["data"].decode())
    return messages


def test_each_move_is_published_once_committed(pushed, django_capture_on_commit_callbacks):
    session = live_session()
    student = services.participant_join(session=session, display_name="Ieva")
    pubsub = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(events.channel(session.code, events.ROOM))
    tally = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    tally.subscribe(events.channel(session.code, events.TALLY))
    heard(pubsub), heard(tally)

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        session = services.live_session_advance(session=session)
    # Nothing goes out before the commit: a phone would read the old state.
    assert heard(pubsub) == []
    for callback in waiting:
        callback()
    assert heard(pubsub) == [f"v:{session.version}"]

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_submit(participant=student, position=1, choice_index=0)
        session = services.live_session_reveal(session=session)
    assert heard(tally) == ["t"]
    assert heard(pubsub) == [f"v:{session.version}"]
    pubsub.close(), tally.close()


def test_the_phones_stream_starts_with_the_version_and_passes_each_change_on(
    client, pushed, django_capture_on_commit_callbacks
):
    session = live_session()
    response = client.get(url("live:play_events", session.code))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["X-Accel-Buffering"] == "no"
    chunks = iter(response.streaming_content)

    assert next(chunks).decode() == f"retry: {events.RETRY_MS}\ndata: v:{session.version}\n\n"
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_advance(session=session)
    assert next(chunks).decode() == f"data: v:{session.version}\n\n"
    response.close()


def test_without_redis_there_is_no_stream_and_the_pages_poll(client, settings):
    settings.REDIS_URL = ""
    session = live_session()

    assert client.get(url("live:play_events", session.code)).status_code == 204
    client.force_login(session.teacher)
    page = client.get(url("live:projector", session.code)).content.decode()
    assert "data-events" not in page and 'hx-trigger="every 1s, live:changed"' in page


def test_only_the_owning_teacher_gets_the_projectors_stream(client, pushed):
    session = live_session()
    client.force_login(TeacherFactory())
    assert client.get(url("live:projector_events", session.code)).status_code == 404

    client.force_login(session.teacher)
    page = client.get(url("live:projector", session.code)).content.decode()
    assert f'data-events="{url("live:projector_events", session.code)}"' in page
    response = client.get(url("live:projector_events", session.code))
    assert response.status_code == 200
    assert next(iter(response.streaming_content)).decode().endswith(f"v:{session.version}\n\n")
    response.close()


def test_a_lost_redis_loses_no_answer(settings, django_capture_on_commit_callbacks):
    # Nothing listens on this port: publishing fails, the answer and the reveal still stand.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    session = services.live_session_advance(session=live_session())
    student = services.participant_join(session=session, display_name="Ieva")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_submit(
            participant=student, position=1, choice_index=right_index(session, 1)
        )
        session = services.live_session_reveal(session=session)
    assert answer.is_correct and session.state == "revealed"
