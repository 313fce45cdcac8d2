"""One draw of a quiz: which questions, in which order, each with its choices in which order.

Attempts and the teachers' preview both draw with `draw`, so a preview shows exactly what an
attempt drawn with the same seed would. It reorders what it is given; questions that come
without their choices prefetched have those of the drawn ones read in one query (a pool is
often the whole bank, and an attempt shows a few of it).
"""

import random
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from quizzes.models import Choice, Question


@dataclass(frozen=True)
class Drawn:
    question: Question
    choices: list[Choice]


def _choice_order(question: Question, rng: random.Random, shuffle: bool) -> list[Choice]:
    choices = list(question.choices.all())
    if question.kind == Question.Kind.CHRONOLOGY:
        # The order of events is what is asked: never show it already solved.
        ranks = [c.rank for c in choices]
        rng.shuffle(choices)
        while len(set(ranks)) > 1 and [c.rank for c in choices] == sorted(ranks):
            rng.shuffle(choices)
    elif shuffle:
        rng.shuffle(choices)
    return choices


def draw(
    pool: list[Question],
    *,
    rng: random.Random,
    shuffle_questions: bool = False,
    count: int | None = None,
    shuffle_choices: bool = True,
) -> list[Drawn]:
    """Draw `count` questions of the pool (all if None), shuffled or in the pool's order."""
    questions = list(pool)
    if shuffle_questions:
        rng.shuffle(questions)
    if count:
        questions = questions[:count]
    # Nothing is read for questions whose choices are prefetched already.
    prefetch_related_objects(questions, "choices")
    return [Drawn(q, _choice_order(q, rng, shuffle_choices)) for q in questions]
