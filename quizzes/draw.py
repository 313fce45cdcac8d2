"""One draw of a quiz: which questions, in which order, each with its choices in which order.

Attempts and the teachers' preview both draw with `draw`, so a preview shows exactly what an
attempt drawn with the same seed would. It reorders what it is given; questions that come
without their choices prefetched have those of the drawn ones read in one query (a pool is
often the whole bank, and an attempt shows a few of it).
"""

import random
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from quizzes.models import Choice, Question

# What an attempt keeps of a drawn question's choices: their order (and chronology's ranks,
# so that the order shown is never the solved one).
DRAWN_CHOICE_FIELDS = ("pk", "question_id", "rank")


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
    pool: list[Question] | list[int],
    *,
    rng: random.Random,
    shuffle_questions: bool = False,
    count: int | None = None,
    shuffle_choices: bool = True,
    choice_fields: tuple[str, ...] = (),
) -> list[Drawn]:
    """Draw `count` questions of the pool (all if None), shuffled or in the pool's order.

    The pool may be the questions' ids: then only the drawn ones are read, with no more than
    the draw needs. `choice_fields` limits what is read of their choices (all if empty).
    Either way the same seed draws the same.
    """
    questions = list(pool)
    if shuffle_questions:
        rng.shuffle(questions)
    if count:
        questions = questions[:count]
    if questions and not isinstance(questions[0], Question):
        read = Question.objects.only("pk", "kind").in_bulk(questions)
        questions = [read[pk] for pk in questions]
    # Nothing is read for questions whose choices are prefetched already.
    choices = Choice.objects.only(*choice_fields) if choice_fields else Choice.objects.all()
    prefetch_related_objects(questions, Prefetch("choices", queryset=choices))
    return [Drawn(q, _choice_order(q, rng, shuffle_choices)) for q in questions]
