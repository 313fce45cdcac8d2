"""Item analysis, as quiz statistics do it: pure functions over plain answer data.

Facility is the share of students who answered a question right. Discrimination compares the
strongest and the weakest students (the top and bottom 27 % by their score on the whole
attempt): the share right in the top group minus the share right in the bottom group, from
-1 to 1. A good question is answered right more often by students who do well overall.
"""

from collections import Counter
from dataclasses import dataclass, field

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class Response:
    """One student's answer to one question, with that student's score on the attempt."""

    student: int
    question: int
    correct: bool
    choice: int | None
    score: float  # the student's score on the whole attempt, 0–1
    # Timeline and typed-year questions: how far the answer was off (years or months; 0: right).
    offset: int | None = None


@dataclass(frozen=True)
class ItemStats:
    question: int
    answered: int
    correct: int
    facility: float | None
    discrimination: float | None
    choices: dict[int, int] = field(default_factory=dict)
    #: The wrong choice picked most often, when one was picked more often than any other.
    likeliest_wrong: int | None = None
    #: Every wrong choice picked that most often: two or more when they tie.
    commonest_wrong: frozenset[int] = frozenset()
    #: Timeline and typed-year questions: how many answers were off by how much (0: right).
    offsets: dict[int, int] = field(default_factory=dict)


def _share_right(group: list[Response]) -> float:
    return sum(r.correct for r in group) / len(group)


def _discrimination(responses: list[Response]) -> float | None:
    if len(responses) < 2:
        return None
    ranked = sorted(responses, key=lambda r: r.score)
    size = max(1, round(len(ranked) * GROUP_SHARE))
    low, high = ranked[:size], ranked[-size:]
    if {r.student for r in low} == {r.student for r in high}:
        return None
    return round(_share_right(high) - _share_right(low), 2)


def item_analysis(
    responses: list[Response], questions: list[int], correct_choices: dict[int, set[int]]
) -> list[ItemStats]:
    """Analyse each question in the given order; a question nobody answered has no figures."""
    by_question: dict[int, list[Response]] = {q: [] for q in questions}
    for response in responses:
        by_question.setdefault(response.question, []).append(response)
    stats = []
    for question in questions:
        answers = by_question[question]
        picked = Counter(r.choice for r in answers if r.choice is not None)
        wrong = [
            (count, choice)
            for choice, count in picked.items()
            if choice not in correct_choices.get(question, set())
        ]
        right = sum(r.correct for r in answers)
        top = max((count for count, _choice in wrong), default=0)
        commonest = frozenset(choice for count, choice in wrong if count == top)
        stats.append(
            ItemStats(
                question=question,
                answered=len(answers),
                correct=right,
                facility=round(right / len(answers), 2) if answers else None,
                discrimination=_discrimination(answers),
                choices=dict(picked),
                likeliest_wrong=next(iter(commonest)) if len(commonest) == 1 else None,
                commonest_wrong=commonest,
                offsets=dict(
                    sorted(Counter(r.offset for r in answers if r.offset is not None).items())
                ),
            )
        )
    return stats
