"""The answer's read of a drawn question and the next one, written in SQL for speed, finds just
what the ORM's reads find, and only in the learner's own attempts."""

import pytest

from quizzes import selectors, services
from quizzes.models import Question
from tests.quizzes.factories import UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def values(instance) -> dict:
    """Every field the instance has loaded, as Python values."""
    loaded = instance.get_deferred_fields()
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in loaded
    }


def started(learner=None, **fields):
    learner = learner or services.learner_create_anonymous()
    quiz_set = picked_quiz_set(questions=2, chronology=1, **fields)
    return services.attempt_start(learner=learner, quiz_set=quiz_set)


def read(attempt, position: int, **whose):
    if not whose:
        whose = {"token": attempt.learner.anonymous_token}
    return selectors.learner_attempt_item(
        public_id=attempt.public_id, position=position, with_answer=False, with_next=True, **whose
    )


@pytest.mark.parametrize("position", [1, 2])
def test_it_reads_the_same_rows_and_values_as_the_orm(position):
    attempt = started(time_limit_minutes=10)
    item = read(attempt, position)

    for found in (item, item.waiting):
        expected = selectors.attempt_item(attempt=attempt, position=found.position)
        assert values(found) == values(expected)
        assert values(found.attempt) == values(expected.attempt)
        loaded = values(found.question)
        assert loaded == {k: v for k, v in values(expected.question).items() if k in loaded}
        assert {"prompt_en", "prompt_lv", "kind", "updated_at"} <= loaded.keys()
        assert [c.pk for c in found.choices] == [c.pk for c in expected.choices]
    assert item.waiting.position == position + 1
    assert item.attempt.deadline is not None and item.attempt.public_id == attempt.public_id
    assert isinstance(item.choice_order, list) and isinstance(item.question, Question)


def test_the_last_question_has_none_waiting_nor_does_one_answered_out_of_turn():
    attempt = started()
    second = selectors.attempt_item(attempt=attempt, position=2)
    services.answer_submit(attempt=attempt, item=second, choice_index=0)

    assert read(attempt, 1).waiting is None
    assert read(attempt, 3).waiting is None
    assert read(attempt, 2).waiting.position == 3


def test_only_the_learners_own_attempt_is_read():
    user = UserFactory()
    mine = started(services.learner_for_user(user=user))
    anonymous = started()
    learner_id = mine.learner_id

    assert read(mine, 1, learner_id=learner_id).attempt.pk == mine.pk
    assert read(anonymous, 1, learner_id=learner_id) is None
    assert read(anonymous, 1).attempt.pk == anonymous.pk
    # An account's learner is never found by a token, nor someone else's by theirs.
    assert read(mine, 1, token=anonymous.learner.anonymous_token) is None
    assert read(anonymous, 9) is None
