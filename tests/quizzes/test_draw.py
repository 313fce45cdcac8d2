"""One draw for attempts and the teachers' preview."""

import pytest

from quizzes import selectors, services
from quizzes.models import QuizSet
from tests.quizzes.factories import LearnerFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def attempt_draw(attempt) -> list[tuple[int, list[int]]]:
    return [(item.question_id, item.choice_order) for item in attempt.items.order_by("position")]


def preview_draw(questions) -> list[tuple[int, list[int]]]:
    return [(q.pk, [c.pk for c in q.shown_choices]) for q in questions]


@pytest.mark.usefixtures("question_bank")
@pytest.mark.parametrize("slug", ["everything", "the-1934-treaty"])
@pytest.mark.parametrize("seed", [0, 3])
def test_the_preview_shows_what_an_attempt_with_its_seed_draws(slug, seed):
    quiz_set = QuizSet.objects.get(slug=slug)

    preview = selectors.quiz_set_preview(quiz_set, seed=seed)
    attempt = services.attempt_start(
        learner=LearnerFactory(),
        quiz_set=quiz_set,
        seed=selectors.preview_seed(quiz_set, seed),
    )

    assert preview_draw(preview) == attempt_draw(attempt)
    assert len(preview) == (quiz_set.question_count or quiz_set.entries.count())


@pytest.mark.parametrize("seed", range(6))
def test_the_preview_never_shows_a_chronology_already_in_order(seed):
    quiz_set = picked_quiz_set(questions=0, chronology=1, shuffle_choices=False)
    # Store the events already in the order of time: drawn as stored, it would be solved.
    choices = list(quiz_set.questions.get().choices.all())
    for choice in choices:
        choice.position += 10
        choice.save()
    for choice in choices:
        choice.position = choice.rank
        choice.save()

    (question,) = selectors.quiz_set_preview(quiz_set, seed=seed)

    ranks = [c.rank for c in question.shown_choices]
    assert ranks != sorted(ranks)
