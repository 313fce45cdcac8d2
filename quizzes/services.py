"""Writes: the question bank, quiz sets, attempts, answers and practice boxes."""

import hashlib
import json
import random
import secrets
import uuid
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from history.models import Event, Paragraph, Place
from quizzes import mapping, selectors
from quizzes.draw import DRAWN_CHOICE_FIELDS, Drawn, draw
from quizzes.generators import Question as GeneratedQuestion
from quizzes.generators import generate_questions
from quizzes.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    Choice,
    Learner,
    PracticeCard,
    Question,
    QuizSet,
    QuizSetQuestion,
    new_custom_key,
)
from quizzes.phrases import phrasebook, say_date


@dataclass(frozen=True)
class BankChange:
    """One question the sync created, reworded or retired, as a teacher reviews it."""

    key: str
    status: str  # "created", "updated" or "retired"
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    changes: tuple[BankChange, ...] = ()

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, retired {self.retired}"
        )


def _fingerprint(generated: GeneratedQuestion) -> str:
    data = asdict(generated)
    # Fields the multiple-choice and chronology kinds leave empty are left out, so that their
    # fingerprints stay what they were before the map, timeline and typed-year kinds.
    for key in ("year", "month", "year_range"):
        if data[key] is None:
            del data[key]
    for choice in data["choices"]:
        if not choice["place"]:
            del choice["place"]
    data = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _ranks(generated: GeneratedQuestion) -> dict[int, int]:
    """Map each shown position to its rank in time (1 = earliest), for chronology."""
    return {position: rank for rank, position in enumerate(generated.order, start=1)}


def _write(question: Question, generated: GeneratedQuestion, events, paragraphs, places) -> None:
    """Store a generated question's content, keeping its choices' rows where they are."""
    question.kind = generated.kind.value
    question.prompt_en, question.prompt_lv = generated.prompt["en"], generated.prompt["lv"]
    question.explanation_en = generated.explanation["en"]
    question.explanation_lv = generated.explanation["lv"]
    question.difficulty = generated.difficulty
    question.answer_year, question.answer_month = generated.year, generated.month
    question.year_from, question.year_to = generated.year_range or (None, None)
    question.is_generated = True
    question.retired_at = None
    question.fingerprint = _fingerprint(generated)
    question.save()
    ranks = _ranks(generated)
    existing = {c.position: c for c in question.choices.all()}
    for position, choice in enumerate(generated.choices):
        row = existing.pop(position, None) or Choice(question=question, position=position)
        row.text_en, row.text_lv = choice.text["en"], choice.text["lv"]
        row.is_correct = choice.correct
        row.rank = ranks.get(position)
        row.place_id = places[choice.place] if choice.place else None
        row.save()
    Choice.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    question.events.set([events[slug] for slug in generated.events])
    question.sources.set([paragraphs[(s.article, s.paragraph)] for s in generated.sources])


@transaction.atomic
def question_bank_sync(*, seed: int | str = 0, dry_run: bool = False) -> SyncReport:
    """Bring the generated questions in line with the facts; retire, never delete, the rest.

    With `dry_run`, report what would change and roll every write back.
    """
    generated = generate_questions(
        selectors.event_facts(),
        say_date=say_date,
        phrases=phrasebook(),
        seed=seed,
        maps=mapping.frames(),
    )
    existing = {q.key: q for q in Question.objects.filter(is_generated=True)}
    events = {e.slug: e.pk for e in Event.objects.only("pk", "slug")}
    places = dict(Place.objects.values_list("slug", "pk"))
    paragraphs = {
        (p.article.slug, p.number): p.pk for p in Paragraph.objects.select_related("article")
    }
    created = updated = unchanged = retired = 0
    changes = []
    for item in generated:
        question = existing.pop(item.key, None)
        if question is None:
            _write(Question(key=item.key), item, events, paragraphs, places)
            created += 1
            changes.append(BankChange(item.key, "created", after=item.prompt["en"]))
        elif question.fingerprint == _fingerprint(item) and question.retired_at is None:
            unchanged += 1
        else:
            before = question.prompt_en
            _write(question, item, events, paragraphs, places)
            updated += 1
            changes.append(BankChange(item.key, "updated", before, item.prompt["en"]))
    now = timezone.now()
    for question in existing.values():
        if question.retired_at is None:
            question.retired_at = now
            question.save(update_fields=["retired_at", "updated_at"])
            retired += 1
            changes.append(BankChange(question.key, "retired", before=question.prompt_en))
    if dry_run:
        transaction.set_rollback(True)
    return SyncReport(
        created=created,
        updated=updated,
        unchanged=unchanged,
        retired=retired,
        changes=tuple(changes),
    )


@transaction.atomic
def quiz_set_duplicate(*, quiz_set: QuizSet, user=None) -> QuizSet:
    """Copy a quiz set, unpublished, with its rule, countries and picked questions."""
    base = f"{quiz_set.slug}-copy"
    slug, n = base, 1
    while QuizSet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = QuizSet.objects.get(pk=quiz_set.pk)
    copy.pk = None
    copy.slug = slug
    copy.title_en = f"{quiz_set.title_en} (copy)"
    copy.title_lv = f"{quiz_set.title_lv} (kopija)"
    copy.is_published = False
    copy.created_by = user
    copy.created_at = timezone.now()
    copy.save()
    copy.countries.set(quiz_set.countries.all())
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=copy, question_id=e.question_id, position=e.position)
        for e in quiz_set.entries.all()
    )
    return copy


@transaction.atomic
def question_duplicate(*, question: Question, user) -> Question:
    """Copy a question, with its choices, events and sources, as the user's own."""
    copy = Question.objects.get(pk=question.pk)
    copy.pk = None
    copy.key = new_custom_key()
    copy.is_generated = False
    copy.retired_at = None
    copy.fingerprint = ""
    copy.created_by = user
    copy.created_at = timezone.now()
    copy.save()
    copy.events.set(question.events.all())
    copy.sources.set(question.sources.all())
    choices = list(question.choices.all())
    for choice in choices:
        choice.pk = None
        choice.question = copy
    Choice.objects.bulk_create(choices)
    return copy


# Taking quizzes --------------------------------------------------------------------------


class QuizError(Exception):
    """A request the quiz rules refuse; the message is for the learner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAnswer(QuizError):
    """The answer is not one the question offers (a choice not shown, an incomplete order)."""


class AttemptNotAllowed(QuizError):
    """The learner may not start this attempt."""


class QuizNotOpen(AttemptNotAllowed):
    """The quiz set is unpublished or outside its availability window."""


class AttemptsUsedUp(AttemptNotAllowed):
    """The learner has had every attempt the quiz set allows."""


class NoQuestions(AttemptNotAllowed):
    """There is nothing to draw: the quiz set is empty, or no practice is due."""


class AttemptClosed(QuizError):
    """The attempt was handed in: it takes no more answers."""


class LiveAttempt(AttemptClosed):
    """A live lesson's attempt, taken on in the lesson, not on the quiz pages."""


class AttemptExpired(AttemptClosed):
    """The attempt's time ran out: it takes no more answers."""


# Leitner boxes: how long a question rests in each box after a right answer. A wrong answer
# sends it back to box 1, due at once.
BOX_INTERVALS = {
    1: timedelta(0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=21),
}
PRACTICE_SIZE = 10


@dataclass(frozen=True)
class AnswerResult:
    answer: Answer
    created: bool


def learner_for_user(*, user) -> Learner:
    """Return the user's learner record, creating it on first use."""
    return Learner.objects.get_or_create(user=user)[0]


def learner_create_anonymous() -> Learner:
    """Create a learner for a browser without an account, named by a fresh random token."""
    return Learner.objects.create(anonymous_token=uuid.uuid4())


def _create_attempt(*, learner: Learner, drawn: list[Drawn], **fields):
    attempt = Attempt.objects.create(learner=learner, question_total=len(drawn), **fields)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            question_id=item.question.pk,
            position=position,
            choice_order=[c.pk for c in item.choices],
        )
        for position, item in enumerate(drawn, start=1)
    )
    return attempt


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Close an attempt whose time is up; return whether it is now closed by time."""
    now = now or timezone.now()
    if attempt.is_finished or attempt.deadline is None or now < attempt.deadline:
        return attempt.ending == Attempt.Ending.EXPIRED
    attempt_finish(attempt=attempt, now=attempt.deadline, ending=Attempt.Ending.EXPIRED)
    return True


def attempt_ensure_open(*, attempt: Attempt, now: datetime | None = None) -> None:
    """Refuse to go on with an attempt that is finished or whose time is up."""
    if attempt.kind == Attempt.Kind.LIVE:
        # Its answers are the ones given in the lesson, recorded as the teacher reveals them.
        raise LiveAttempt(_("This is a live lesson: its answers are given in the lesson."))
    # Closing by time is its own transaction: it must stick even though the answer is refused.
    if attempt_expire_if_due(attempt=attempt, now=now):
        raise AttemptExpired(_("Time is up for this attempt; the answer was not recorded."))
    if attempt.is_finished:
        raise _closed()


@transaction.atomic
def attempt_start(
    *, learner: Learner, quiz_set: QuizSet, now: datetime | None = None, seed=None
) -> Attempt:
    """Resume the learner's open attempt at a quiz set, or draw a new one if allowed."""
    now = now or timezone.now()
    if not QuizSet.objects.available(now).filter(pk=quiz_set.pk).exists():
        raise QuizNotOpen(_("This quiz is not open now."))
    # Lock the learner row so two quick "start" clicks can't both draw an attempt.
    Learner.objects.select_for_update().filter(pk=learner.pk).first()
    # Live lessons are not attempts the learner started: the limit doesn't count them.
    attempts = Attempt.objects.filter(learner=learner, quiz_set=quiz_set, kind=Attempt.Kind.QUIZ)
    for attempt in attempts.open():
        if not attempt_expire_if_due(attempt=attempt, now=now):
            return attempt
    if quiz_set.attempts_allowed is not None and attempts.count() >= quiz_set.attempts_allowed:
        raise AttemptsUsedUp(_("You have used all the attempts this quiz allows."))
    # The pool is often the whole bank and an attempt shows a few of it: draw from the ids,
    # and of the drawn ones' choices read only what the attempt keeps.
    pool = selectors.quiz_set_question_ids(quiz_set)
    if not pool:
        raise NoQuestions(_("This quiz has no questions yet."))
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    limit = quiz_set.time_limit_minutes
    return _create_attempt(
        learner=learner,
        drawn=draw(
            pool,
            rng=rng,
            shuffle_questions=quiz_set.shuffle_questions,
            count=quiz_set.question_count,
            shuffle_choices=quiz_set.shuffle_choices,
            choice_fields=DRAWN_CHOICE_FIELDS,
        ),
        kind=Attempt.Kind.QUIZ,
        quiz_set=quiz_set,
        feedback_mode=quiz_set.feedback_mode,
        pass_mark=quiz_set.pass_mark,
        started_at=now,
        deadline=now + timedelta(minutes=limit) if limit else None,
    )


@transaction.atomic
def practice_start(
    *, learner: Learner, size: int = PRACTICE_SIZE, now: datetime | None = None, seed=None
) -> Attempt:
    """Resume the open practice session, or draw one: due questions first, then unseen ones."""
    now = now or timezone.now()
    Learner.objects.select_for_update().filter(pk=learner.pk).first()
    open_practice = Attempt.objects.filter(learner=learner, kind=Attempt.Kind.PRACTICE).open()
    if attempt := open_practice.first():
        return attempt
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    in_use = Question.objects.in_use()
    due_ids = list(
        PracticeCard.objects.due(now)
        .filter(learner=learner, question__in=in_use)
        .order_by("box", "due_at")
        .values_list("question_id", flat=True)[:size]
    )
    unseen_ids = list(
        in_use.exclude(pk__in=PracticeCard.objects.filter(learner=learner).values("question_id"))
        .order_by()
        .values_list("pk", flat=True)
    )
    rng.shuffle(unseen_ids)
    ids = due_ids + unseen_ids[: size - len(due_ids)]
    if not ids:
        raise NoQuestions(_("Nothing is due for practice now. Come back later."))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related("choices")}
    return _create_attempt(
        learner=learner,
        drawn=draw([questions[pk] for pk in ids], rng=rng),
        kind=Attempt.Kind.PRACTICE,
        feedback_mode=QuizSet.Feedback.EACH,
        started_at=now,
    )


@transaction.atomic
def practice_start_from_mistakes(
    *, learner: Learner, attempt: Attempt, now: datetime | None = None, seed=None
) -> Attempt:
    """Draw a practice session of the questions a finished attempt got wrong or left out.

    Asking twice (a double click) resumes the open session of those same questions.
    """
    now = now or timezone.now()
    if attempt.learner_id != learner.pk or not attempt.is_finished:
        raise AttemptNotAllowed(_("Only a finished attempt of yours can be practised."))
    Learner.objects.select_for_update().filter(pk=learner.pk).first()
    right = Answer.objects.filter(attempt=attempt, is_correct=True).values("question_id")
    ids = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .exclude(question_id__in=right)
        .filter(question__in=Question.objects.in_use())
        .order_by("position")
        .values_list("question_id", flat=True)
    )
    if not ids:
        raise AttemptNotAllowed(_("There are no mistakes to practise in this attempt."))
    practices = Attempt.objects.filter(learner=learner, kind=Attempt.Kind.PRACTICE)
    for open_practice in practices.open():
        drawn = open_practice.items.order_by().values_list("question_id", flat=True)
        if sorted(drawn) == sorted(ids):
            return open_practice
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related("choices")}
    return _create_attempt(
        learner=learner,
        drawn=draw([questions[pk] for pk in ids], rng=rng),
        kind=Attempt.Kind.PRACTICE,
        feedback_mode=QuizSet.Feedback.EACH,
        started_at=now,
    )


def _judge_year(question: Question, year: int | None, month: int | None) -> bool:
    """Judge a typed year or a mark on the timeline: right only at the stored precision."""
    if year is None:
        raise InvalidAnswer(_("Give a year."))
    if question.kind == Question.Kind.TIMELINE:
        if question.year_from is not None and not question.year_from <= year <= question.year_to:
            raise InvalidAnswer(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": question.year_from, "last": question.year_to}
            )
        if question.answer_month is not None and month is None:
            raise InvalidAnswer(_("Choose a month too."))
    if month is not None and question.answer_month is None:
        raise InvalidAnswer(_("This question asks for the year only."))
    if month is not None and not 1 <= month <= 12:
        raise InvalidAnswer(_("Choose a month from the list."))
    return year == question.answer_year and month == question.answer_month


def _judge(
    *,
    item: AttemptQuestion,
    choices: list[Choice],
    choice_index,
    order,
    year: int | None = None,
    month: int | None = None,
):
    """Check an answer against the drawn question; return (choice, order ids, correct)."""
    if item.question.kind in (Question.Kind.TIMELINE, Question.Kind.YEAR):
        return None, [], _judge_year(item.question, year, month)
    if item.question.kind == Question.Kind.CHRONOLOGY:
        if order is None or sorted(order) != list(range(len(choices))):
            raise InvalidAnswer(_("Give every event a different place in the order."))
        given = [choices[i] for i in order]
        ranks = [c.rank for c in given]
        return None, [c.pk for c in given], ranks == sorted(ranks)
    if choice_index is None or not 0 <= choice_index < len(choices):
        raise InvalidAnswer(_("Choose one of the answers offered."))
    choice = choices[choice_index]
    return choice, [], choice.is_correct


def _cards_upsert(
    *, cards: list[tuple[int, int, bool]], now: datetime, after: str = ""
) -> tuple[str, list]:
    """Build the statement that moves questions between learners' Leitner boxes.

    `cards` holds (learner id, question id, answered right), no pair twice. One statement
    whether or not the learners have met the questions before. The new box and its due date
    follow BOX_INTERVALS. With `after` (one card only), the card moves only if that common
    table expression produced a row.
    """
    table = PracticeCard._meta.db_table
    q = connection.ops.quote_name
    box, right, wrong, due = q("box"), q("right"), q("wrong"), q("due_at")
    top = PracticeCard.BOXES
    raised = f"CASE WHEN {table}.{box} >= {top} THEN {top} ELSE {table}.{box} + 1 END"
    due_cases = " ".join(f"WHEN {raised} = {n} THEN %s" for n in BOX_INTERVALS)
    row = "%s, %s, %s, %s, %s, %s, %s"
    if after:
        assert len(cards) == 1, "a conditional move is of one card"
        source = f"SELECT {row} WHERE EXISTS (SELECT 1 FROM {after})"
    else:
        source = "VALUES " + ", ".join([f"({row})"] * len(cards))
    # The row proposed for a card met before says how it was answered: right is 1 or 0.
    was_right = f"EXCLUDED.{right} > 0"
    sql = (
        f"INSERT INTO {table} ({q('learner_id')}, {q('question_id')}, {box}, {due}, "
        f"{q('last_seen_at')}, {right}, {wrong}) {source} "
        f"ON CONFLICT ({q('learner_id')}, {q('question_id')}) DO UPDATE SET "
        f"{box} = CASE WHEN {was_right} THEN {raised} ELSE 1 END, "
        f"{due} = CASE WHEN {was_right} THEN (CASE {due_cases} END) ELSE %s END, "
        f"{q('last_seen_at')} = EXCLUDED.{q('last_seen_at')}, "
        f"{right} = {table}.{right} + EXCLUDED.{right}, "
        f"{wrong} = {table}.{wrong} + EXCLUDED.{wrong}"
    )

    def at(interval: timedelta):
        # Raw SQL gets datetimes as the ORM would store them (naive UTC text on SQLite).
        return connection.ops.adapt_datetimefield_value(now + interval)

    params = []
    for learner_id, question_id, correct in cards:
        first_box = 2 if correct else 1
        params += [
            learner_id,
            question_id,
            first_box,
            at(BOX_INTERVALS[first_box]),
            at(timedelta(0)),
            int(correct),
            int(not correct),
        ]
    params += [*(at(interval) for interval in BOX_INTERVALS.values()), at(BOX_INTERVALS[1])]
    return sql, params


def practice_cards_record(
    *, cards: list[tuple[int, int, bool]], now: datetime | None = None
) -> None:
    """Move questions between learners' Leitner boxes after their answers, in one statement.

    `cards` holds (learner id, question id, answered right), no (learner, question) twice.
    A right answer raises the question one box (at most the last) and rests it for that box's
    interval; a wrong one sends it back to box 1, due at once.
    """
    if not cards:
        return
    sql, params = _cards_upsert(cards=cards, now=now or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def practice_card_record(
    *, learner_id: int, question_id: int, correct: bool, now: datetime | None = None
) -> None:
    """Move a question between the learner's Leitner boxes after an answer."""
    practice_cards_record(cards=[(learner_id, question_id, correct)], now=now)


def _prepared(model, **values) -> list:
    return [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]


def _closed() -> AttemptClosed:
    return AttemptClosed(_("This attempt is finished; the answer was not recorded."))


def _count_sql() -> str:
    """Count an answer on its attempt, only while the attempt is open.

    This also locks the attempt's row: a finish racing the answer waits for it, then counts it.
    """
    q = connection.ops.quote_name
    return (
        f"UPDATE {q(Attempt._meta.db_table)} SET {q('answered_count')} = "
        f"{q('answered_count')} + 1, {q('correct_count')} = {q('correct_count')} + %s "
        f"WHERE {q('id')} = %s AND {q('finished_at')} IS NULL"
    )


def _answer_columns(values: dict) -> str:
    q = connection.ops.quote_name
    return ", ".join(q(Answer._meta.get_field(name).column) for name in values)


def _store_in_one_statement(
    *, attempt: Attempt, values: dict, correct: bool, now, schedule: bool = True
) -> int | None:
    """Count, store and schedule one answer in a single PostgreSQL statement.

    Data-modifying common table expressions make the three writes one round trip and one
    atomic statement: nothing is stored unless the attempt was open, and a second answer to the
    question fails the whole statement on the unique constraint.
    """
    q = connection.ops.quote_name
    card, card_params = "", []
    if schedule:
        card_sql, card_params = _cards_upsert(
            cards=[(attempt.learner_id, values["question"], correct)], now=now, after="stored"
        )
        card = f", card AS ({card_sql})"
    sql = (
        f"WITH opened AS ({_count_sql()} RETURNING {q('id')}), "
        f"stored AS (INSERT INTO {q(Answer._meta.db_table)} "
        f"({q('attempt_id')}, {_answer_columns(values)}) "
        f"SELECT {q('id')}, {', '.join(['%s'] * len(values))} FROM opened "
        f"RETURNING {q('id')}){card} "
        f"SELECT (SELECT {q('id')} FROM stored)"
    )
    params = [int(correct), attempt.pk, *_prepared(Answer, **values), *card_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _store_in_three_statements(
    *, attempt: Attempt, values: dict, correct: bool, now, schedule: bool = True
) -> int | None:
    """Count, store and schedule one answer with plain statements in the caller's transaction,
    written out so that the write lock is held for the statements alone."""
    q = connection.ops.quote_name
    values = {"attempt": attempt.pk, **values}
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), [int(correct), attempt.pk])
        if cursor.rowcount != 1:
            return None
        cursor.execute(
            f"INSERT INTO {q(Answer._meta.db_table)} ({_answer_columns(values)}) "
            f"VALUES ({', '.join(['%s'] * len(values))}) RETURNING {q('id')}",
            _prepared(Answer, **values),
        )
        answer_id = cursor.fetchone()[0]
    if schedule:
        practice_card_record(
            learner_id=attempt.learner_id,
            question_id=values["question"],
            correct=correct,
            now=now,
        )
    return answer_id


def _answer_store(
    *,
    attempt: Attempt,
    question_id: int,
    choice,
    order: list,
    correct: bool,
    now: datetime,
    year: int | None = None,
    month: int | None = None,
) -> Answer:
    """Count, store and schedule one answer; refuse if the attempt is no longer open."""
    values = {
        "question": question_id,
        "choice": choice.pk if choice else None,
        "order": order,
        "is_correct": correct,
        "answered_at": now,
    }
    if year is not None:
        # Only the year kinds write these columns: the other kinds' statement stays as it was.
        values["given_year"], values["given_month"] = year, month
    store = (
        _store_in_one_statement
        if connection.vendor == "postgresql"
        else _store_in_three_statements
    )
    # With feedback at the end the answer may still change: its card moves at hand-in.
    schedule = attempt.feedback_mode != QuizSet.Feedback.END
    answer_id = store(attempt=attempt, values=values, correct=correct, now=now, schedule=schedule)
    if answer_id is None:
        raise _closed()
    return Answer(
        pk=answer_id,
        attempt=attempt,
        question_id=question_id,
        choice=choice,
        order=order,
        is_correct=correct,
        answered_at=now,
        given_year=year,
        given_month=month,
    )


def answer_submit(
    *,
    attempt: Attempt,
    item: AttemptQuestion,
    choice_index: int | None = None,
    order: list[int] | None = None,
    year: int | None = None,
    month: int | None = None,
    now: datetime | None = None,
) -> AnswerResult:
    """Record the one answer to a drawn question; a repeat gets the first answer back.

    A repeat must still be a valid answer; callers holding an invalid one look the stored
    answer up themselves.
    """
    now = now or timezone.now()
    try:
        attempt_ensure_open(attempt=attempt, now=now)
    except AttemptClosed:
        if earlier := selectors.stored_answer(item):
            return AnswerResult(answer=earlier, created=False)
        raise
    choices = selectors.shown_choices(item)
    choice, given, correct = _judge(
        item=item, choices=choices, choice_index=choice_index, order=order, year=year, month=month
    )
    # On PostgreSQL the store is one statement, a transaction by itself; elsewhere, or inside
    # a caller's transaction, it needs its own (a savepoint, if nested).
    single = connection.vendor == "postgresql" and not connection.in_atomic_block
    try:
        with nullcontext() if single else transaction.atomic():
            answer = _answer_store(
                attempt=attempt,
                question_id=item.question_id,
                choice=choice,
                order=given,
                correct=correct,
                now=now,
                year=year,
                month=month if year is not None else None,
            )
    except IntegrityError:
        # Answered before, or by a concurrent request: the constraint kept one row; return it.
        answer = selectors.stored_answer(item)
        if answer is None:
            raise
        return AnswerResult(answer=answer, created=False)
    attempt.answered_count += 1
    attempt.correct_count += int(correct)
    return AnswerResult(answer=answer, created=True)


def answer_change(
    *,
    attempt: Attempt,
    item: AttemptQuestion,
    choice_index: int | None = None,
    order: list[int] | None = None,
    year: int | None = None,
    month: int | None = None,
    now: datetime | None = None,
) -> AnswerResult:
    """Replace the answer to a drawn question of a feedback-at-the-end attempt until hand-in.

    The one stored row is updated in place and the attempt's count of right answers follows.
    The open attempt's row is locked first, so concurrent changes and a hand-in take turns.
    """
    now = now or timezone.now()
    if attempt.feedback_mode != QuizSet.Feedback.END:
        raise AttemptNotAllowed(_("An answer with its feedback shown cannot be changed."))
    attempt_ensure_open(attempt=attempt, now=now)
    choice, given, correct = _judge(
        item=item,
        choices=selectors.shown_choices(item),
        choice_index=choice_index,
        order=order,
        year=year,
        month=month,
    )
    with transaction.atomic():
        if not Attempt.objects.select_for_update().filter(pk=attempt.pk).open().exists():
            raise _closed()
        answer = selectors.stored_answer(item)
        if answer is None:
            raise InvalidAnswer(_("This question has no answer to change yet."))
        unchanged = (
            answer.choice_id == (choice.pk if choice else None)
            and answer.order == given
            and (answer.given_year, answer.given_month) == (year, month)
        )
        if unchanged:
            return AnswerResult(answer=answer, created=False)
        delta = int(correct) - int(answer.is_correct)
        Answer.objects.filter(pk=answer.pk).update(
            choice=choice,
            order=given,
            is_correct=correct,
            answered_at=now,
            given_year=year,
            given_month=month,
        )
        if delta:
            Attempt.objects.filter(pk=attempt.pk).update(correct_count=F("correct_count") + delta)
    attempt.correct_count += delta
    answer.choice, answer.order, answer.is_correct, answer.answered_at = (
        choice,
        given,
        correct,
        now,
    )
    answer.given_year, answer.given_month = year, month
    return AnswerResult(answer=answer, created=False)


def answer_record(
    *,
    attempt: Attempt,
    item: AttemptQuestion,
    choice_index: int | None = None,
    order: list[int] | None = None,
    year: int | None = None,
    month: int | None = None,
    now: datetime | None = None,
) -> AnswerResult:
    """Store an answer; with feedback at the end, a later one replaces it until hand-in."""
    given = {"choice_index": choice_index, "order": order, "year": year, "month": month}
    result = answer_submit(attempt=attempt, item=item, now=now, **given)
    if result.created or attempt.feedback_mode != QuizSet.Feedback.END:
        return result
    return answer_change(attempt=attempt, item=item, now=now, **given)


def _cards_record_final_answers(*, attempt: Attempt, answers: list, now: datetime) -> None:
    # Feedback at the end: each answer moves its Leitner card once, as handed in.
    practice_cards_record(
        cards=[(attempt.learner_id, question_id, correct) for question_id, correct in answers],
        now=now,
    )


@transaction.atomic
def attempt_finish(
    *,
    attempt: Attempt,
    now: datetime | None = None,
    ending: str = Attempt.Ending.SUBMITTED,
) -> Attempt:
    """Close an attempt and score it from its stored answers; finishing twice changes nothing."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not locked.is_finished:
        answers = list(
            Answer.objects.filter(attempt=locked)
            .order_by()
            .values_list("question_id", "is_correct")
        )
        locked.score = sum(correct for _, correct in answers)
        locked.finished_at = now or timezone.now()
        locked.ending = ending
        locked.save(update_fields=["score", "finished_at", "ending"])
        if locked.feedback_mode == QuizSet.Feedback.END:
            _cards_record_final_answers(attempt=locked, answers=answers, now=locked.finished_at)
    for field in ("score", "finished_at", "ending"):
        setattr(attempt, field, getattr(locked, field))
    return attempt


def _attempts_over_limit(*, anonymous: Learner, target: Learner) -> models.QuerySet:
    """The anonymous attempts that would take the account past a set's attempt limit.

    The account's own attempts count first, then the anonymous ones oldest first; the rest
    are kept as practice (their answers stay in the learner's history and boxes) rather than
    as attempts at the set, so neither the limit nor a teacher's results ever see more
    attempts than the set allows.
    """
    limited = list(
        Attempt.objects.filter(
            learner=anonymous, kind=Attempt.Kind.QUIZ, quiz_set__attempts_allowed__isnull=False
        )
        .select_related("quiz_set")
        .order_by("started_at", "pk")
    )
    held = dict(
        Attempt.objects.filter(
            learner=target, kind=Attempt.Kind.QUIZ, quiz_set__in={a.quiz_set_id for a in limited}
        )
        .values("quiz_set")
        .annotate(n=models.Count("pk"))
        .values_list("quiz_set", "n")
    )
    extra = []
    for attempt in limited:
        if held.get(attempt.quiz_set_id, 0) < attempt.quiz_set.attempts_allowed:
            held[attempt.quiz_set_id] = held.get(attempt.quiz_set_id, 0) + 1
        else:
            extra.append(attempt.pk)
    return Attempt.objects.filter(pk__in=extra)


def learner_purge_idle_anonymous(
    *, idle: timedelta, now: datetime | None = None, batch_size: int = 200, dry_run: bool = False
) -> dict[str, int]:
    """Delete anonymous learners idle for ``idle`` and all they did; count what went.

    Only learners without an account qualify, so nothing of an account, and nothing a class
    report counts (those are the attempts of class members, all accounts), is touched.
    Each batch is its own short transaction and is checked again as it is deleted, so a
    learner who comes back meanwhile is kept, and running it twice deletes nothing more.
    """
    cutoff = (now or timezone.now()) - idle
    report = {"learners": 0, "attempts": 0, "answers": 0, "questions drawn": 0, "cards": 0}
    if dry_run:
        idle_learners = selectors.anonymous_learners_idle_since(cutoff)
        report["learners"] = idle_learners.count()
        report["attempts"] = Attempt.objects.filter(learner__in=idle_learners).count()
        report["answers"] = Answer.objects.filter(attempt__learner__in=idle_learners).count()
        report["questions drawn"] = AttemptQuestion.objects.filter(
            attempt__learner__in=idle_learners
        ).count()
        report["cards"] = PracticeCard.objects.filter(learner__in=idle_learners).count()
        return report
    names = {
        Learner._meta.label: "learners",
        Attempt._meta.label: "attempts",
        Answer._meta.label: "answers",
        AttemptQuestion._meta.label: "questions drawn",
        PracticeCard._meta.label: "cards",
    }
    while True:
        with transaction.atomic():
            idle_learners = selectors.anonymous_learners_idle_since(cutoff)
            pks = list(idle_learners.values_list("pk", flat=True)[:batch_size])
            if not pks:
                return report
            _total, deleted = idle_learners.filter(pk__in=pks).delete()
        for label, count in deleted.items():
            if label in names:
                report[names[label]] += count


@transaction.atomic
def learner_merge(*, anonymous: Learner, user) -> Learner:
    """Give a signed-in user the attempts and practice boxes of their anonymous session."""
    if anonymous.user_id is not None:
        return anonymous
    target = Learner.objects.select_for_update().filter(user=user).first()
    if target is None:
        anonymous.user = user
        # The browser's token no longer names anybody: signing out leaves nothing behind.
        anonymous.anonymous_token = None
        anonymous.save(update_fields=["user", "anonymous_token"])
        return anonymous
    _attempts_over_limit(anonymous=anonymous, target=target).update(
        kind=Attempt.Kind.PRACTICE, quiz_set=None
    )
    Attempt.objects.filter(learner=anonymous).update(learner=target)
    theirs = {c.question_id: c for c in PracticeCard.objects.filter(learner=target)}
    for card in PracticeCard.objects.filter(learner=anonymous):
        kept = theirs.get(card.question_id)
        if kept is None:
            card.learner = target
            card.save(update_fields=["learner"])
            continue
        # Both saw the question: keep the box of the latest answer, add up the tallies.
        if card.last_seen_at > kept.last_seen_at:
            kept.box, kept.due_at, kept.last_seen_at = card.box, card.due_at, card.last_seen_at
        kept.right += card.right
        kept.wrong += card.wrong
        kept.save()
    anonymous.delete()
    return target
