"""Live lesson pages: who may reach what, joining, answering without JavaScript, polling."""

import pytest
from django.urls import reverse
from django.utils import translation

from live import services
from live.models import LiveAnswer, LiveParticipant, LiveSession
from tests.live.factories import live_session, right_index
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", *args) -> str:
    with translation.override(language):
        return reverse(name, args=args or None)


def joined(client, session, name="Ieva"):
    response = client.post(url("live:join"), {"code": session.code.lower(), "display_name": name})
    assert response.status_code == 302
    return LiveParticipant.objects.get(session=session, display_name=name)


def test_a_student_joins_with_the_code_and_the_phone_is_remembered(client):
    session = live_session()
    joined(client, session)

    page = client.get(url("live:play", "en", session.code))
    assert page.status_code == 200
    assert "Waiting for the teacher" in page.content.decode()


def test_join_errors_are_form_errors_not_crashes(client):
    session = live_session()
    joined(client, session, "Taken")

    for data, message in [
        ({"code": "ZZZZZZ", "display_name": "Anna"}, "No live session has this code"),
        ({"code": session.code, "display_name": "taken"}, "already uses the name"),
        ({"code": session.code, "display_name": "A"}, "2 to 24 characters"),
        ({"code": "", "display_name": ""}, "This field is required"),
    ]:
        response = client.post(url("live:join"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert session.participants.count() == 1


def test_a_phone_that_never_joined_is_sent_to_join(client):
    session = live_session()
    response = client.get(url("live:play", "en", session.code))
    assert response.status_code == 302 and session.code in response["Location"]


def test_the_poll_answers_nothing_while_the_version_is_the_one_shown(client):
    session = live_session()
    joined(client, session)
    session.refresh_from_db()
    state = url("live:play_state", "en", session.code)

    assert client.get(state, {"v": session.version}).status_code == 204
    session = services.live_session_advance(session=session)
    moved = client.get(state, {"v": session.version - 1}, headers={"HX-Request": "true"})
    assert moved.status_code == 200
    assert session.items.get(position=1).question.prompt in moved.content.decode()


def test_answering_without_javascript_then_seeing_the_verdict_in_latvian(client):
    session = services.live_session_advance(session=live_session())
    student = joined(client, session)
    right = right_index(session, 1)

    response = client.post(
        url("live:answer", "lv", session.code), {"position": 1, "choice": right}
    )
    assert response.status_code == 302
    services.live_session_reveal(session=session)
    late = client.post(url("live:answer", "lv", session.code), {"position": 1, "choice": 0})
    page = client.get(url("live:play", "lv", session.code)).content.decode()

    assert late.status_code == 409
    assert LiveAnswer.objects.get(participant=student).is_correct
    assert "Pareizi!" in page


def test_garbage_answers_get_a_clear_refusal(client):
    session = services.live_session_advance(session=live_session())
    joined(client, session)
    for data in [{"position": "x", "choice": "y"}, {"position": 1, "choice": 9}, {}]:
        response = client.post(url("live:answer", "en", session.code), data)
        assert response.status_code in (400, 409)
    assert not LiveAnswer.objects.exists()


def test_only_the_owning_teacher_reaches_the_projector(client):
    session = live_session()
    page = url("live:projector", "en", session.code)

    assert client.get(page).status_code == 302  # to the admin's log-in
    client.force_login(UserFactory())
    assert client.get(page).status_code == 302
    client.force_login(TeacherFactory())
    assert client.get(page).status_code == 404
    assert client.post(url("live:control", "en", session.code, "next")).status_code == 404
    client.force_login(session.teacher)
    response = client.get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert session.code in body and "<svg" in body


def test_the_teacher_runs_the_room_with_plain_forms(client):
    session = live_session(questions=1)
    client.force_login(session.teacher)

    for action in ("next", "reveal", "next"):
        response = client.post(url("live:control", "en", session.code, action))
        assert response.status_code == 302
    session.refresh_from_db()
    assert session.state == "ended"
    results = client.get(url("live:projector", "en", session.code)).content.decode()
    assert "Results" in results
    wrong_move = client.post(url("live:control", "en", session.code, "reveal"))
    assert wrong_move.status_code == 409
    assert client.post(url("live:control", "en", session.code, "nonsense")).status_code == 404


def test_the_projector_poll_is_empty_until_someone_joins(client):
    session = live_session()
    client.force_login(session.teacher)
    state = url("live:projector_state", "en", session.code)
    first = client.get(state, headers={"HX-Request": "true"})
    etag = first.content.decode().split("etag=")[1].split('"')[0]

    assert client.get(state, {"etag": etag}).status_code == 204
    services.participant_join(session=session, display_name="Newcomer")
    assert client.get(state, {"etag": etag}).status_code == 200


def test_a_removed_student_is_asked_to_join_again(client):
    session = live_session()
    student = joined(client, session, "Rude")
    teacher = client.__class__()
    teacher.force_login(session.teacher)

    teacher.post(url("live:remove", "en", session.code, student.pk))

    response = client.get(url("live:play", "en", session.code))
    assert response.status_code == 302 and not session.participants.exists()


def test_the_start_page_opens_a_session_for_the_teacher(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    quiz_set = picked_quiz_set(questions=2)
    assert client.get(url("live:start"), {"quiz_set": quiz_set.pk}).status_code == 200
    response = client.post(url("live:start"), {"quiz_set": quiz_set.pk, "allow_change": "on"})

    session = LiveSession.objects.get()
    assert response.status_code == 302 and session.code in response["Location"]
    assert session.teacher == teacher and session.items.count() == 2


def test_polls_within_the_interval_share_one_read_of_the_version(
    client, settings, django_assert_num_queries
):
    settings.LIVE_POLL_CACHE_SECONDS = 60
    session = live_session()
    state = url("live:play_state", "en", session.code)

    with django_assert_num_queries(1):
        assert client.get(state, {"v": session.version}).status_code == 204
    with django_assert_num_queries(0):
        assert client.get(state, {"v": session.version}).status_code == 204


def test_an_ordering_question_is_answered_with_a_place_for_each_event(client):
    session = services.live_session_advance(session=live_session(questions=0, chronology=1))
    student = joined(client, session)
    item = session.items.get(position=1)
    shown = [item.question.choices.get(pk=pk) for pk in item.choice_order]
    page = client.get(url("live:play", "en", session.code)).content.decode()
    assert "data-order" in page and 'name="rank-2"' in page

    twice = client.post(
        url("live:answer", "en", session.code),
        {"position": 1, "rank-0": 1, "rank-1": 1, "rank-2": 2},
    )
    assert twice.status_code == 400
    assert f"“{shown[0].text}” and “{shown[1].text}” both have place 1" in twice.content.decode()
    assert not LiveAnswer.objects.exists()

    places = {f"rank-{i}": c.rank for i, c in enumerate(shown)}
    response = client.post(url("live:answer", "en", session.code), {"position": 1, **places})
    assert response.status_code == 302
    answer = LiveAnswer.objects.get(participant=student)
    assert answer.is_correct and answer.choice is None
    assert answer.order == [c.pk for c in sorted(shown, key=lambda c: c.rank)]

    services.live_session_reveal(session=session)
    page = client.get(url("live:play", "en", session.code)).content.decode()
    assert "The right order:" in page and "Right!" in page
