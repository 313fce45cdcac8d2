"""The stage shared by every phone after "Next": the same HTML a phone that has not answered
would fetch, drawn once per language and carried to the phones in the event. And the reveal's
stages, one per language and answer given, each the HTML every phone that gave it would fetch."""

import itertools
import json
import re

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from live import events, selectors, services, stages
from live.models import LiveAnswer, LiveParticipant
from tests.live.conftest import heard
from tests.live.factories import live_session, right_index

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


def reveal_heard(pushed: str, session, capture):
    """Reveal the room's question; return the session and the reveal message its room heard."""
    pubsub = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(events.channel(session.code, events.ROOM))
    heard(pubsub)
    with capture(execute=True):
        session = services.live_session_reveal(session=session)
    revealed = revealed_message(pubsub)
    pubsub.close()
    return session, revealed


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


@pytest.mark.parametrize(
    ("drawing", "action", "state"),
    [
        ("shared_stages", services.live_session_advance, "question"),
        ("revealed_stages", services.live_session_reveal, "revealed"),
    ],
    ids=["next", "reveal"],
)
def test_a_stage_that_cannot_be_drawn_leaves_the_version_only(
    pushed, monkeypatch, django_capture_on_commit_callbacks, drawing, action, state
):
    session = live_session()
    if state == "revealed":
        session = services.live_session_advance(session=session)
    pubsub = redis.Redis.from_url(pushed).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(events.channel(session.code, events.ROOM))
    heard(pubsub)

    def broken(session):
        raise RuntimeError("a template error")

    monkeypatch.setattr(stages, drawing, broken)
    with django_capture_on_commit_callbacks(execute=True):
        session = action(session=session)
    # The room still moved on, and the phones are told to fetch.
    assert session.state == state
    assert heard(pubsub) == [f"v:{session.version}"]
    pubsub.close()


def own_key(html: str) -> tuple[str, str]:
    """What a stage says of itself, as live.js reads it: its question, and the phone's answer."""
    found = re.search(r'data-question="(\d+)" data-answer="([^"]*)"', html)
    return found[1], found[2]


def revealed_message(pubsub) -> dict:
    [message] = heard(pubsub)
    assert message.startswith(events.REVEALED)
    return json.loads(message[len(events.REVEALED) :])


# Right, wrong and not answered, in both languages; two phones (one per language) for the
# right answer. For the ordering question, the choices' indexes earliest first.
PHONES = [
    ("Anna", "en", "right"),
    ("Bērziņš", "lv", "right"),
    ("Cēsis", "lv", "wrong"),
    ("Dace", "en", "wrong"),
    ("Edgars", "en", None),
    ("Frīda", "lv", None),
]


def right_order(session) -> list[int]:
    """The shown events' indexes, earliest first."""
    shown = selectors.shown_choices(session.items.get(position=1))
    return sorted(range(len(shown)), key=lambda i: shown[i].rank)


@pytest.mark.parametrize("chronology", [0, 1], ids=["choices", "ordering"])
def test_each_phone_finds_the_revealed_stage_it_would_fetch_in_the_event(
    pushed, chronology, django_capture_on_commit_callbacks
):
    session = live_session(questions=1 - chronology, chronology=chronology)
    session = services.live_session_advance(session=session)
    right = right_index(session, 1) if not chronology else None
    phones = {}
    for name, language, given in PHONES:
        phone = Client()
        joined(phone, session, name, language)
        if given and chronology:
            order = right_order(session)
            order = order if given == "right" else order[::-1]
            student = LiveParticipant.objects.get(session=session, display_name=name)
            services.answer_submit(participant=student, position=1, order=order)
            stage = fetched_stage(phone, session, language)
        elif given:
            # The stage the answer gets back (HTMX swaps it in) says which answer it was.
            choice = right if given == "right" else (right + 1) % 3
            response = phone.post(
                url("live:answer", language, session.code),
                {"position": 1, "choice": choice},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200
            stage = response.content.decode()
        else:
            stage = fetched_stage(phone, session, language)
        # Before the reveal nothing says which answer is right, the key included.
        assert "is-right" not in stage and "live-verdict" not in stage
        phones[name] = (phone, language, given, own_key(stage))
    session, revealed = reveal_heard(pushed, session, django_capture_on_commit_callbacks)
    assert (revealed["v"], revealed["q"]) == (session.version, 1)
    assert set(revealed["stages"]) == {"en", "lv"}
    for phone, language, given, (question, key) in phones.values():
        assert question == "1"
        pushed_stage = revealed["stages"][language].get(key)
        if given is None:
            # It may have answered elsewhere (another tab, another device): it fetches.
            assert key == "none" and pushed_stage is None
            assert "You did not answer" in fetched_stage(phone, session, "en")
            continue
        if chronology and given == "wrong":
            # A wrong order has no stage of its own: the phone puts it together.
            assert pushed_stage is None
            pushed_stage = put_together(revealed["orders"][language], key)
        # Byte for byte the stage this phone fetches, now that the answer is shown.
        assert pushed_stage == fetched_stage(phone, session, language)
        assert own_key(pushed_stage) == (question, key)
        verdict = re.search(r'class="live-verdict[^"]*"', pushed_stage)[0]
        assert {"right": "is-right", "wrong": "is-wrong"}[given] in verdict
    # One stage per answer given (an ordering question: the right order), none for no answer:
    # the same keys in both languages.
    keys = {
        key
        for _p, _l, given, (_q, key) in phones.values()
        if given == "right" or (given == "wrong" and not chronology)
    }
    assert len(keys) == 2 - chronology
    assert set(revealed["stages"]["en"]) == set(revealed["stages"]["lv"]) == keys
    assert ("orders" in revealed) == bool(chronology)
    assert "Pareizi!" in revealed["stages"]["lv"][phones["Bērziņš"][3][1]]
    assert "Right!" in revealed["stages"]["en"][phones["Anna"][3][1]]


def test_the_rarest_answers_are_left_out_and_their_phones_fetch(monkeypatch):
    session = services.live_session_advance(session=live_session(questions=1))
    right = right_index(session, 1)
    often, seldom = (right + 1) % 3, (right + 2) % 3
    for n, choice in enumerate([often, often, often, right, seldom, seldom]):
        student = services.participant_join(session=session, display_name=f"Student {n}")
        services.answer_submit(participant=student, position=1, choice_index=choice)
    session = services.live_session_reveal(session=session)
    item = session.items.get(position=1)
    shown = [c.pk for c in selectors.shown_choices(item)]

    # No stage for an answer nobody gave; the right one first, then the most common.
    keys = list(stages.revealed_stages(session)["en"])
    assert keys == [f"c:{shown[i]}" for i in (right, often, seldom)]
    monkeypatch.setattr(stages, "REVEAL_ANSWERS", 1)
    assert list(stages.revealed_stages(session)["lv"]) == [f"c:{shown[right]}"]
    # A language's stages stay under a size: those beyond it are not sent.
    monkeypatch.setattr(stages, "REVEAL_ANSWERS", 3)
    one = len(stages.revealed_stages(session)["en"][f"c:{shown[right]}"].encode())
    monkeypatch.setattr(stages, "REVEAL_BYTES", one + 10)
    assert list(stages.revealed_stages(session)["en"]) == [f"c:{shown[right]}"]


def test_an_answer_judged_two_ways_has_no_stage_of_its_own():
    session = services.live_session_advance(session=live_session(questions=1))
    for n in range(3):
        student = services.participant_join(session=session, display_name=f"Student {n}")
        services.answer_submit(participant=student, position=1, choice_index=n)
    session = services.live_session_reveal(session=session)
    item = session.items.get(position=1)
    # The question was edited during the lesson: one phone's answer was judged otherwise.
    first = LiveAnswer.objects.filter(item=item).first()
    twin = services.participant_join(session=session, display_name="Twin")
    LiveAnswer.objects.create(
        participant=twin, item=item, choice_id=first.choice_id, is_correct=not first.is_correct
    )

    given = {selectors.answer_key(a) for a in selectors.given_answers(item, limit=12)}
    assert len(given) == 2 and f"c:{first.choice_id}" not in given


def test_only_a_revealed_question_has_stages_per_answer():
    session = live_session()
    assert stages.revealed_stages(session) == {}  # the lobby
    session = services.live_session_advance(session=session)
    assert stages.revealed_stages(session) == {}  # nothing of the answer before the reveal
    student = services.participant_join(session=session, display_name="Anna")
    services.answer_submit(participant=student, position=1, choice_index=0)
    session = services.live_session_reveal(session=session)
    assert set(stages.revealed_stages(session)) == {"en", "lv"}
    # A pause over the reveal differs on every phone: they fetch.
    assert stages.revealed_stages(services.live_session_pause(session=session)) == {}


def put_together(order: dict, key: str) -> str | None:
    """What static/live/live.js's wrongOrder() does with the event's parts (the same steps)."""
    if not key.startswith("o:") or key == order["right"]:
        return None
    ids = key[2:].split("-")
    if len(ids) != len(order["items"]) or len(set(ids)) != len(ids):
        return None
    if not all(i in order["items"] for i in ids):
        return None
    head, middle, end = order["parts"]
    return head + key + middle + "".join(order["items"][i] for i in ids) + end


@pytest.mark.parametrize("language", ["en", "lv"])
def test_a_wrong_order_nobody_else_gave_is_put_together_as_it_would_be_fetched(
    pushed, language, django_capture_on_commit_callbacks
):
    session = services.live_session_advance(session=live_session(questions=0, chronology=1))
    right = right_order(session)
    phones = []
    for n, order in enumerate(itertools.permutations(range(3))):
        phone = Client()
        student = joined(phone, session, f"Student {n}", language)
        services.answer_submit(participant=student, position=1, order=list(order))
        phones.append(
            (phone, list(order) == right, own_key(fetched_stage(phone, session, language)))
        )
    session, revealed = reveal_heard(pushed, session, django_capture_on_commit_callbacks)
    order = revealed["orders"][language]
    # Only the right order has a stage of its own; the wrong ones are put together.
    assert list(revealed["stages"][language]) == [order["right"]]
    for phone, is_right, (_question, key) in phones:
        fetched = fetched_stage(phone, session, language)
        if is_right:
            # The right order is never put together (it is not the wrong order's stage).
            assert key == order["right"] and put_together(order, key) is None
            assert revealed["stages"][language][key] == fetched
        else:
            assert put_together(order, key) == fetched
            assert "live-verdict is-wrong" in fetched
    assert put_together(order, "o:1-2") is None and put_together(order, "c:3") is None


def test_only_an_ordering_question_with_one_right_order_is_put_together():
    session = services.live_session_advance(session=live_session(questions=1, chronology=1))
    session = services.live_session_reveal(session=session)
    assert stages.revealed_orders(session) == {}  # a question with choices
    session = services.live_session_advance(session=session)
    assert stages.revealed_orders(session) == {}  # not revealed yet
    item = session.items.get(position=2)
    revealed = services.live_session_reveal(session=session)
    assert set(stages.revealed_orders(revealed)) == {"en", "lv"}
    # Two events in the same year: more than one order is right.
    item.question.choices.update(rank=1)
    cache.clear()
    assert stages.revealed_orders(revealed) == {}
