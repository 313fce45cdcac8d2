"""Running a live session: drawing, moving the room on, joining, answering, the record."""

import pytest
from django.db import IntegrityError, transaction

from live import selectors, services
from live.models import LiveAnswer, LiveParticipant, LiveQuestion, LiveSession
from quizzes.models import Answer, Attempt, PracticeCard, Question, QuizSetQuestion
from quizzes.selectors import learner_records
from tests.live.factories import live_session, right_index
from tests.quizzes.factories import QuestionFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db
State = LiveSession.State


def add_questions(quiz_set, kinds) -> None:
    start = quiz_set.entries.count()
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=QuestionFactory(kind=kind), position=n)
        for n, kind in enumerate(kinds, start=start)
    )


# Kinds a room can't answer together: a map, a timeline, a typed year.
NOT_LIVE = [Question.Kind.MAP, Question.Kind.TIMELINE, Question.Kind.YEAR]


def test_a_session_asks_the_quiz_sets_questions_in_its_drawn_order():
    quiz_set = picked_quiz_set(questions=3, chronology=1)
    add_questions(quiz_set, NOT_LIVE)
    session = services.live_session_start(teacher=UserFactory(is_staff=True), quiz_set=quiz_set)

    asked = [i.question_id for i in session.items.order_by("position")]
    picked = [e.question_id for e in quiz_set.entries.order_by("position")]
    # Ordering questions are asked; maps, timelines and typed years are left out; the set's
    # order stays (no shuffling here).
    assert asked == [q for q in picked if quiz_set.questions.get(pk=q).kind not in NOT_LIVE]
    assert len(asked) == 4
    assert session.state == State.LOBBY and len(session.code) == 6
    for item in session.items.all():
        assert sorted(item.choice_order) == sorted(
            item.question.choices.values_list("pk", flat=True)
        )


def test_a_quiz_set_with_nothing_to_ask_is_refused():
    quiz_set = picked_quiz_set(questions=0)
    add_questions(quiz_set, NOT_LIVE)

    with pytest.raises(services.LiveError):
        services.live_session_start(teacher=UserFactory(is_staff=True), quiz_set=quiz_set)
    assert not LiveSession.objects.exists()


def test_the_room_moves_lobby_question_reveal_next_then_ends_after_the_last():
    session = live_session(questions=2)
    versions = [session.version]

    for move in (
        services.live_session_advance,
        services.live_session_reveal,
        services.live_session_advance,
        services.live_session_reveal,
        services.live_session_advance,
    ):
        session = move(session=session)
        versions.append(session.version)

    assert session.state == State.ENDED and session.ended_at is not None
    assert versions == sorted(set(versions)), "every move raises the version the phones poll"
    assert set(session.items.values_list("status", flat=True)) == {LiveQuestion.Status.REVEALED}


def test_moves_the_state_does_not_allow_are_refused_and_change_nothing():
    session = live_session()
    with pytest.raises(services.LiveClosed):
        services.live_session_reveal(session=session)
    session = services.live_session_advance(session=session)
    with pytest.raises(services.LiveClosed):
        services.live_session_advance(session=session)
    session.refresh_from_db()
    assert (session.state, session.position) == (State.QUESTION, 1)


def test_pause_keeps_the_question_and_resume_returns_to_it():
    session = services.live_session_advance(session=live_session())
    session = services.live_session_pause(session=session)
    assert session.state == State.PAUSED
    session = services.live_session_resume(session=session)
    assert (session.state, session.position) == (State.QUESTION, 1)


def test_skip_moves_on_without_revealing():
    session = services.live_session_advance(session=live_session(questions=2))
    session = services.live_session_skip(session=session)

    assert (session.state, session.position) == (State.QUESTION, 2)
    assert session.items.get(position=1).status == LiveQuestion.Status.SKIPPED


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("A", "too short"), ("x" * 25, "too long"), ("  \u200b ", "invisible only")],
)
def test_display_names_are_checked(raw, problem):
    session = live_session()
    with pytest.raises(services.LiveError):
        services.participant_join(session=session, display_name=raw)
    assert not session.participants.exists(), problem


def test_a_name_is_used_once_per_session_whatever_its_case_and_spacing():
    session = live_session()
    services.participant_join(session=session, display_name="Anna  Ozola")

    with pytest.raises(services.LiveError):
        services.participant_join(session=session, display_name="anna ozola")
    # Another session may use it.
    services.participant_join(session=live_session(), display_name="Anna Ozola")
    assert session.participants.count() == 1


def test_the_database_keeps_names_unique_even_past_the_service():
    session = live_session()
    services.participant_join(session=session, display_name="Jānis")
    with pytest.raises(services.LiveError):
        services.participant_join(session=session, display_name="JĀNIS")
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveParticipant.objects.create(session=session, display_name="JĀNIS", name_key="jānis")


def test_a_signed_in_student_rejoining_gets_their_place_back():
    session = live_session()
    user = UserFactory()
    first = services.participant_join(session=session, display_name="Marta", user=user)
    again = services.participant_join(session=session, display_name="Other", user=user)

    assert again.pk == first.pk and session.participants.count() == 1


def test_a_teacher_removes_a_name_and_its_answers():
    session = services.live_session_advance(session=live_session())
    rude = services.participant_join(session=session, display_name="Rude name")
    services.answer_submit(participant=rude, position=1, choice_index=0)

    services.participant_remove(session=session, participant_id=rude.pk)

    assert not session.participants.exists() and not LiveAnswer.objects.exists()


def test_one_answer_per_student_per_question_changeable_until_the_reveal():
    session = services.live_session_advance(session=live_session())
    student = services.participant_join(session=session, display_name="Ieva")
    right = right_index(session, 1)
    wrong = (right + 1) % 3

    services.answer_submit(participant=student, position=1, choice_index=wrong)
    services.answer_submit(participant=student, position=1, choice_index=right)
    services.live_session_reveal(session=session)
    with pytest.raises(services.LiveClosed):
        services.answer_submit(participant=student, position=1, choice_index=wrong)

    answer = LiveAnswer.objects.get()
    assert answer.is_correct


def test_without_changes_allowed_the_first_answer_stands():
    session = services.live_session_advance(session=live_session(allow_change=False))
    student = services.participant_join(session=session, display_name="Ieva")
    right = right_index(session, 1)

    services.answer_submit(participant=student, position=1, choice_index=(right + 1) % 3)
    kept = services.answer_submit(participant=student, position=1, choice_index=right)

    assert not kept.is_correct and LiveAnswer.objects.count() == 1


def test_answers_to_a_question_not_on_screen_or_while_paused_are_refused():
    session = services.live_session_advance(session=live_session(questions=2))
    student = services.participant_join(session=session, display_name="Ieva")

    with pytest.raises(services.LiveClosed):
        services.answer_submit(participant=student, position=2, choice_index=0)
    services.live_session_pause(session=session)
    with pytest.raises(services.LiveClosed):
        services.answer_submit(participant=student, position=1, choice_index=0)
    with pytest.raises(services.LiveError):
        services.answer_submit(participant=student, position=1, choice_index=7)
    assert not LiveAnswer.objects.exists()


def test_the_database_refuses_a_second_answer_row():
    session = services.live_session_advance(session=live_session())
    student = services.participant_join(session=session, display_name="Ieva")
    first = services.answer_submit(participant=student, position=1, choice_index=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveAnswer.objects.create(
            participant=student, item=first.item, choice=first.choice, is_correct=False
        )


def test_tallies_and_bars_count_what_was_answered():
    session = services.live_session_advance(session=live_session())
    right = right_index(session, 1)
    picks = [right, right, (right + 1) % 3]
    for n, pick in enumerate(picks):
        student = services.participant_join(session=session, display_name=f"Student {n}")
        services.answer_submit(participant=student, position=1, choice_index=pick)
    services.participant_join(session=session, display_name="Late one")

    assert selectors.tally(session).joined == 4
    assert selectors.tally(session).answered == 3
    item = session.items.get(position=1)
    bars = selectors.answer_bars(item, selectors.shown_choices(item))
    assert [b.count for b in bars] == [picks.count(i) for i in range(3)]
    assert sum(b.count for b in bars if b.choice.is_correct) == 2


def test_ending_keeps_signed_in_answers_as_an_attempt_and_in_the_boxes():
    session = live_session(questions=3)
    user = UserFactory()
    student = services.participant_join(session=session, display_name="Signed", user=user)
    guest = services.participant_join(session=session, display_name="Guest")
    session = services.live_session_advance(session=session)
    services.answer_submit(participant=student, position=1, choice_index=right_index(session, 1))
    services.answer_submit(participant=guest, position=1, choice_index=right_index(session, 1))
    session = services.live_session_reveal(session=session)
    session = services.live_session_advance(session=session)
    wrong = (right_index(session, 2) + 1) % 3
    services.answer_submit(participant=student, position=2, choice_index=wrong)
    session = services.live_session_reveal(session=session)
    session = services.live_session_advance(session=session)
    # The third question is asked but never revealed: it doesn't count.
    services.live_session_end(session=session)
    services.live_session_end(session=session)

    attempt = Attempt.objects.get()
    assert attempt.learner.user == user and attempt.is_finished
    assert (attempt.question_total, attempt.score) == (2, 1)
    assert Answer.objects.filter(attempt=attempt).count() == 2
    boxes = dict(PracticeCard.objects.values_list("question_id", "box"))
    first, second = (session.items.get(position=n).question_id for n in (1, 2))
    assert boxes == {first: 2, second: 1}
    assert [r.quiz_set for r in learner_records(attempt.learner_id)] == [session.quiz_set]
    # The guest's answer stays in the session's results only.
    assert selectors.session_results(session)[0].answered == 2
