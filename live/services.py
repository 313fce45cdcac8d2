"""Writes for live lessons: starting, moving the room on, joining and answering."""

import secrets
import unicodedata
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.models import Classroom
from live import events, selectors
from live.models import (
    NAME_MAX,
    NAME_MIN,
    LiveAnswer,
    LiveParticipant,
    LiveQuestion,
    LiveSession,
    new_live_code,
)
from quizzes import live_records
from quizzes import selectors as quiz_selectors
from quizzes.models import Question, QuizSet

State = LiveSession.State

# The kinds a room can answer at once: one choice each, or an order of events. Named one by
# one, so that a new kind (a map, a timeline, a typed year) stays out until it is made to fit.
LIVE_KINDS = frozenset(
    {
        Question.Kind.DATE,
        Question.Kind.PLACE,
        Question.Kind.HOST,
        Question.Kind.SIGNATORY,
        Question.Kind.SIGNED_FOR,
        Question.Kind.PARTICIPANT,
        Question.Kind.NON_PARTICIPANT,
        Question.Kind.CHRONOLOGY,
        Question.Kind.CUSTOM,
    }
)


class LiveError(Exception):
    """A request the live rules refuse; the message is for whoever made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LiveClosed(LiveError):
    """The session is not taking this request in its present state."""


# Starting and moving the room on ---------------------------------------------------------


@transaction.atomic
def live_session_start(
    *,
    teacher,
    quiz_set: QuizSet,
    classroom: Classroom | None = None,
    allow_change: bool = True,
    seed=None,
) -> LiveSession:
    """Draw a quiz set as an attempt would and open a session for it, in the lobby.

    Only the kinds in LIVE_KINDS are asked; the others are left out of the lesson.
    """
    drawn = [
        q
        for q in quiz_selectors.quiz_set_preview(
            quiz_set, seed=seed if seed is not None else secrets.randbits(64)
        )
        if q.kind in LIVE_KINDS
    ]
    if not drawn:
        raise LiveError(_("This quiz set has no questions a live lesson can ask."))
    for _attempt in range(10):
        code = new_live_code()
        if not LiveSession.objects.filter(code=code).exists():
            break
    session = LiveSession.objects.create(
        code=code,
        quiz_set=quiz_set,
        classroom=classroom,
        teacher=teacher,
        allow_change=allow_change,
    )
    LiveQuestion.objects.bulk_create(
        LiveQuestion(
            session=session,
            question=question,
            position=n,
            choice_order=[c.pk for c in question.shown_choices],
        )
        for n, question in enumerate(drawn, start=1)
    )
    return session


def _locked(session: LiveSession) -> LiveSession:
    # Two clicks on "Next" (or two teachers' tabs) must not move the room twice.
    return LiveSession.objects.select_for_update().get(pk=session.pk)


def _save(
    session: LiveSession, *fields: str, shown: bool = False, revealed: bool = False
) -> LiveSession:
    session.version = F("version") + 1
    session.save(update_fields=["version", *fields])
    session.refresh_from_db(fields=["version"])
    if shown:
        # A new question: the phones that have not answered it all show the same stage.
        events.question_shown(session)
    elif revealed:
        # The answer: the phones that gave the same answer all show the same stage.
        events.answer_revealed(session)
    else:
        events.room_changed(session.code, session.version)
    return session


def _refuse(session: LiveSession, *allowed: str) -> None:
    if session.state not in allowed:
        raise LiveClosed(
            _("The session can't do that now: it is %(state)s.")
            % {"state": session.get_state_display()}
        )


def _ask(session: LiveSession, position: int) -> LiveSession:
    session.position = position
    session.state = State.QUESTION
    LiveQuestion.objects.filter(session=session, position=position).update(
        status=LiveQuestion.Status.ASKED
    )
    return _save(session, "position", "state", shown=True)


@transaction.atomic
def live_session_advance(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Show the next question to everyone ("Next"); after the last one, end the session."""
    session = _locked(session)
    _refuse(session, State.LOBBY, State.REVEALED)
    if session.position >= session.items.count():
        return live_session_end(session=session, now=now)
    return _ask(session, session.position + 1)


@transaction.atomic
def live_session_reveal(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Close the current question and show its answer; no answer is taken after this.

    Signed-in students' answers to it go into their live attempts now, in this transaction:
    a question is revealed once, so they are recorded once.
    """
    session = _locked(session)
    _refuse(session, State.QUESTION)
    LiveQuestion.objects.filter(session=session, position=session.position).update(
        status=LiveQuestion.Status.REVEALED
    )
    _record_revealed(session=session, now=now or timezone.now())
    session.state = State.REVEALED
    return _save(session, "state", revealed=True)


@transaction.atomic
def live_session_skip(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Drop the current question without revealing it, and go on to the next."""
    session = _locked(session)
    _refuse(session, State.QUESTION)
    LiveQuestion.objects.filter(session=session, position=session.position).update(
        status=LiveQuestion.Status.SKIPPED
    )
    if session.position >= session.items.count():
        return live_session_end(session=session, now=now)
    return _ask(session, session.position + 1)


@transaction.atomic
def live_session_pause(*, session: LiveSession) -> LiveSession:
    """Freeze the room: phones show a pause and answers wait."""
    session = _locked(session)
    _refuse(session, State.QUESTION, State.REVEALED)
    session.paused_state, session.state = session.state, State.PAUSED
    return _save(session, "state", "paused_state")


@transaction.atomic
def live_session_resume(*, session: LiveSession) -> LiveSession:
    session = _locked(session)
    _refuse(session, State.PAUSED)
    session.state, session.paused_state = session.paused_state or State.QUESTION, ""
    return _save(session, "state", "paused_state")


@transaction.atomic
def live_session_end(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """End the session, and hand in each signed-in student's live attempt."""
    now = now or timezone.now()
    session = _locked(session)
    if session.state == State.ENDED:
        return session
    LiveQuestion.objects.filter(session=session, status=LiveQuestion.Status.ASKED).update(
        status=LiveQuestion.Status.SKIPPED
    )
    session.state, session.paused_state, session.ended_at = State.ENDED, "", now
    _save(session, "state", "paused_state", "ended_at")
    live_records.live_attempts_finish(
        attempt_ids=list(
            session.participants.filter(attempt__isnull=False).values_list("attempt", flat=True)
        ),
        now=now,
    )
    return session


def _record_revealed(*, session: LiveSession, now: datetime) -> None:
    """Hand the revealed question's answers of signed-in students to the quizzes' records."""
    item = (
        LiveQuestion.objects.select_related("question")
        .prefetch_related("question__choices")
        .get(session=session, position=session.position)
    )
    people = list(session.participants.filter(user__isnull=False))
    if not people:
        return
    answers = {a.participant_id: a for a in LiveAnswer.objects.filter(item=item)}
    given = [
        live_records.LiveGiven(
            user_id=p.user_id,
            attempt_id=p.attempt_id,
            started_at=p.joined_at,
            choice_id=answers[p.pk].choice_id if p.pk in answers else None,
            order=tuple(answers[p.pk].order) if p.pk in answers else (),
        )
        for p in people
    ]
    attempts = live_records.live_question_record(
        quiz_set=session.quiz_set,
        question=item.question,
        choice_order=item.choice_order,
        given=given,
        now=now,
    )
    fresh = [p for p in people if p.attempt_id is None]
    for p in fresh:
        p.attempt_id = attempts[p.user_id]
    LiveParticipant.objects.bulk_update(fresh, ["attempt"])


# Students --------------------------------------------------------------------------------


def clean_display_name(raw: str) -> str:
    """Tidy a display name (spaces, invisible characters) and check its length."""
    name = " ".join(
        "".join(
            ch
            for ch in unicodedata.normalize("NFC", raw or "")
            if unicodedata.category(ch)[0] != "C"
        ).split()
    )
    if len(name) < NAME_MIN or len(name) > NAME_MAX:
        raise LiveError(
            _("A display name has %(min)d to %(max)d characters.")
            % {"min": NAME_MIN, "max": NAME_MAX}
        )
    return name


def name_key(name: str) -> str:
    """What makes two display names the same: case and accents' case don't count."""
    return unicodedata.normalize("NFC", name.casefold())


@transaction.atomic
def participant_join(*, session: LiveSession, display_name: str, user=None) -> LiveParticipant:
    """Let a student into a session under a name nobody else there uses.

    A signed-in student who joined before gets their place back, whatever name they type.
    """
    if not session.is_open:
        raise LiveClosed(_("This live session has ended."))
    if user is not None and user.is_authenticated:
        if earlier := LiveParticipant.objects.filter(session=session, user=user).first():
            return earlier
    else:
        user = None
    name = clean_display_name(display_name)
    taken = _("Someone in this session already uses the name “%(name)s”; pick another.") % {
        "name": name
    }
    key = name_key(name)
    if LiveParticipant.objects.filter(session=session, name_key=key).exists():
        raise LiveError(taken)
    try:
        with transaction.atomic():
            participant = LiveParticipant.objects.create(
                session=session, display_name=name, name_key=key, user=user
            )
    except IntegrityError as error:
        # A concurrent join with the same name or the same account: the constraint kept one.
        earlier = user and LiveParticipant.objects.filter(session=session, user=user).first()
        if earlier:
            return earlier
        raise LiveError(taken) from error
    # The phones' version stays: a join changes nothing they show (the projector counts it).
    events.tally_changed(session.code)
    return participant


def _touch(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    version = LiveSession.objects.values_list("version", flat=True).get(pk=session.pk)
    events.room_changed(session.code, version)


@transaction.atomic
def participant_remove(
    *, session: LiveSession, participant_id: int, now: datetime | None = None
) -> None:
    """Take a student (and their answers) out of the session; their phone is asked to rejoin.

    A signed-in student's live attempt is handed in with what was revealed so far.
    """
    removed = LiveParticipant.objects.filter(session=session, pk=participant_id)
    attempts = list(removed.filter(attempt__isnull=False).values_list("attempt", flat=True))
    deleted, _rows = removed.delete()
    if deleted:
        live_records.live_attempts_finish(attempt_ids=attempts, now=now)
        _touch(session)


def _hold_open(session_id: int) -> LiveSession | None:
    """Read the session, holding it against a reveal until this transaction ends.

    On PostgreSQL a shared row lock: answers don't wait for one another, and a reveal
    (which locks the row for update) waits for the answers in flight, so none lands after
    it. SQLite's transactions take the write lock when they begin, which serializes them.
    """
    sessions = LiveSession.objects.filter(pk=session_id)
    if connection.vendor == "postgresql":
        q = connection.ops.quote_name
        sql = (
            f"SELECT {q('id')}, {q('state')}, {q('position')}, {q('allow_change')}, "
            f"{q('code')} FROM {q(LiveSession._meta.db_table)} WHERE {q('id')} = %s FOR SHARE"
        )
        return next(iter(LiveSession.objects.raw(sql, [session_id])), None)
    return sessions.only("id", "state", "position", "allow_change", "code").first()


def _judge(item: LiveQuestion, choices, choice_index, order) -> tuple:
    """The answer as stored: (choice, order of choice ids, right)."""
    if item.question.kind == Question.Kind.CHRONOLOGY:
        if order is None or sorted(order) != list(range(len(choices))):
            raise LiveError(_("Give every event a different place in the order."))
        given = [choices[i] for i in order]
        ranks = [c.rank for c in given]
        return None, [c.pk for c in given], ranks == sorted(ranks)
    if choice_index is None or not 0 <= choice_index < len(choices):
        raise LiveError(_("Choose one of the answers offered."))
    choice = choices[choice_index]
    return choice, [], choice.is_correct


def answer_submit(
    *,
    participant: LiveParticipant,
    position: int,
    choice_index: int | None = None,
    order: list[int] | None = None,
) -> LiveAnswer:
    """Take a participant's answer to the question now open; refused once it is revealed.

    `choice_index` picks one of the choices as shown; for an ordering question `order` gives
    the shown events' indexes, earliest first. Answering again changes the answer only while
    the question is open and the teacher allows changes; otherwise the first answer stands
    and is returned.
    """
    with transaction.atomic():
        session = _hold_open(participant.session_id)
        if session is None or session.state != State.QUESTION or session.position != position:
            raise LiveClosed(_("This question is closed; the answer was not recorded."))
        item, choices, _total = selectors.asked_question(session)
        choice, given, right = _judge(item, choices, choice_index, order)
        try:
            with transaction.atomic():
                answer = LiveAnswer.objects.create(
                    participant=participant,
                    item=item,
                    choice=choice,
                    order=given,
                    is_correct=right,
                )
        except IntegrityError:
            # Answered before (or a double tap): the constraint kept one row.
            existing = LiveAnswer.objects.get(participant=participant, item=item)
        else:
            events.tally_changed(session.code)
            return answer
        changed = existing.choice_id != (choice.pk if choice else None) or existing.order != given
        if session.allow_change and changed:
            existing.choice, existing.order, existing.is_correct = choice, given, right
            existing.answered_at = timezone.now()
            existing.save(update_fields=["choice", "order", "is_correct", "answered_at"])
        return existing
