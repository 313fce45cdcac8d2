"""Reads for the quizzes: facts for the generators, attempts, progress and practice."""

import random
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from core.rows import Columns
from history.models import Citation, Country, Event, Paragraph, Participation, Place, Role
from quizzes import charts, question_cache, year_answers
from quizzes.draw import draw
from quizzes.generators import EventFacts, Named, Signature, Source
from quizzes.models import (
    Answer,
    Attempt,
    AttemptQuestion,
    Choice,
    Learner,
    PracticeCard,
    Question,
    QuizSet,
)
from quizzes.signals import quiz_set_withdrawal


def _named(obj) -> Named:
    """Turn a country, place or person into plain data, with the forms its sentences need."""
    forms = {}
    aliases: tuple[str, ...] = ()
    existed = (None, None)
    location = None
    if isinstance(obj, Country):
        forms["lv.gen"] = obj.name_lv_genitive
        forms["en"] = f"the {obj.name_en}" if obj.english_article else obj.name_en
        aliases = tuple(a.strip() for a in obj.other_names.split(",") if a.strip())
        existed = (obj.existed_from, obj.existed_until)
    elif isinstance(obj, Place):
        forms["lv.loc"] = obj.name_lv_locative
        location = (float(obj.latitude), float(obj.longitude))
    return Named(
        slug=obj.natural_key()[0],
        name={"en": obj.name_en, "lv": obj.name_lv},
        forms={k: v for k, v in forms.items() if v},
        aliases=aliases,
        existed=existed,
        location=location,
    )


def _forms(event: Event, field: str) -> dict[str, str]:
    """Read one naming of an event (its name or its description) in every stored form."""
    forms = {
        "en": getattr(event, f"{field}_en"),
        "lv": getattr(event, f"{field}_lv"),
        "lv.acc": getattr(event, f"{field}_lv_accusative"),
        "lv.loc": getattr(event, f"{field}_lv_locative"),
    }
    if not (forms["en"] and forms["lv"]):
        return {}
    return {k: v for k, v in forms.items() if v}


def event_facts() -> list[EventFacts]:
    """Read every event with what questions can be asked of it, in a fixed number of queries."""
    events = (
        Event.objects.chronological()
        .select_related("place__country", "dated_after")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("country")),
            Prefetch("roles", queryset=Role.objects.select_related("person", "on_behalf_of")),
            Prefetch("citations", queryset=Citation.objects.select_related("paragraph__article")),
        )
    )
    facts = []
    for event in events:
        parties = [p.country for p in event.participations.all() if p.role == "party"]
        others = [p.country for p in event.participations.all() if p.role != "party"]
        # The host state of an event is never offered as "not a party": the articles may
        # simply not say whether it took part.
        if event.place and event.place.country not in parties + others:
            others.append(event.place.country)
        facts.append(
            EventFacts(
                slug=event.slug,
                kind=event.kind,
                title={"en": event.title_en, "lv": event.title_lv},
                start=event.start_date,
                end=event.end_date,
                precision=event.precision,
                sources=tuple(
                    Source(
                        article=c.paragraph.article.slug,
                        paragraph=c.paragraph.number,
                        language=c.paragraph.article.language,
                        quote=c.quote,
                        states_parties=c.states_parties,
                    )
                    for c in event.citations.all()
                ),
                place=_named(event.place) if event.place else None,
                parties=tuple(_named(c) for c in parties),
                others=tuple(_named(c) for c in others),
                signatures=tuple(
                    Signature(person=_named(r.person), country=_named(r.on_behalf_of))
                    for r in event.roles.all()
                    if r.kind == Role.Kind.SIGNATORY
                ),
                people=tuple(_named(r.person) for r in event.roles.all()),
                name=_forms(event, "name"),
                description=_forms(event, "description"),
                plural=event.name_is_plural,
                verb=event.verb,
                participants_complete=event.participants_complete,
                after=event.dated_after.slug if event.dated_after else None,
                number=event.number,
            )
        )
    return facts


def quiz_set_pool(
    *,
    mode: str,
    question_kinds: list[str] = (),
    event_kinds: list[str] = (),
    period_start=None,
    period_end=None,
    countries=(),
    quiz_set: QuizSet | None = None,
) -> QuerySet[Question]:
    """Return the questions a quiz set may draw from, by its rule or its picked list."""
    if mode == QuizSet.Mode.PICKED:
        if quiz_set is None or quiz_set.pk is None:
            return Question.objects.none()
        return (
            Question.objects.in_use()
            .filter(entries__quiz_set=quiz_set)
            .order_by("entries__position", "entries__id")
        )
    questions = Question.objects.in_use()
    if question_kinds:
        questions = questions.filter(kind__in=question_kinds)
    # A question is in the period (or about a kind of event, or a country) when every event
    # it asks about is: exclude those with any event outside.
    outside = Event.objects.none()
    if event_kinds:
        outside = outside | Event.objects.exclude(kind__in=event_kinds)
    if period_start is not None:
        outside = outside | Event.objects.filter(start_date__lt=period_start)
    if period_end is not None:
        outside = outside | Event.objects.filter(start_date__gt=period_end)
    if event_kinds or period_start is not None or period_end is not None:
        questions = questions.filter(events__isnull=False).exclude(events__in=outside)
    if countries:
        questions = questions.filter(events__participations__country__in=countries)
    return questions.distinct().order_by("kind", "key")


def quiz_set_questions(quiz_set: QuizSet) -> QuerySet[Question]:
    """Return a saved quiz set's pool."""
    return quiz_set_pool(
        mode=quiz_set.mode,
        question_kinds=quiz_set.question_kinds,
        event_kinds=quiz_set.event_kinds,
        period_start=quiz_set.period_start,
        period_end=quiz_set.period_end,
        countries=list(quiz_set.countries.all()),
        quiz_set=quiz_set,
    )


def quiz_set_question_ids(quiz_set: QuizSet) -> list[int]:
    """Return the ids of a saved quiz set's pool, in the pool's order.

    Read through the cursor: the pool is often the whole bank, and the ORM's values iterator
    (modeltranslation's, around Django's) costs more per row than the query does.
    """
    sql, params = quiz_set_questions(quiz_set).values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def quiz_set_preview(quiz_set: QuizSet, *, seed: int | str = 0) -> list[Question]:
    """Draw a quiz set once, as an attempt would, with choices prefetched."""
    drawn = draw(
        list(quiz_set_questions(quiz_set).prefetch_related("choices")),
        rng=random.Random(preview_seed(quiz_set, seed)),
        shuffle_questions=quiz_set.shuffle_questions,
        count=quiz_set.question_count,
        shuffle_choices=quiz_set.shuffle_choices,
    )
    for item in drawn:
        item.question.shown_choices = item.choices
    return [item.question for item in drawn]


def preview_seed(quiz_set: QuizSet, seed: int | str) -> str:
    """The seed of a preview: an attempt started with it draws what the preview shows."""
    return f"{quiz_set.slug}:{seed}"


def question_bank_counts() -> dict[str, int]:
    """Count the questions in use, per kind."""
    rows = Question.objects.in_use().values("kind").annotate(n=Count("id")).order_by("kind")
    return {row["kind"]: row["n"] for row in rows}


# Taking quizzes --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceQuote:
    """A paragraph that proves an answer, with the words that do."""

    paragraph: Paragraph
    quote: str
    language: str


@dataclass(frozen=True)
class Progress:
    answered: int
    correct: int
    total: int

    @property
    def percent_done(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def _review_prefetches() -> list:
    return [
        Prefetch("question__choices", queryset=Choice.objects.select_related("place")),
        Prefetch("question__sources", queryset=Paragraph.objects.select_related("article")),
        Prefetch(
            "question__events",
            queryset=Event.objects.prefetch_related(
                Prefetch(
                    "citations", queryset=Citation.objects.select_related("paragraph__article")
                )
            ),
        ),
    ]


def shown_choices(item: AttemptQuestion) -> list[Choice]:
    """Return a drawn question's choices in the order the attempt shows them."""
    choices = item.choices if hasattr(item, "choices") else item.question.choices.all()
    by_id = {c.pk: c for c in choices}
    # A choice a teacher deleted since the draw simply drops out of the list.
    return [by_id[pk] for pk in item.choice_order if pk in by_id]


def _excerpts(quotes: list[str]) -> list[str]:
    """Drop repeated quotes, and those another quote of the same paragraph already holds."""
    unique = list(dict.fromkeys(quotes))
    return [q for q in unique if not any(q != other and q in other for other in unique)]


def _source_quotes(paragraphs, citations, language: str) -> list[SourceQuote]:
    quotes = {}
    for citation in citations:
        quotes.setdefault(citation.paragraph_id, []).append(citation.quote)
    found = [
        SourceQuote(
            paragraph=p,
            quote=" … ".join(_excerpts(quotes.get(p.pk, []))) or p.text,
            language=p.article.language,
        )
        for p in paragraphs
    ]
    return sorted(found, key=lambda s: (s.language != language, s.paragraph.number))


def question_sources(question: Question, language: str) -> list[SourceQuote]:
    """Quote each source paragraph of a question, the reader's language first."""
    paragraphs = list(Paragraph.objects.filter(questions=question).select_related("article"))
    citations = Citation.objects.filter(
        event__questions=question, paragraph__in=paragraphs
    ).order_by()
    return _source_quotes(paragraphs, citations, language)


def attempt_for_learner(*, public_id, learner_id: int | None) -> Attempt | None:
    """Find an attempt by its public id, only if it belongs to this learner."""
    if learner_id is None:
        return None
    return (
        Attempt.objects.select_related("quiz_set", "learner")
        .filter(public_id=public_id, learner_id=learner_id)
        .first()
    )


def stored_answer(item: AttemptQuestion) -> Answer | None:
    """Return the answer given to a drawn question, if any."""
    return (
        Answer.objects.filter(attempt_id=item.attempt_id, question_id=item.question_id)
        .order_by()
        .first()
    )


@dataclass(frozen=True)
class QuestionContent:
    """What every student sees of a question: its choices, and the sources its feedback quotes
    (in English order; item_sources puts the reader's language first)."""

    choices: list[Choice]
    sources: list[SourceQuote]


def _build_content(question: Question) -> QuestionContent:
    return QuestionContent(
        # A map question's choices each mark a place: read them along (a join, not a query).
        choices=list(
            Choice.objects.filter(question_id=question.pk).select_related("place").order_by()
        ),
        sources=question_sources(question, "en"),
    )


def _question_content(question: Question) -> QuestionContent:
    # Kept on the question too, so that its sources, asked for after its choices, cost nothing.
    content = getattr(question, "_content", None)
    if content is None:
        content = question_cache.cached_content(question, build=_build_content)
        question._content = content
    return content


def item_sources(item: AttemptQuestion, language: str) -> list[SourceQuote]:
    """Quote each source paragraph of a drawn question, the reader's language first."""
    sources = _question_content(item.question).sources
    return sorted(sources, key=lambda s: (s.language != language, s.paragraph.number))


def _with_content(items: list[AttemptQuestion]) -> None:
    # What is the same for everyone comes from the cache (quizzes/question_cache.py), for all
    # the items in one round trip.
    questions = [item.question for item in items]
    for question, content in zip(
        questions, question_cache.cached_contents(questions, build=_build_content), strict=True
    ):
        question._content = content
    for item in items:
        item.choices = item.question._content.choices


def _item(rows: QuerySet[AttemptQuestion], *, with_answer: bool) -> AttemptQuestion | None:
    # The page of one question is the busiest read of the site: plain queries, no prefetching.
    item = next(iter(rows.order_by()[:1]), None)
    if item is None:
        return None
    _with_content([item])
    item.answer = stored_answer(item) if with_answer else None
    return item


def attempt_item(*, attempt: Attempt, position: int) -> AttemptQuestion | None:
    """Read one drawn question of an attempt with its choices and the answer given, if any."""
    rows = AttemptQuestion.objects.select_related("attempt", "question")
    return _item(rows.filter(attempt=attempt, position=position), with_answer=True)


# A question row is wide (every text in every language): the pages leave these out. updated_at
# is read: it names the question's entry in the cache.
_QUESTION_UNUSED = ("key", "difficulty", "is_generated", "fingerprint", "created_at")


def learner_attempt_item(
    *,
    public_id,
    position: int,
    learner_id: int | None = None,
    token=None,
    with_answer: bool = True,
    with_next: bool = False,
) -> AttemptQuestion | None:
    """Read one drawn question and its attempt, only if the attempt is this learner's.

    The learner is an account's learner id, or an anonymous browser's token.

    Without the answer (and the quiz set, which only the page shows), callers that are about
    to store an answer learn of an earlier one from the database constraint instead.

    With `with_next`, the same query reads the drawn question after it: `item.waiting` is that
    one, with its choices, if it is not answered yet (the answer's response carries it, so
    that "Next question" needs no round trip), or None.
    """
    if learner_id is None and token is None:
        return None
    if not with_next:
        if learner_id is not None:
            whose = Q(attempt__learner_id=learner_id)
        else:
            # An anonymous learner by the browser's token, in the same query.
            whose = Q(attempt__learner__in=Learner.objects.named_by(token))
        related = ("attempt__quiz_set", "question") if with_answer else ("attempt", "question")
        rows = (
            AttemptQuestion.objects.select_related(*related)
            .defer(*(f"question__{name}" for name in _QUESTION_UNUSED))
            .filter(whose, attempt__public_id=public_id, position=position)
        )
        return _item(rows, with_answer=with_answer)
    found = {row.position: row for row in _item_and_next(public_id, position, learner_id, token)}
    item = found.get(position)
    if item is None:
        return None
    waiting = found.get(position + 1)
    if waiting is not None and waiting.is_answered:
        waiting = None
    _with_content([item] if waiting is None else [item, waiting])
    if waiting is not None:
        waiting.attempt, waiting.answer = item.attempt, None
    item.waiting = waiting
    item.answer = stored_answer(item) if with_answer else None
    return item


_ITEM = Columns(AttemptQuestion, "aq")
_ATTEMPT = Columns(Attempt, "a")
_QUESTION = Columns(Question, "q", leave_out=_QUESTION_UNUSED)


def _item_and_next(public_id, position: int, learner_id, token) -> list[AttemptQuestion]:
    """Read a learner's drawn question, the one after it, their attempt and questions, and
    whether each is answered, in one query.

    The answer reads this on every answer; written out, it costs a fraction of what building
    and compiling the same ORM query did (bench/hotpaths.py), and makes the same instances.
    """
    if learner_id is not None:
        who = learner_id
    else:
        who = Learner._meta.get_field("anonymous_token").get_db_prep_value(token, connection)
    sql = _item_and_next_sql(connection.vendor, by_account=learner_id is not None)
    public_id = Attempt._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [public_id, position, position + 1, who])
        rows = cursor.fetchall()
    items = []
    attempt_at = len(_ITEM)
    question_at = attempt_at + len(_ATTEMPT)
    answered_at = question_at + len(_QUESTION)
    for row in rows:
        item = _ITEM.instance(row[:attempt_at])
        item.attempt = _ATTEMPT.instance(row[attempt_at:question_at])
        item.question = _QUESTION.instance(row[question_at:answered_at])
        item.is_answered = bool(row[answered_at])
        items.append(item)
    return items


@cache
def _item_and_next_sql(vendor: str, *, by_account: bool) -> str:
    q = connection.ops.quote_name
    table = {m: q(m._meta.db_table) for m in (AttemptQuestion, Attempt, Question, Answer, Learner)}
    if by_account:
        whose = f"a.{q('learner_id')} = %s"
    else:
        # An anonymous learner by the browser's token; an account's learner is never named so.
        whose = (
            f"a.{q('learner_id')} IN (SELECT {q('id')} FROM {table[Learner]} WHERE "
            f"{q('anonymous_token')} = %s AND {q('user_id')} IS NULL)"
        )
    return (
        f"SELECT {_ITEM.sql()}, {_ATTEMPT.sql()}, {_QUESTION.sql()}, EXISTS (SELECT 1 FROM "
        f"{table[Answer]} an WHERE an.{q('attempt_id')} = aq.{q('attempt_id')} AND "
        f"an.{q('question_id')} = aq.{q('question_id')}) "
        f"FROM {table[AttemptQuestion]} aq "
        f"INNER JOIN {table[Attempt]} a ON a.{q('id')} = aq.{q('attempt_id')} "
        f"INNER JOIN {table[Question]} q ON q.{q('id')} = aq.{q('question_id')} "
        f"WHERE a.{q('public_id')} = %s AND aq.{q('position')} IN (%s, %s) AND {whose}"
    )


def attempt_progress(attempt: Attempt) -> Progress:
    """Read an attempt's progress from its counters, kept with every stored answer."""
    return Progress(
        answered=attempt.answered_count,
        correct=attempt.correct_count,
        total=attempt.question_total,
    )


def attempt_next_position(attempt: Attempt) -> int | None:
    """Return the first drawn question not yet answered, or None when all are."""
    answered = Answer.objects.filter(attempt=attempt).values("question_id")
    return (
        AttemptQuestion.objects.filter(attempt=attempt)
        .exclude(question_id__in=answered)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )


def attempt_review(attempt: Attempt, language: str) -> list[AttemptQuestion]:
    """Read every drawn question of an attempt with its answer and sources, in fixed queries."""
    items = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related(*_review_prefetches())
        .order_by("position")
    )
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    for item in items:
        question = item.question
        item.answer = answers.get(item.question_id)
        item.shown = shown_choices(item)
        citations = [c for e in question.events.all() for c in e.citations.all()]
        paragraphs = list(question.sources.all())
        wanted = {p.pk for p in paragraphs}
        item.sources = _source_quotes(
            paragraphs, [c for c in citations if c.paragraph_id in wanted], language
        )
        if question.kind in year_answers.KINDS:
            item.placed = year_answers.placed(question, item.answer)
        if question.kind == Question.Kind.CHRONOLOGY:
            # Unanswered, there is no order of the learner's; the order in time is still shown.
            item.given, item.right_order = (
                chronology_orders(item.answer, item.shown)
                if item.answer
                else ([], sorted(item.shown, key=lambda c: c.rank or 0))
            )
    return items


def mark_repeated_sources(items: list[AttemptQuestion]) -> None:
    """Mark each reviewed source quoted for an earlier item, so a page quotes it only once."""
    seen = set()
    for item in items:
        item.source_rows = []
        for source in item.sources:
            item.source_rows.append((source, source.paragraph.pk in seen))
            seen.add(source.paragraph.pk)


def attempt_item_waiting(*, attempt: Attempt, position: int) -> AttemptQuestion | None:
    """Read the drawn question after this position, with its choices, if it is unanswered.

    The answer's response carries it, so that "Next question" needs no round trip.
    """
    answered = Answer.objects.filter(attempt_id=attempt.pk, question_id=OuterRef("question_id"))
    rows = (
        AttemptQuestion.objects.select_related("question")
        .defer(*(f"question__{name}" for name in _QUESTION_UNUSED))
        .filter(attempt_id=attempt.pk, position=position + 1)
        .exclude(Exists(answered))
    )
    item = _item(rows, with_answer=False)
    if item is not None:
        item.attempt = attempt
    return item


@dataclass(frozen=True)
class TopicResult:
    """How an attempt went on one topic: a kind of question, or a year of the events."""

    topic: str
    label: str
    answered: int
    correct: int
    total: int


def attempt_topics(items: list[AttemptQuestion]) -> list[TopicResult]:
    """Sum up reviewed items per kind of question and per year of their earliest event."""
    kind_labels = dict(Question.Kind.choices)
    tally: dict[tuple[str, object], list[int]] = {}
    for item in items:
        years = [e.start_date.year for e in item.question.events.all() if e.start_date]
        keys = [("kind", item.question.kind)]
        if years:
            keys.append(("year", min(years)))
        for key in keys:
            counts = tally.setdefault(key, [0, 0, 0])
            counts[0] += item.answer is not None
            counts[1] += bool(item.answer and item.answer.is_correct)
            counts[2] += 1
    return [
        TopicResult(
            topic=topic,
            label=str(kind_labels.get(value, value)) if topic == "kind" else str(value),
            answered=answered,
            correct=correct,
            total=total,
        )
        for (topic, value), (answered, correct, total) in sorted(
            tally.items(), key=lambda pair: (pair[0][0], str(pair[0][1]))
        )
    ]


def learner_open_attempts(learner_id: int | None, now=None) -> list[Attempt]:
    """Return the learner's attempts still open (and in time), the latest first."""
    if learner_id is None:
        return []
    now = now or timezone.now()
    return list(
        Attempt.objects.open()
        .filter(learner_id=learner_id)
        # A live lesson goes on in the lesson, not from here.
        .exclude(kind=Attempt.Kind.LIVE)
        .filter(Q(deadline__isnull=True) | Q(deadline__gt=now))
        .select_related("quiz_set")
        .order_by("-started_at")[:3]
    )


@dataclass
class QuizSetStanding:
    """A quiz set as the quiz list shows it to one learner."""

    quiz_set: QuizSet
    size: int
    attempts: int = 0
    best: int | None = None
    open_attempt: Attempt | None = None

    @property
    def attempts_left(self) -> int | None:
        if self.quiz_set.attempts_allowed is None:
            return None
        return max(self.quiz_set.attempts_allowed - self.attempts, 0)


def quiz_list(*, learner_id: int | None, now=None) -> list[QuizSetStanding]:
    """List the quiz sets open now, with the learner's attempts and best score at each."""
    sets = list(QuizSet.objects.available(now).prefetch_related("countries"))
    attempts = (
        list(
            Attempt.objects.filter(
                learner_id=learner_id, quiz_set__in=sets, kind=Attempt.Kind.QUIZ
            ).only(
                "quiz_set_id", "score", "question_total", "finished_at", "public_id", "deadline"
            )
        )
        if learner_id
        else []
    )
    standings = []
    for quiz_set in sets:
        # Each rule is its own query; the list holds a handful of sets.
        pool = quiz_set_questions(quiz_set).count()
        mine = [a for a in attempts if a.quiz_set_id == quiz_set.pk]
        scores = [a.percent for a in mine if a.percent is not None]
        standings.append(
            QuizSetStanding(
                quiz_set=quiz_set,
                size=min(pool, quiz_set.question_count or pool),
                attempts=len(mine),
                best=max(scores) if scores else None,
                open_attempt=next((a for a in mine if not a.is_finished), None),
            )
        )
    return standings


@dataclass(frozen=True)
class Mastery:
    """How well a learner knows one topic: a kind of question, a year or a country."""

    topic: str
    label: str
    answered: int
    correct: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def _mastery(rows, topic: str, label) -> list[Mastery]:
    return [
        Mastery(topic=topic, label=label(row["key"]), answered=row["n"], correct=row["right"])
        for row in rows
        if row["key"] is not None
    ]


def learner_mastery(learner_id: int) -> list[Mastery]:
    """Score every topic the learner has answered questions on, weakest first."""
    answers = Answer.objects.filter(attempt__learner_id=learner_id)
    tally = {
        "n": Count("id", distinct=True),
        "right": Count("id", distinct=True, filter=Q(is_correct=True)),
    }
    kinds = answers.values(key=F("question__kind")).annotate(**tally).order_by()
    years = (
        answers.values(key=ExtractYear("question__events__start_date"))
        .annotate(**tally)
        .order_by()
    )
    countries = (
        answers.filter(question__events__participations__role="party")
        .values(key=F(f"question__events__participations__country__name_{_language()}"))
        .annotate(**tally)
        .order_by()
    )
    kind_labels = dict(Question.Kind.choices)
    found = (
        _mastery(kinds, "kind", lambda k: kind_labels.get(k, k))
        + _mastery(years, "year", str)
        + _mastery(countries, "country", str)
    )
    return sorted(found, key=lambda m: (m.percent, -m.answered, m.topic, m.label))


@dataclass(frozen=True)
class SetRecord:
    quiz_set: QuizSet
    attempts: list[Attempt]
    live: bool = False  # the set's live lessons, kept apart from the attempts

    @property
    def best(self) -> int | None:
        return max((a.percent for a in self.attempts), default=None)

    @property
    def last(self) -> int | None:
        return self.attempts[-1].percent if self.attempts else None

    @property
    def chart(self) -> charts.Sparkline:
        return charts.sparkline([a.percent for a in self.attempts], self.quiz_set.pass_mark)


def learner_records(learner_id: int) -> list[SetRecord]:
    """Group the learner's finished quiz attempts by quiz set, oldest attempt first; a set's
    live lessons come as a record of their own after its attempts."""
    attempts = (
        Attempt.objects.finished()
        .filter(learner_id=learner_id, kind__in=[Attempt.Kind.QUIZ, Attempt.Kind.LIVE])
        .select_related("quiz_set")
        .order_by("quiz_set__title", "quiz_set_id", "-kind", "finished_at")
    )
    records: dict[tuple[int, bool], SetRecord] = {}
    for attempt in attempts:
        live = attempt.kind == Attempt.Kind.LIVE
        record = records.setdefault(
            (attempt.quiz_set_id, live), SetRecord(attempt.quiz_set, [], live=live)
        )
        record.attempts.append(attempt)
    return list(records.values())


@dataclass(frozen=True)
class PracticeOverview:
    boxes: dict[int, int]
    due: int
    unseen: int
    next_due: object
    open_attempt: Attempt | None


def practice_overview(*, learner_id: int | None, now=None) -> PracticeOverview:
    """Count the learner's questions per Leitner box, and what practice would draw now."""
    now = now or timezone.now()
    in_use = Question.objects.in_use()
    if learner_id is None:
        return PracticeOverview({}, 0, in_use.count(), None, None)
    cards = PracticeCard.objects.filter(learner_id=learner_id, question__in=in_use)
    boxes = dict(cards.values_list("box").annotate(n=Count("id")).order_by("box"))
    stats = cards.aggregate(due=Count("id", filter=Q(due_at__lte=now)), next_due=Min("due_at"))
    seen = PracticeCard.objects.filter(learner_id=learner_id).values("question_id")
    return PracticeOverview(
        boxes={box: boxes.get(box, 0) for box in range(1, PracticeCard.BOXES + 1)},
        due=stats["due"],
        unseen=in_use.exclude(pk__in=seen).count(),
        next_due=stats["next_due"] if stats["next_due"] and stats["next_due"] > now else None,
        open_attempt=Attempt.objects.filter(learner_id=learner_id, kind=Attempt.Kind.PRACTICE)
        .open()
        .first(),
    )


def _language() -> str:
    return "lv" if get_language() == "lv" else "en"


def learner_id_for_user(user) -> int | None:
    return Learner.objects.filter(user=user).values_list("pk", flat=True).first()


def anonymous_learner(token) -> Learner | None:
    """Return the learner a browser's token names, if it has not become an account."""
    return Learner.objects.named_by(token).first() if token is not None else None


def quiz_set_withdrawal_refusal(quiz_set: QuizSet, user) -> str | None:
    """Why this user may not unpublish the quiz set (another app's reason), or None."""
    for _receiver, reason in quiz_set_withdrawal.send(
        sender=QuizSet, quiz_set=quiz_set, user=user
    ):
        if reason:
            return str(reason)
    return None


def anonymous_learners_idle_since(cutoff) -> QuerySet[Learner]:
    """Anonymous learners that have done nothing since ``cutoff``: no attempt started or
    finished, no answer, no practice card seen. An account's learner is never among them."""
    recent = Q(started_at__gte=cutoff) | Q(finished_at__gte=cutoff)
    return Learner.objects.filter(user__isnull=True, created_at__lt=cutoff).exclude(
        Exists(Attempt.objects.filter(recent, learner=OuterRef("pk")))
        | Exists(Answer.objects.filter(attempt__learner=OuterRef("pk"), answered_at__gte=cutoff))
        | Exists(PracticeCard.objects.filter(learner=OuterRef("pk"), last_seen_at__gte=cutoff))
    )


def anonymous_learner_id(token) -> int | None:
    if token is None:
        return None
    return Learner.objects.named_by(token).values_list("pk", flat=True).first()


def given_order(answer: Answer, choices: list[Choice]) -> list[Choice]:
    """Return the events of a chronology answer in the order the learner put them."""
    by_id = {c.pk: c for c in choices}
    return [by_id[pk] for pk in answer.order if pk in by_id]


def chronology_orders(answer: Answer, choices: list[Choice]) -> tuple[list, list]:
    """Return a chronology's events as the learner put them, and in the order of time."""
    return given_order(answer, choices), sorted(choices, key=lambda c: c.rank or 0)


def attempt_can_retry(attempt: Attempt) -> bool:
    """Tell whether the learner may start another attempt at this attempt's quiz set."""
    quiz_set = attempt.quiz_set
    if quiz_set is None:
        return False
    if quiz_set.attempts_allowed is None:
        return True
    used = Attempt.objects.filter(
        learner_id=attempt.learner_id, quiz_set=quiz_set, kind=Attempt.Kind.QUIZ
    ).count()
    return used < quiz_set.attempts_allowed


def learner_recent_attempts(learner_id: int, limit: int = 10) -> list[Attempt]:
    """Return the learner's latest attempts, quizzes and practice alike."""
    return list(
        Attempt.objects.filter(learner_id=learner_id)
        .select_related("quiz_set")
        .order_by("-started_at")[:limit]
    )
