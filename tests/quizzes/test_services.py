import pytest
from django.core.management import call_command

from history.models import Event
from quizzes.models import Question, QuizSet
from quizzes.services import SyncReport, question_bank_sync, quiz_set_duplicate
from tests.conftest import HISTORY_FIXTURES
from tests.quizzes.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("question_bank")


def test_a_second_sync_changes_nothing():
    total = Question.objects.count()

    report = question_bank_sync()

    assert report == SyncReport(unchanged=total)


def test_the_command_prints_what_it_did(capsys):
    call_command("generate_questions")

    out = capsys.readouterr().out
    assert "created 0, updated 0" in out
    assert f"unchanged {Question.objects.count()}, retired 0" in out


def test_questions_whose_event_is_gone_are_retired_not_deleted():
    event = Event.objects.get(slug="revue-baltique")
    place_question = Question.objects.get(key="place:revue-baltique")
    event.delete()

    report = question_bank_sync()

    place_question.refresh_from_db()
    assert place_question.retired_at is not None
    assert report.retired >= 2
    assert not Question.objects.in_use().filter(key="place:revue-baltique").exists()

    call_command("loaddata", *HISTORY_FIXTURES, verbosity=0)
    question_bank_sync()
    place_question.refresh_from_db()
    assert place_question.retired_at is None


def test_a_corrected_fact_updates_its_questions_and_keeps_their_choice_rows():
    question = Question.objects.get(key="place:baltic-entente-treaty")
    choice_ids = sorted(question.choices.values_list("pk", flat=True))
    Event.objects.filter(slug="baltic-entente-treaty").update(name_en="the Baltic Entente treaty")

    report = question_bank_sync()

    question.refresh_from_db()
    assert question.prompt_en == "Where was the Baltic Entente treaty signed?"
    assert sorted(question.choices.values_list("pk", flat=True)) == choice_ids
    assert report.updated >= 1 and report.created == 0


def test_sync_leaves_teachers_own_questions_alone():
    own = QuestionFactory(prompt_en="Which river flows through Riga?")

    question_bank_sync()

    own.refresh_from_db()
    assert own.prompt_en == "Which river flows through Riga?"
    assert own.retired_at is None and own.is_active


def test_duplicating_a_quiz_set_copies_its_questions_unpublished():
    original = QuizSet.objects.get(slug="the-1934-treaty")
    teacher = UserFactory()

    copy = quiz_set_duplicate(quiz_set=original, user=teacher)
    again = quiz_set_duplicate(quiz_set=original, user=teacher)

    assert (copy.slug, again.slug) == ("the-1934-treaty-copy", "the-1934-treaty-copy-2")
    assert not copy.is_published
    assert copy.created_by == teacher
    assert list(copy.entries.values_list("question__key", "position")) == list(
        original.entries.values_list("question__key", "position")
    )
