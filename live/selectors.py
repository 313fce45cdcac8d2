"""Reads for live lessons: the session a code names, the question on screen, the tallies."""

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from classrooms.models import CODE_ALPHABET
from live import events
from live.models import CODE_LENGTH, LiveAnswer, LiveParticipant, LiveQuestion, LiveSession
from quizzes import selectors as quiz_selectors
from quizzes.models import Choice, Question, QuizSet

LETTERS = "ABCDEFGH"


def normal_code(raw: str) -> str:
    """Read a join code as typed: case, spaces and dashes don't matter."""
    return "".join((raw or "").split()).replace("-", "").upper()


def possible_code(code: str) -> bool:
    """Whether a normalised code could name a session at all (length and letters).

    Anything else (a NUL byte, which PostgreSQL can't even compare) is not looked up."""
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def session_by_code(code: str) -> LiveSession | None:
    code = normal_code(code)
    return LiveSession.objects.filter(code=code).first() if possible_code(code) else None


# A worker reads each session's version at most this often, however many phones poll it
# (LIVE_POLL_CACHE_SECONDS in the settings): a phone sees a change this much later at worst.
POLL_CACHE_SECONDS = 0.25
_versions: dict[str, tuple[float, int | None]] = {}


def session_version(code: str) -> int | None:
    """The version of the session a code names, as the phones' polls compare it."""
    ttl = getattr(settings, "LIVE_POLL_CACHE_SECONDS", POLL_CACHE_SECONDS)
    now = time.monotonic()
    code = normal_code(code)
    if not possible_code(code):
        return None
    seen = _versions.get(code)
    if seen is not None and now - seen[0] < ttl:
        return seen[1]
    version = LiveSession.objects.filter(code=code).values_list("version", flat=True).first()
    if len(_versions) > 1000:
        # Forget sessions nobody polls any more.
        for stale in [c for c, (at, _v) in _versions.items() if now - at > 60]:
            _versions.pop(stale, None)
    _versions[code] = (now, version)
    return version


def session_version_now(session_id: int) -> int | None:
    """The version as stored now, not as a worker last read it (for an event stream)."""
    return LiveSession.objects.filter(pk=session_id).values_list("version", flat=True).first()


def teacher_session(*, code: str, user) -> LiveSession | None:
    """The session a code names, only for the teacher who runs it (or a superuser)."""
    sessions = LiveSession.objects.select_related("quiz_set", "classroom")
    if not user.is_superuser:
        sessions = sessions.filter(teacher=user)
    code = normal_code(code)
    return sessions.filter(code=code).first() if possible_code(code) else None


def teacher_sessions(user) -> QuerySet[LiveSession]:
    sessions = LiveSession.objects.select_related("quiz_set", "classroom")
    return sessions if user.is_superuser else sessions.filter(teacher=user)


def startable_quiz_sets() -> QuerySet[QuizSet]:
    return QuizSet.objects.order_by("title")


def participant_for(
    *, session: LiveSession, token: uuid.UUID | None, user=None
) -> LiveParticipant | None:
    """Who this phone is in the session: by account when signed in, else by its cookie."""
    if user is not None and user.is_authenticated:
        found = LiveParticipant.objects.filter(session=session, user=user).first()
        if found is not None:
            return found
    if token is None:
        return None
    return LiveParticipant.objects.filter(session=session, token=token).first()


def participants(session: LiveSession) -> list[LiveParticipant]:
    return list(session.participants.order_by("display_name"))


def shown_choices(item: LiveQuestion) -> list[Choice]:
    """A live question's choices in the order the session shows them, lettered."""
    by_id = {c.pk: c for c in Choice.objects.filter(question_id=item.question_id)}
    shown = [by_id[pk] for pk in item.choice_order if pk in by_id]
    for letter, choice in zip(LETTERS, shown, strict=False):
        choice.letter = letter
    return shown


def current_item(session: LiveSession) -> LiveQuestion | None:
    if session.position == 0:
        return None
    return (
        LiveQuestion.objects.select_related("question")
        .filter(session=session, position=session.position)
        .first()
    )


def participant_answer(*, participant: LiveParticipant, item: LiveQuestion) -> LiveAnswer | None:
    return LiveAnswer.objects.filter(participant=participant, item=item).first()


@dataclass(frozen=True)
class Bar:
    choice: Choice
    count: int
    percent: int  # of the answers given


def answer_bars(item: LiveQuestion, choices: list[Choice]) -> list[Bar]:
    """How many chose each choice, in the order shown."""
    counts = dict(
        LiveAnswer.objects.filter(item=item)
        .values_list("choice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(counts.values())
    return [
        Bar(
            choice=c,
            count=counts.get(c.pk, 0),
            percent=round(100 * counts.get(c.pk, 0) / total) if total else 0,
        )
        for c in choices
    ]


@dataclass(frozen=True)
class Tally:
    joined: int
    answered: int

    def etag(self, session: LiveSession) -> str:
        return f"{session.version}.{self.joined}.{self.answered}"


def tally(session: LiveSession) -> Tally:
    """How many joined and how many answered the question on screen, in one query."""
    row = LiveParticipant.objects.filter(session=session).aggregate(
        joined=Count("id", distinct=True),
        answered=Count(
            "answers",
            filter=Q(answers__item__session=session, answers__item__position=session.position),
            distinct=True,
        ),
    )
    return Tally(joined=row["joined"], answered=row["answered"])


def question_sources(item: LiveQuestion, language: str):
    return quiz_selectors.question_sources(item.question, language)


def is_ordering(item: LiveQuestion) -> bool:
    return item.question.kind == Question.Kind.CHRONOLOGY


def right_order(choices: list[Choice]) -> list[Choice]:
    """An ordering question's events, earliest first."""
    return sorted(choices, key=lambda c: c.rank or 0)


def given_order(answer: LiveAnswer | None, choices: list[Choice]) -> list[Choice]:
    """The events in the order a student put them."""
    by_id = {c.pk: c for c in choices}
    return [by_id[pk] for pk in (answer.order if answer else []) if pk in by_id]


def answer_counts(item: LiveQuestion) -> tuple[int, int]:
    """How many answered the question, and how many of them right."""
    row = LiveAnswer.objects.filter(item=item).aggregate(
        answered=Count("id"), right=Count("id", filter=Q(is_correct=True))
    )
    return row["answered"], row["right"]


@dataclass(frozen=True)
class QuestionResult:
    item: LiveQuestion
    choices: list[Choice]
    bars: list[Bar]
    answered: int
    right: int

    @property
    def ordering(self) -> bool:
        return is_ordering(self.item)

    @property
    def right_order(self) -> list[Choice]:
        return right_order(self.choices)

    @property
    def percent_right(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def session_results(session: LiveSession) -> list[QuestionResult]:
    """Per question asked: how many answered, how many right, and what each chose."""
    items = list(
        session.items.exclude(status=LiveQuestion.Status.WAITING)
        .select_related("question")
        .order_by("position")
    )
    results = []
    for item in items:
        choices = shown_choices(item)
        answered, right = answer_counts(item)
        results.append(
            QuestionResult(
                item=item,
                choices=choices,
                bars=[] if is_ordering(item) else answer_bars(item, choices),
                answered=answered,
                right=right,
            )
        )
    return results


@dataclass(frozen=True)
class ParticipantScore:
    name: str
    right: int
    answered: int


def participant_scores(session: LiveSession) -> list[ParticipantScore]:
    """Right answers per student over the revealed questions: accuracy only, never speed."""
    revealed = Q(answers__item__status=LiveQuestion.Status.REVEALED)
    rows = session.participants.annotate(
        answered=Count("answers", filter=revealed),
        right=Count("answers", filter=revealed & Q(answers__is_correct=True)),
    ).order_by("display_name")
    return [
        ParticipantScore(name=p.display_name, right=p.right, answered=p.answered) for p in rows
    ]


def revealed_count(session: LiveSession) -> int:
    return session.items.filter(status=LiveQuestion.Status.REVEALED).count()


def question_count(session: LiveSession) -> int:
    return session.items.count()


def _shown_state(session: LiveSession) -> str:
    """The state behind a pause: the question stays on screen as it was."""
    if session.state == LiveSession.State.PAUSED:
        return session.paused_state
    return session.state


# How long a worker keeps a session's question as drawn: a lesson's length, and more.
QUESTION_CACHE_SECONDS = 3 * 60 * 60


def asked_question(session: LiveSession) -> tuple[LiveQuestion, list[Choice], int] | None:
    """The question on screen with its choices as shown, and how many the session has.

    A session's questions are fixed when it starts, so every phone's poll after "Next" can
    share them: they are read once per worker instead of once per phone.
    """
    if session.position == 0:
        return None
    key = f"live:question:{session.pk}:{session.code}:{session.position}"
    found = cache.get(key)
    if found is None:
        item = current_item(session)
        if item is None:
            return None
        found = (item, shown_choices(item), question_count(session))
        cache.set(key, found, QUESTION_CACHE_SECONDS)
    return found


def answer_key(answer: LiveAnswer | None) -> str:
    """What a phone's stage says of its answer, to pick its own stage of the reveal by.

    "none", "c:" and the choice's id, or for an ordering question "o:" and the events' ids in
    the order given. Nothing of the verdict: the stages before the reveal carry it too.
    """
    if answer is None:
        return "none"
    if answer.choice_id is not None:
        return f"c:{answer.choice_id}"
    return "o:" + "-".join(str(pk) for pk in answer.order)


def given_answers(item: LiveQuestion, limit: int) -> list[LiveAnswer]:
    """The different answers given to a question, right first, then the most common, at most
    `limit` (so an ordering question's right order is always among them).

    One unsaved answer stands for every phone that gave it: the reveal's stage is drawn once
    for each (live/stages.py). An answer judged differently for two phones (the question was
    edited during the lesson) is left out, and those phones fetch their own stage.
    """
    rows = (
        LiveAnswer.objects.filter(item=item)
        .values("choice_id", "order", "is_correct")
        .annotate(n=Count("id"))
        .order_by()
    )
    answers: dict[str, tuple[int, LiveAnswer | None]] = {}
    for row in rows:
        answer = LiveAnswer(
            item=item, choice_id=row["choice_id"], order=row["order"], is_correct=row["is_correct"]
        )
        key = answer_key(answer)
        seen = answers.get(key)
        # The same answer with two verdicts: no stage is sure for it.
        answers[key] = (row["n"] + (seen[0] if seen else 0), None if seen else answer)
    ranked = sorted(
        answers.items(),
        key=lambda kv: (not (kv[1][1] and kv[1][1].is_correct), -kv[1][0], kv[0]),
    )
    return [answer for _key, (_n, answer) in ranked if answer is not None][:limit]


def student_stage(
    *,
    session: LiveSession,
    participant: LiveParticipant | None,
    answer: LiveAnswer | None = None,
) -> dict:
    """What a phone shows now: the question open (or revealed) and the student's answer.

    Without a participant: what every phone shows that gave `answer` (none: that has not
    answered), the stage shared by them all.
    """
    stage = {
        "session": session,
        "participant": participant,
        "item": None,
        "live_events": events.enabled(),
    }
    if session.state == LiveSession.State.ENDED:
        mine = participant.display_name if participant else None
        scores = [s for s in participant_scores(session) if s.name == mine]
        stage["score"] = scores[0] if scores else None
        stage["revealed"] = revealed_count(session)
        return stage
    asked = asked_question(session)
    if asked is None:
        return stage
    item, choices, total = asked
    if participant is not None:
        answer = participant_answer(participant=participant, item=item)
    revealed = _shown_state(session) == LiveSession.State.REVEALED
    stage.update(
        item=item,
        choices=choices,
        answer=answer,
        is_open=session.state == LiveSession.State.QUESTION,
        is_revealed=revealed,
        total=total,
        ordering=is_ordering(item),
        answer_key=answer_key(answer),
    )
    if stage["ordering"]:
        stage["given"] = given_order(answer, choices)
        if revealed:
            stage["right_order"] = right_order(choices)
    return stage


def projector_stage(*, session: LiveSession, language: str) -> dict:
    """What the projector shows now, with the tallies it is drawn from."""
    counts = tally(session)
    stage = {
        "session": session,
        "tally": counts,
        "etag": counts.etag(session),
        "total": question_count(session),
        "participants": participants(session),
        "item": None,
        "live_events": events.enabled(),
    }
    if session.state == LiveSession.State.ENDED:
        stage["results"] = session_results(session)
        stage["scores"] = participant_scores(session)
        return stage
    item = current_item(session)
    if item is None:
        return stage
    shown_state = _shown_state(session)
    revealed = shown_state == LiveSession.State.REVEALED
    choices = shown_choices(item)
    ordering = is_ordering(item)
    stage.update(item=item, choices=choices, is_revealed=revealed, ordering=ordering)
    if revealed:
        if ordering:
            stage["right_order"] = right_order(choices)
            stage["answered"], stage["right"] = answer_counts(item)
        else:
            stage["bars"] = answer_bars(item, choices)
        stage["sources"] = question_sources(item, language)
    return stage
