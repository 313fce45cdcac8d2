"""Data a migration adds is there for the rows that existed before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The counters came with 0004; the last migration before they are filled in:
BEFORE = [("quizzes", "0005_question_created_by")]
AFTER = [("quizzes", "0006_fill_attempt_counters")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def migrator(transactional_db):
    yield migrate
    # Leave the schema as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_answer_counters_are_filled_from_the_answers_given_before_they_existed(migrator):
    apps = migrator(BEFORE)
    Learner, Question, Attempt, Answer = (
        apps.get_model("quizzes", name) for name in ("Learner", "Question", "Attempt", "Answer")
    )
    learner = Learner.objects.create()
    questions = [
        Question.objects.create(key=f"q{n}", kind="place", prompt_en=f"Q{n}?") for n in range(3)
    ]
    answered = Attempt.objects.create(learner=learner, kind="practice", question_total=3)
    untouched = Attempt.objects.create(learner=learner, kind="practice", question_total=3)
    given = [True, False, True]
    for question, correct in zip(questions, given, strict=True):
        Answer.objects.create(
            attempt=answered, question=question, is_correct=correct, answered_at=timezone.now()
        )
    # What 0004 left: every counter at its default.
    assert set(Attempt.objects.values_list("answered_count", "correct_count")) == {(0, 0)}

    apps = migrator(AFTER)

    Attempt = apps.get_model("quizzes", "Attempt")
    counts = dict(Attempt.objects.values_list("pk", "answered_count"))
    right = dict(Attempt.objects.values_list("pk", "correct_count"))
    assert (counts[answered.pk], right[answered.pk]) == (len(given), sum(given))
    assert (counts[untouched.pk], right[untouched.pk]) == (0, 0)
