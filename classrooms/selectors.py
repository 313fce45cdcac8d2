"""Reads for the classes: a student's classes and how each assignment stands."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from classrooms.models import Assignment, Classroom
from quizzes.models import Attempt

DUE_SOON = timedelta(days=2)


@dataclass(frozen=True)
class AssignmentStanding:
    """An assignment as one student sees it."""

    assignment: Assignment
    status: str  # upcoming, open, due_soon, done, late, overdue
    best: int | None
    attempts: int

    @property
    def can_start(self) -> bool:
        return self.status != "upcoming"


def student_classrooms(user) -> QuerySet[Classroom]:
    return Classroom.objects.filter(memberships__student=user).prefetch_related("teachers")


def _status(assignment: Assignment, finished: list[Attempt], now: datetime) -> str:
    in_time = [a for a in finished if a.finished_at <= assignment.due_at]
    if in_time:
        return "done"
    if finished:
        return "late"
    if now < assignment.opens_at:
        return "upcoming"
    if now > assignment.due_at:
        return "overdue"
    return "due_soon" if assignment.due_at - now <= DUE_SOON else "open"


def student_assignments(user, now: datetime | None = None) -> list[AssignmentStanding]:
    """List the assignments of the student's classes, the most pressing first."""
    now = now or timezone.now()
    assignments = list(
        Assignment.objects.filter(classroom__memberships__student=user)
        .select_related("classroom", "quiz_set")
        .order_by("due_at")
    )
    attempts = list(
        Attempt.objects.filter(
            learner__user=user, quiz_set__in={a.quiz_set_id for a in assignments}
        ).only("quiz_set_id", "started_at", "finished_at", "score", "question_total")
    )
    order = {"overdue": 0, "due_soon": 1, "open": 2, "upcoming": 3, "late": 4, "done": 5}
    standings = []
    for assignment in assignments:
        # Attempts count toward an assignment once it is open.
        mine = [
            a
            for a in attempts
            if a.quiz_set_id == assignment.quiz_set_id and a.started_at >= assignment.opens_at
        ]
        finished = [a for a in mine if a.finished_at is not None]
        scores = [a.percent for a in finished if a.percent is not None]
        standings.append(
            AssignmentStanding(
                assignment=assignment,
                status=_status(assignment, finished, now),
                best=max(scores) if scores else None,
                attempts=len(mine),
            )
        )
    return sorted(standings, key=lambda s: (order[s.status], s.assignment.due_at))
