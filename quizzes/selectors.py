"""Reads for the quizzes: the history facts, as plain data for the generators."""

import random

from django.db.models import Count, Prefetch, QuerySet

from history.models import Citation, Event, Participation, Role
from quizzes.generators import EventFacts, Named, Signature, Source
from quizzes.models import Question, QuizSet


def _named(obj) -> Named:
    return Named(slug=obj.natural_key()[0], name={"en": obj.name_en, "lv": obj.name_lv})


def event_facts() -> list[EventFacts]:
    """Read every event with what questions can be asked of it, in a fixed number of queries."""
    events = (
        Event.objects.chronological()
        .select_related("place__country")
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


def quiz_set_preview(quiz_set: QuizSet, *, seed: int | str = 0) -> list[Question]:
    """Draw a quiz set once, as an attempt would, with choices prefetched."""
    pool = list(quiz_set_questions(quiz_set).prefetch_related("choices"))
    rng = random.Random(f"{quiz_set.slug}:{seed}")
    if quiz_set.shuffle_questions:
        rng.shuffle(pool)
    drawn = pool[: quiz_set.question_count] if quiz_set.question_count else pool
    for question in drawn:
        choices = list(question.choices.all())
        if quiz_set.shuffle_choices and question.kind != Question.Kind.CHRONOLOGY:
            rng.shuffle(choices)
        question.shown_choices = choices
    return drawn


def question_bank_counts() -> dict[str, int]:
    """Count the questions in use, per kind."""
    rows = Question.objects.in_use().values("kind").annotate(n=Count("id")).order_by("kind")
    return {row["kind"]: row["n"] for row in rows}
