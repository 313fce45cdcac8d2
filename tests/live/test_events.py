"""Pushed updates: every change the phones must see is published on Redis after it commits,
and the event streams pass it on; without Redis there is no stream and the pages poll."""

import json

import pytest
import redis
from django.urls import reverse
from django.utils import translation

from live import events, services
from live.models import LiveParticipant
from tests.live.conftest import heard
from tests.live.factories import live_session, right_index
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


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
    # A new question carries its stage: the version, and the HTML per language.
    [shown] = heard(pubsub)
    assert shown.startswith(events.SHOWN)
    assert json.loads(shown[len(events.SHOWN) :])["v"] == session.version

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_submit(participant=student, position=1, choice_index=0)
        session = services.live_session_reveal(session=session)
    assert heard(tally) == ["t"]
    # The reveal carries its stages too, one per answer given, per language.
    [revealed] = heard(pubsub)
    assert revealed.startswith(events.REVEALED)
    assert json.loads(revealed[len(events.REVEALED) :])["v"] == session.version
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_pause(session=session)
    assert heard(pubsub) == [f"v:{session.version}"]
    pubsub.close(), tally.close()


def sse(chunk: bytes) -> tuple[str, str]:
    """An event as EventSource reads it: its name, and its data lines joined."""
    name, data = "message", []
    for line in chunk.decode().split("\n"):
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            data.append(line[len("data: ") :])
    return name, "\n".join(data)


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
    # This phone never joined: it is sent the version only, and fetches (to be asked to join).
    assert next(chunks).decode() == f"data: v:{session.version}\n\n"
    response.close()


def _joined(client, session, name: str, language: str) -> LiveParticipant:
    with translation.override(language):
        join = reverse("live:join")
    client.post(join, {"code": session.code, "display_name": name})
    return LiveParticipant.objects.get(session=session, display_name=name)


@pytest.mark.parametrize("language", ["en", "lv"])
def test_a_participants_stream_carries_the_new_questions_stage_in_its_language(
    client, pushed, language, django_capture_on_commit_callbacks
):
    session = live_session()
    student = _joined(client, session, "Līga", language)
    with translation.override(language):
        stream, state = (
            reverse(name, args=[session.code]) for name in ("live:play_events", "live:play_state")
        )
    response = client.get(stream)
    chunks = iter(response.streaming_content)
    next(chunks)

    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_advance(session=session)
    name, data = sse(next(chunks))
    version, html = data.split("\n", 1)
    assert (name, int(version)) == ("stage", session.version)
    # Exactly the stage this phone would have fetched, multi-line HTML and all.
    assert html.count("\n") > 10
    assert html == client.get(state, HTTP_HX_REQUEST="true").content.decode()

    # The reveal: the stage for each answer given in this language, the phone's among them.
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_submit(participant=student, position=1, choice_index=0)
        session = services.live_session_reveal(session=session)
    name, data = sse(next(chunks))
    revealed = json.loads(data)
    assert (name, revealed["v"], revealed["q"]) == ("reveal", session.version, 1)
    mine = f"c:{student.answers.get().choice_id}"
    assert set(revealed["stages"]) == {mine}
    assert revealed["stages"][mine] == client.get(state, HTTP_HX_REQUEST="true").content.decode()
    # Changes whose stages differ per phone still say only the version: the phone fetches.
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_pause(session=session)
    assert next(chunks).decode() == f"data: v:{session.version}\n\n"
    response.close()


def test_the_projector_is_sent_only_the_version_of_a_new_question(
    client, pushed, django_capture_on_commit_callbacks
):
    session = live_session()
    client.force_login(session.teacher)
    response = client.get(url("live:projector_events", session.code))
    chunks = iter(response.streaming_content)
    next(chunks)
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_advance(session=session)
    assert next(chunks).decode() == f"data: v:{session.version}\n\n"
    response.close()


def test_the_projector_and_strangers_are_sent_only_the_version_of_a_reveal():
    stages = {"en": {"none": "<p>\r\nnone</p>", "c:4": "<p>yours</p>"}}
    revealed = events.REVEALED + json.dumps({"v": 9, "q": 2, "stages": stages})
    assert events._relayed(revealed, None) == b"data: v:9\n\n"
    assert events._relayed(revealed, "lv") == b"data: v:9\n\n"
    # One data line of JSON: the HTML's line breaks (a CR too) come through as they were.
    relayed = events._relayed(revealed, "en").decode()
    assert relayed.startswith("event: reveal\ndata: {") and relayed.count("\n") == 3
    sent = json.loads(relayed.split("data: ", 1)[1])
    assert sent == {"v": 9, "q": 2, "stages": stages["en"]}


def test_every_line_of_a_stage_is_a_data_line_of_its_own():
    shown = events.SHOWN + json.dumps({"v": 7, "stages": {"en": "<p>\r\none\rtwo\n</p>"}})
    assert events._relayed(shown, "en") == (
        b"event: stage\ndata: 7\ndata: <p>\ndata: one\ndata: two\ndata: </p>\n\n"
    )
    assert events._relayed(shown, "lv") == b"data: v:7\n\n"
    assert events._relayed("v:8", "en") == b"data: v:8\n\n"


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
