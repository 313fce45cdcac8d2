"""The stage shared by every phone after "Next": the same HTML a phone that has not answered
would fetch, drawn once per language and carried to the phones in the event."""

import json

import pytest
import redis
from django.urls import reverse
from django.utils import translation

from live import events, services, stages
from live.models import LiveParticipant
from tests.live.conftest import heard
from tests.live.factories import live_session

pytestmark = pytest.mark.django_db


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def joined(client, session, name: str, language: str) -> LiveParticipant:
    response = client.post(
        url("live:join", language), {"code": session.code, "display_name": name}
    )
    assert response.status_code == 302
    return LiveParticipant.objects.get(session=session, display_name=name)


def fetched_stage(client, session, language: str) -> str:
    response = client.get(url("live:play_state", language, session.code), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("chronology", [0, 1], ids=["choices", "ordering"])
def test_the_stage_in_the_event_is_the_one_every_phone_of_a_language_would_fetch(
    client, pushed, chronology, django_capture_on_commit_callbacks
):
    session = live_session(questions=1, chronology=chronology)
    pubsub = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(events.channel(session.code, events.ROOM))
    heard(pubsub)
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_advance(session=session)

    [message] = heard(pubsub)
    assert message.startswith(events.SHOWN)
    shown = json.loads(message[len(events.SHOWN) :])
    assert shown["v"] == session.version
    assert set(shown["stages"]) == {"en", "lv"}
    for n, language in enumerate(["en", "lv", "en"]):
        # Two phones of one language (other names, other cookies) fetch the same stage.
        client.cookies.clear()
        joined(client, session, f"Student {n}", language)
        assert fetched_stage(client, session, language) == shown["stages"][language]
    assert "csrfmiddlewaretoken" not in shown["stages"]["en"]
    assert 'name="position" value="1"' in shown["stages"]["lv"]
    assert "Atbildēt" in shown["stages"]["lv"] and "Answer" in shown["stages"]["en"]
    pubsub.close()


def test_the_page_without_javascript_keeps_its_csrf_input_and_the_name_outside_the_stage(client):
    session = services.live_session_advance(session=live_session())
    joined(client, session, "Ieva", "en")

    page = client.get(url("live:play", "en", session.code)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.index("Ieva · session") < page.index('id="live-stage"')
    assert "Ieva" not in fetched_stage(client, session, "en")


def test_only_an_open_question_has_a_shared_stage():
    session = live_session()
    assert stages.shared_stages(session) == {}  # the lobby
    session = services.live_session_advance(session=session)
    assert set(stages.shared_stages(session)) == {"en", "lv"}
    for move in (services.live_session_pause, services.live_session_resume):
        session = move(session=session)
    session = services.live_session_reveal(session=session)
    # The verdict differs per phone: each fetches its own.
    assert stages.shared_stages(session) == {}
    paused = services.live_session_pause(session=session)
    assert stages.shared_stages(paused) == {}


def test_a_stage_that_cannot_be_drawn_leaves_the_version_only(
    pushed, monkeypatch, django_capture_on_commit_callbacks
):
    session = live_session()
    pubsub = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(events.channel(session.code, events.ROOM))
    heard(pubsub)

    def broken(session):
        raise RuntimeError("a template error")

    monkeypatch.setattr(stages, "shared_stages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        session = services.live_session_advance(session=session)
    # "Next" still moved the room on, and the phones are told to fetch.
    assert session.position == 1
    assert heard(pubsub) == [f"v:{session.version}"]
    pubsub.close()
