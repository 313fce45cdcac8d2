"""Reads for the classes: a student's classes and how each assignment stands."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext

from classrooms.analysis import ItemStats, Response, item_analysis
from classrooms.models import Assignment, Classroom
from classrooms.statuses import Progress, Standing
from quizzes import year_answers
from quizzes.charts import sparkline
from quizzes.models import Answer, Attempt, Choice, Question

DUE_SOON = timedelta(days=2)


@dataclass(frozen=True)
class AssignmentStanding:
    """An assignment as one student sees it."""

    assignment: Assignment
    status: Standing
    best: int | None
    attempts: int

    @property
    def can_start(self) -> bool:
        return self.status != Standing.UPCOMING


def student_classrooms(user) -> QuerySet[Classroom]:
    return Classroom.objects.filter(memberships__student=user).prefetch_related("teachers")


@dataclass(frozen=True)
class Work:
    """One student's attempts toward one assignment, summed up."""

    attempts: int
    finished: list[Attempt]
    best: int | None
    handed_in: Progress | None  # done on time, late, or None when nothing is finished

    @classmethod
    def of(cls, assignment: Assignment, attempts: list[Attempt]) -> "Work":
        finished = [a for a in attempts if a.finished_at is not None]
        scores = [a.percent for a in finished if a.percent is not None]
        if any(a.finished_at <= assignment.due_at for a in finished):
            handed_in = Progress.DONE
        else:
            handed_in = Progress.LATE if finished else None
        return cls(len(attempts), finished, max(scores) if scores else None, handed_in)


def _status(assignment: Assignment, work: Work, now: datetime) -> Standing:
    if work.handed_in:
        return Standing(work.handed_in.value)
    if now < assignment.opens_at:
        return Standing.UPCOMING
    if now > assignment.due_at:
        return Standing.OVERDUE
    return Standing.DUE_SOON if assignment.due_at - now <= DUE_SOON else Standing.OPEN


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
    order = {status: rank for rank, status in enumerate(Standing)}
    standings = []
    for assignment in assignments:
        # Attempts count toward an assignment once it is open.
        mine = [
            a
            for a in attempts
            if a.quiz_set_id == assignment.quiz_set_id and a.started_at >= assignment.opens_at
        ]
        work = Work.of(assignment, mine)
        standings.append(
            AssignmentStanding(
                assignment=assignment,
                status=_status(assignment, work, now),
                best=work.best,
                attempts=work.attempts,
            )
        )
    return sorted(standings, key=lambda s: (order[s.status], s.assignment.due_at))


# What a teacher sees of an assignment --------------------------------------------------


@dataclass(frozen=True)
class StudentResult:
    """One student's work on an assignment."""

    student: object
    status: Progress
    best: int | None
    attempts: int
    time_spent: timedelta | None
    late: bool


RESULT_SORTS = {
    "student": lambda r: r.student.get_username().lower(),
    "status": lambda r: list(Progress).index(r.status),
    "best": lambda r: -1 if r.best is None else r.best,
    "attempts": lambda r: r.attempts,
    "time": lambda r: r.time_spent or timedelta(0),
    "late": lambda r: r.late,
}


def assignment_attempts(assignment: Assignment) -> QuerySet[Attempt]:
    """The attempts that count toward an assignment: its class's students, since it opened,
    taking the set's quiz or in a live lesson of it."""
    return Attempt.objects.filter(
        kind__in=[Attempt.Kind.QUIZ, Attempt.Kind.LIVE],
        quiz_set_id=assignment.quiz_set_id,
        started_at__gte=assignment.opens_at,
        learner__user__memberships__classroom_id=assignment.classroom_id,
    )


def _whole_seconds(duration: timedelta) -> timedelta:
    return timedelta(seconds=round(duration.total_seconds()))


def assignment_results(assignment: Assignment, sort: str = "student") -> list[StudentResult]:
    """Tabulate every student of the class against the assignment, in two queries."""
    students = [
        m.student
        for m in assignment.classroom.memberships.select_related("student").order_by(
            "student__username"
        )
    ]
    attempts = list(
        assignment_attempts(assignment)
        .select_related("learner")
        .only(
            "learner__user_id",
            "started_at",
            "finished_at",
            "score",
            "question_total",
            "ending",
        )
    )
    by_user: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_user.setdefault(attempt.learner.user_id, []).append(attempt)
    results = []
    for student in students:
        work = Work.of(assignment, by_user.get(student.pk, []))
        started = Progress.IN_PROGRESS if work.attempts else Progress.NOT_STARTED
        results.append(
            StudentResult(
                student=student,
                status=work.handed_in or started,
                best=work.best,
                attempts=work.attempts,
                time_spent=_whole_seconds(
                    sum((a.finished_at - a.started_at for a in work.finished), timedelta(0))
                )
                if work.finished
                else None,
                late=work.handed_in == Progress.LATE,
            )
        )
    key = RESULT_SORTS.get(sort.lstrip("-"), RESULT_SORTS["student"])
    return sorted(results, key=key, reverse=sort.startswith("-"))


@dataclass(frozen=True)
class ItemRow:
    """A question of an assignment with its statistics and its choices as answered."""

    question: Question
    stats: ItemStats
    # choice, times chosen, and "most" for the likeliest wrong one or "tied" for wrong ones
    # picked equally often, else ""
    choices: list[tuple[Choice, int, str]]
    # Timeline and typed-year questions: how far off the answers were, early to late, each
    # with its count and the same marks ("" for the right one).
    offsets: list[tuple[str, int, str]] = field(default_factory=list)


def _wrong_mark(choice_id: int, stats: ItemStats) -> str:
    if choice_id == stats.likeliest_wrong:
        return "most"
    return "tied" if choice_id in stats.commonest_wrong else ""


def _offset(answer: dict) -> int | None:
    """How far a timeline or typed-year answer was off, in the unit its question asks."""
    if answer["given_year"] is None or answer["question__answer_year"] is None:
        return None
    if answer["question__answer_month"] is not None and answer["given_month"] is not None:
        return (answer["given_year"] * 12 + answer["given_month"]) - (
            answer["question__answer_year"] * 12 + answer["question__answer_month"]
        )
    return answer["given_year"] - answer["question__answer_year"]


def _offset_rows(question: Question, stats: ItemStats) -> list[tuple[str, int, str]]:
    """Label each offset given ("right", "2 years too early") and mark the commonest wrong."""
    months = question.answer_month is not None
    wrong = {delta: n for delta, n in stats.offsets.items() if delta != 0}
    top = max(wrong.values(), default=0)
    commonest = [delta for delta, n in wrong.items() if n == top]
    rows = []
    for delta, count in stats.offsets.items():
        mark = ""
        if delta in commonest:
            mark = "most" if len(commonest) == 1 else "tied"
        label = year_answers.say_offset(delta, months=months) or gettext("right")
        rows.append((label, count, mark))
    return rows


def assignment_items(assignment: Assignment) -> list[ItemRow]:
    """Analyse each question of an assignment over each student's first finished attempt."""
    return assignment_item_report(assignment)[0]


def assignment_item_report(assignment: Assignment) -> tuple[list[ItemRow], int]:
    """The item analysis and how many students it rests on (the sample size)."""
    firsts: dict[int, Attempt] = {}
    for attempt in (
        assignment_attempts(assignment)
        .filter(finished_at__isnull=False)
        .select_related("learner")
        .order_by("started_at")
    ):
        firsts.setdefault(attempt.learner.user_id, attempt)
    chosen = {a.pk: a for a in firsts.values()}
    answers = list(
        Answer.objects.filter(attempt_id__in=chosen).values(
            "attempt_id",
            "question_id",
            "choice_id",
            "is_correct",
            "given_year",
            "given_month",
            "question__answer_year",
            "question__answer_month",
        )
    )
    responses = [
        Response(
            student=chosen[a["attempt_id"]].learner.user_id,
            question=a["question_id"],
            correct=a["is_correct"],
            choice=a["choice_id"],
            score=(chosen[a["attempt_id"]].percent or 0) / 100,
            offset=_offset(a),
        )
        for a in answers
    ]
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in={r.question for r in responses}).prefetch_related(
            "choices"
        )
    }
    order = sorted(questions, key=lambda pk: (questions[pk].kind, questions[pk].key))
    correct = {pk: {c.pk for c in q.choices.all() if c.is_correct} for pk, q in questions.items()}
    rows = []
    for stats in item_analysis(responses, order, correct):
        question = questions[stats.question]
        rows.append(
            ItemRow(
                question=question,
                stats=stats,
                choices=[
                    (c, stats.choices.get(c.pk, 0), _wrong_mark(c.pk, stats))
                    for c in question.choices.all()
                ],
                offsets=_offset_rows(question, stats),
            )
        )
    return rows, len(firsts)


@dataclass(frozen=True)
class TopicTrend:
    """How a class did on one kind of question, week by week."""

    topic: str
    weeks: list[tuple[datetime, int, int]]  # week, answered, right

    @property
    def percents(self) -> list[int]:
        return [round(100 * right / answered) for _, answered, right in self.weeks]

    @property
    def chart(self):
        return sparkline(self.percents)


def classroom_mastery(classroom: Classroom) -> list[TopicTrend]:
    """Share of right answers per kind of question and week, over the class's students."""
    rows = (
        Answer.objects.filter(attempt__learner__user__memberships__classroom=classroom)
        .annotate(week=TruncWeek("answered_at"))
        .values("week", "question__kind")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
        .order_by("question__kind", "week")
    )
    labels = dict(Question.Kind.choices)
    trends: dict[str, list] = {}
    for row in rows:
        trends.setdefault(row["question__kind"], []).append((row["week"], row["n"], row["right"]))
    return [
        TopicTrend(topic=str(labels.get(kind, kind)), weeks=weeks)
        for kind, weeks in sorted(trends.items(), key=lambda kv: str(labels.get(kv[0], kv[0])))
    ]


def quiz_set_assigned_beyond(*, quiz_set, user) -> str | None:
    """Why the user may not withdraw the set: it is assigned to a class they don't teach."""
    others = Assignment.objects.filter(quiz_set=quiz_set).exclude(
        classroom__in=Classroom.objects.taught_by(user)
    )
    if not others.exists():
        return None
    return gettext(
        "This quiz set is assigned to a class you don't teach, so it stays published and "
        "can't be deleted."
    )
