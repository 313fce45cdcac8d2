"""Writes for answers given in a live lesson: each question joins the student's live attempt
as it is revealed, so progress, Leitner boxes and class reports count it at once.

A live attempt (`Attempt.Kind.LIVE`) is never drawn, resumed or answered through the quiz
pages, and never counts toward the quiz set's attempt limit: the teacher sets the pace.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from quizzes.models import Answer, Attempt, AttemptQuestion, Learner, Question, QuizSet
from quizzes.services import practice_cards_record


@dataclass(frozen=True)
class LiveGiven:
    """What one signed-in student gave to a question of a live lesson."""

    user_id: int
    attempt_id: int | None  # their live attempt, once they have one
    started_at: datetime  # when they joined the lesson
    choice_id: int | None = None  # the choice picked
    order: tuple[int, ...] = ()  # an ordering question: the choices' ids as put in order


def _learner_ids(user_ids: set[int]) -> dict[int, int]:
    found = dict(Learner.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))
    missing = user_ids - found.keys()
    if missing:
        Learner.objects.bulk_create(
            [Learner(user_id=user_id) for user_id in missing], ignore_conflicts=True
        )
        found = dict(Learner.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))
    return found


def _judged(question: Question, given: LiveGiven) -> tuple[int | None, list[int], bool] | None:
    """The answer as stored (choice, order, right), or None when nothing was given."""
    choices = {c.pk: c for c in question.choices.all()}
    if question.kind == Question.Kind.CHRONOLOGY:
        if not given.order or sorted(given.order) != sorted(choices):
            return None
        ranks = [choices[pk].rank for pk in given.order]
        return None, list(given.order), ranks == sorted(ranks)
    choice = choices.get(given.choice_id)
    if choice is None:
        return None
    return choice.pk, [], choice.is_correct


@transaction.atomic
def live_question_record(
    *,
    quiz_set: QuizSet,
    question: Question,
    choice_order: list[int],
    given: list[LiveGiven],
    now: datetime | None = None,
) -> dict[int, int]:
    """Add a revealed question, with each student's answer, to their live attempts.

    Students without a live attempt yet get one. A question already in an attempt is not
    added again, so a repeated call changes nothing. Unanswered, it still counts as asked.
    Returns each student's (user id's) live attempt.
    """
    now = now or timezone.now()
    if not given:
        return {}
    learners = _learner_ids({g.user_id for g in given if g.attempt_id is None})
    fresh = {
        g.user_id: Attempt(
            learner_id=learners[g.user_id],
            kind=Attempt.Kind.LIVE,
            quiz_set=quiz_set,
            feedback_mode=QuizSet.Feedback.EACH,
            pass_mark=quiz_set.pass_mark,
            started_at=g.started_at,
        )
        for g in given
        if g.attempt_id is None
    }
    Attempt.objects.bulk_create(fresh.values())
    attempt_of = {g.user_id: g.attempt_id or fresh[g.user_id].pk for g in given}
    # Locked: a finish (the lesson's end) waits, and two records of a question take turns.
    totals = dict(
        Attempt.objects.select_for_update()
        .filter(pk__in=attempt_of.values(), kind=Attempt.Kind.LIVE, finished_at__isnull=True)
        .values_list("pk", "question_total")
    )
    asked = set(
        AttemptQuestion.objects.filter(attempt_id__in=totals, question=question).values_list(
            "attempt_id", flat=True
        )
    )
    todo = [g for g in given if attempt_of[g.user_id] in totals.keys() - asked]
    if not todo:
        return attempt_of
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt_id=attempt_of[g.user_id],
            question=question,
            position=totals[attempt_of[g.user_id]] + 1,
            choice_order=choice_order,
        )
        for g in todo
    )
    answers = []
    for g in todo:
        judged = _judged(question, g)
        if judged is not None:
            choice_id, order, right = judged
            answers.append(
                Answer(
                    attempt_id=attempt_of[g.user_id],
                    question=question,
                    choice_id=choice_id,
                    order=order,
                    is_correct=right,
                    answered_at=now,
                )
            )
    Answer.objects.bulk_create(answers)
    attempts = Attempt.objects.filter(pk__in=[attempt_of[g.user_id] for g in todo])
    attempts.update(question_total=F("question_total") + 1)
    attempts.filter(pk__in=[a.attempt_id for a in answers]).update(
        answered_count=F("answered_count") + 1
    )
    attempts.filter(pk__in=[a.attempt_id for a in answers if a.is_correct]).update(
        correct_count=F("correct_count") + 1
    )
    learner_of = dict(attempts.values_list("pk", "learner_id"))
    practice_cards_record(
        cards=[(learner_of[a.attempt_id], question.pk, a.is_correct) for a in answers], now=now
    )
    return attempt_of


@transaction.atomic
def live_attempts_finish(*, attempt_ids: list[int], now: datetime | None = None) -> int:
    """Close the live attempts of a lesson that ended, each scored from its answers."""
    right = (
        Answer.objects.filter(attempt=OuterRef("pk"), is_correct=True)
        .order_by()
        .values("attempt")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Attempt.objects.filter(
        pk__in=attempt_ids, kind=Attempt.Kind.LIVE, finished_at__isnull=True
    ).update(
        score=Coalesce(Subquery(right), Value(0)),
        finished_at=now or timezone.now(),
        ending=Attempt.Ending.SUBMITTED,
    )
