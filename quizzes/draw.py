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
class DrawnChoice:
    """What an attempt keeps of a drawn choice, read without building a model instance."""

    pk: int
    rank: int | None


@dataclass(frozen=True)
class DrawnQuestion:
    """What an attempt keeps of a question drawn from ids: no model instance to build."""

    pk: int
    kind: str


@dataclass(frozen=True)
class Drawn:
    question: Question | DrawnQuestion
    choices: list[Choice] | list[DrawnChoice]


def _choice_order(kind: str, choices: list, rng: random.Random, shuffle: bool) -> list:
    choices = list(choices)
    if kind == Question.Kind.CHRONOLOGY:
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

    The pool may be the questions' ids: then only the drawn ones are read, in one query of
    plain values (their kind, their choices' ids and ranks), and the draw holds
    `DrawnQuestion`s and `DrawnChoice`s. `choice_fields` limits what is read of prefetched
    questions' choices (all if empty). Either way the same seed draws the same.
    """
    questions = list(pool)
    if shuffle_questions:
        rng.shuffle(questions)
    if count:
        questions = questions[:count]
    if questions and not isinstance(questions[0], Question):
        return _draw_ids(questions, rng=rng, shuffle_choices=shuffle_choices)
    # Nothing is read for questions whose choices are prefetched already.
    choices = Choice.objects.only(*choice_fields) if choice_fields else Choice.objects.all()
    prefetch_related_objects(questions, Prefetch("choices", queryset=choices))
    return [
        Drawn(q, _choice_order(q.kind, q.choices.all(), rng, shuffle_choices)) for q in questions
    ]


def _draw_ids(ids: list[int], *, rng: random.Random, shuffle_choices: bool) -> list[Drawn]:
    # A question's choices in their own order (`position`), as the prefetch above reads them,
    # so that the same seed shuffles them alike; a question without choices gives one row.
    rows = (
        Question.objects.filter(pk__in=ids)
        .order_by("pk", "choices__position")
        .values_list("pk", "kind", "choices__pk", "choices__rank")
    )
    kinds: dict[int, str] = {}
    choices: dict[int, list[DrawnChoice]] = {pk: [] for pk in ids}
    for pk, kind, choice_pk, rank in rows:
        kinds[pk] = kind
        if choice_pk is not None:
            choices[pk].append(DrawnChoice(choice_pk, rank))
    return [
        Drawn(
            DrawnQuestion(pk, kinds[pk]),
            _choice_order(kinds[pk], choices[pk], rng, shuffle_choices),
        )
        for pk in ids
    ]
