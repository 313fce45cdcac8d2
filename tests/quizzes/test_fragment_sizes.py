"""The answer's HTMX fragments stay small (issue 13: a fragment under 4 KB), like the query
budgets: the heaviest kinds, chronology and timeline, in both languages, every question of the
kind in the bank, each carried by the answer before it."""

import re

import pytest

from quizzes import selectors
from quizzes.models import Attempt, Question, QuizSet, QuizSetQuestion
from tests.quizzes.factories import QuizSetFactory
from tests.quizzes.test_views import HTMX, url
from tests.quizzes.test_views_loop import carried

pytestmark = pytest.mark.django_db

BUDGET = 4 * 1024
# What the sources quote from the articles is content, as long as the facts need: the budget
# is for the markup around it.
SOURCES = re.compile(r'<details class="sources">.*?</details>', re.S)
SLOT = re.compile(r'<div id="next-slot"[^>]*>.*</div>\Z', re.S)


def _fragments(client, kind: str, language: str, feedback_mode: str) -> list[bytes]:
    """Answer a set of every question of `kind` in turn; return each answer's fragment."""
    questions = list(Question.objects.in_use().filter(kind=kind).order_by("key"))
    quiz_set = QuizSetFactory(
        mode=QuizSet.Mode.PICKED,
        question_count=len(questions),
        is_published=True,
        shuffle_questions=False,
        feedback_mode=feedback_mode,
    )
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=q, position=i) for i, q in enumerate(questions)
    )
    client.post(url("quizzes:start", language, slug=quiz_set.slug))
    attempt = Attempt.objects.latest("started_at")
    fragments = []
    for number in range(1, attempt.question_total):
        item = selectors.attempt_item(attempt=attempt, position=number)
        if kind == Question.Kind.CHRONOLOGY:
            # The order shown, kept: a valid answer, right or wrong.
            sent = {f"rank-{i}": str(i + 1) for i in range(len(selectors.shown_choices(item)))}
        else:
            # The strip's first January: mostly wrong, so the feedback shows both marks.
            sent = {"year": item.question.year_from, "month": 1}
        answer_url = url("quizzes:answer", language, public_id=attempt.public_id, number=number)
        response = client.post(answer_url, sent, **HTMX)
        assert response.status_code == 200, response.content[:300]
        fragments.append(response.content)
    return fragments


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("kind", [Question.Kind.CHRONOLOGY, Question.Kind.TIMELINE])
def test_feedback_at_the_end_moves_on_in_a_fragment_under_4_kb(
    client, question_bank, kind, language
):
    sizes = [len(f) for f in _fragments(client, kind, language, QuizSet.Feedback.END)]

    assert max(sizes) < BUDGET, sizes


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize("kind", [Question.Kind.CHRONOLOGY, Question.Kind.TIMELINE])
def test_feedback_after_each_sends_the_next_card_and_the_feedback_under_4_kb_each(
    client, question_bank, kind, language
):
    fragments = _fragments(client, kind, language, QuizSet.Feedback.EACH)

    # The whole fragment is larger: the feedback and the next question (one request for both).
    cards = [len(carried(f.decode()).encode()) for f in fragments]
    feedback = [len(SLOT.sub("", SOURCES.sub("", f.decode())).encode()) for f in fragments]
    assert max(cards) < BUDGET, cards
    assert max(feedback) < BUDGET, feedback
