"""Turn plain event facts into quiz questions.

Pure functions: plain data in, question dataclasses out, no database and no request. Dates are
said by an injected `DateSayer` and sentences come from an injected phrase book, so that every
word a reader sees is translated elsewhere. Each question shuffles with its own `random.Random`
seeded from the bank seed and the question's key, so adding an event never reshuffles the others.
"""

import datetime
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

LANGUAGES = ("en", "lv")
CHOICES = 4
CHRONOLOGY_SIZE = 4

#: Language code → text.
Text = Mapping[str, str]
#: (start, end or None, precision, language) → the date said in that language.
DateSayer = Callable[[datetime.date, datetime.date | None, str, str], str]
#: Phrase id → language → a str.format template.
Phrases = Mapping[str, Mapping[str, str]]


class QuestionKind(StrEnum):
    DATE = "date"
    PLACE = "place"
    HOST = "host"
    SIGNATORY = "signatory"
    SIGNED_FOR = "signed_for"
    PARTICIPANT = "participant"
    NON_PARTICIPANT = "non_participant"
    CHRONOLOGY = "chronology"


@dataclass(frozen=True)
class Named:
    """A place, country or person: a stable slug and its name in each language."""

    slug: str
    name: Text


@dataclass(frozen=True)
class Source:
    """A paragraph that states a fact."""

    article: str
    paragraph: int
    language: str


@dataclass(frozen=True)
class Signature:
    person: Named
    country: Named


@dataclass(frozen=True)
class EventFacts:
    """What the question generators know of one event."""

    slug: str
    kind: str
    title: Text
    start: datetime.date
    end: datetime.date | None
    precision: str
    sources: tuple[Source, ...]
    place: Named | None = None
    parties: tuple[Named, ...] = ()
    # Observers and affected states: neither clearly in nor clearly out, so never an answer.
    others: tuple[Named, ...] = ()
    signatures: tuple[Signature, ...] = ()
    # Everyone the articles name in this event, whatever their part.
    people: tuple[Named, ...] = ()

    @property
    def last_day(self) -> datetime.date:
        """Return the last day the event may cover at its precision."""
        return span_end(self.start, self.end, self.precision)


@dataclass(frozen=True)
class Choice:
    text: Text
    correct: bool


@dataclass(frozen=True)
class Question:
    key: str
    kind: QuestionKind
    events: tuple[str, ...]
    prompt: Text
    choices: tuple[Choice, ...]
    explanation: Text
    sources: tuple[Source, ...]
    difficulty: int
    # Chronology only: the indices of `choices` from earliest to latest.
    order: tuple[int, ...] = ()


def span_end(start: datetime.date, end: datetime.date | None, precision: str) -> datetime.date:
    if end is not None:
        return end
    if precision == "year":
        return datetime.date(start.year, 12, 31)
    if precision == "month":
        return add_months(start, 1) - datetime.timedelta(days=1)
    return start


def add_months(date: datetime.date, months: int) -> datetime.date:
    """Shift a date by whole months; raise ValueError where the day does not exist."""
    index = date.year * 12 + date.month - 1 + months
    return date.replace(year=index // 12, month=index % 12 + 1)


def overlaps(a: tuple[datetime.date, datetime.date], b: tuple[datetime.date, datetime.date]):
    return a[0] <= b[1] and b[0] <= a[1]


def _texts(template: Mapping[str, str], **values: Text | str) -> dict[str, str]:
    """Fill a phrase in every language, taking each value in that language."""
    return {
        lang: template[lang].format(
            **{k: v if isinstance(v, str) else v[lang] for k, v in values.items()}
        )
        for lang in LANGUAGES
    }


def _distinct_in_every_language(texts: Sequence[Text]) -> bool:
    return all(len({t[lang] for t in texts}) == len(texts) for lang in LANGUAGES)


class _Builder:
    """Shared wiring for one bank: the date sayer, the phrases and the seed."""

    def __init__(self, *, say_date: DateSayer, phrases: Phrases, seed: int | str) -> None:
        self.say_date = say_date
        self.phrases = phrases
        self.seed = seed

    def rng(self, key: str) -> random.Random:
        return random.Random(f"{self.seed}:{key}")

    def when(self, event: EventFacts) -> dict[str, str]:
        return {
            lang: self.say_date(event.start, event.end, event.precision, lang)
            for lang in LANGUAGES
        }

    def explain(self, event: EventFacts) -> dict[str, str]:
        if event.place is not None:
            return _texts(
                self.phrases["explain_place"],
                title=event.title,
                when=self.when(event),
                place=event.place.name,
            )
        return _texts(self.phrases["explain"], title=event.title, when=self.when(event))

    def choose(
        self,
        *,
        key: str,
        kind: QuestionKind,
        event: EventFacts,
        prompt: Text,
        answer: Text,
        distractors: Sequence[Text],
        difficulty: int,
    ) -> Question | None:
        """Pick distractors and shuffle; give up rather than ask an unfair question."""
        rng = self.rng(key)
        pool = [d for d in distractors if _distinct_in_every_language([answer, d])]
        unique: list[Text] = []
        for d in pool:
            if _distinct_in_every_language([*unique, d]):
                unique.append(d)
        # Host cities are few (the three capitals took turns), so three choices must do there.
        needed = 2 if kind is QuestionKind.HOST else CHOICES - 1
        if len(unique) < needed:
            return None
        picked = rng.sample(unique, min(CHOICES - 1, len(unique)))
        choices = [Choice(answer, True), *(Choice(d, False) for d in picked)]
        rng.shuffle(choices)
        return Question(
            key=key,
            kind=kind,
            events=(event.slug,),
            prompt=prompt,
            choices=tuple(choices),
            explanation=self.explain(event),
            sources=event.sources,
            difficulty=difficulty,
        )


def _date_candidates(event: EventFacts, others: Iterable[EventFacts]):
    """Yield plausible wrong dates: other events' dates of the same shape, then near shifts."""
    ranged = event.end is not None
    for other in others:
        if other.precision == event.precision and (other.end is not None) == ranged:
            yield other.start, other.end
    length = (event.end - event.start) if ranged else None
    shifts: list[Callable[[datetime.date], datetime.date]]
    if event.precision == "year":
        shifts = [lambda d, n=n: d.replace(year=d.year + n) for n in (-2, -1, 1, 2)]
    else:
        shifts = [lambda d, n=n: add_months(d, n) for n in (-12, -2, -1, 1, 2, 12)]
        if event.precision == "day":
            shifts += [lambda d, n=n: d + datetime.timedelta(days=n) for n in (-7, 7)]
    for shift in shifts:
        try:
            start = shift(event.start)
        except ValueError:
            continue
        yield start, (start + length if length is not None else None)


def date_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    questions = []
    for event in events:
        true_span = (event.start, event.last_day)
        distractors = []
        seen = set()
        for start, end in _date_candidates(event, (e for e in events if e is not event)):
            wrong_span = (start, span_end(start, end, event.precision))
            # A date that overlaps the true one could also be right: never offer it.
            if overlaps(wrong_span, true_span) or (start, end) in seen:
                continue
            seen.add((start, end))
            distractors.append(
                {lang: builder.say_date(start, end, event.precision, lang) for lang in LANGUAGES}
            )
        key = f"{QuestionKind.DATE}:{event.slug}"
        question = builder.choose(
            key=key,
            kind=QuestionKind.DATE,
            event=event,
            prompt=_texts(builder.phrases["date"], title=event.title),
            answer=builder.when(event),
            distractors=distractors,
            difficulty={"day": 3, "month": 2}.get(event.precision, 1),
        )
        if question:
            questions.append(question)
    return questions


def place_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    places = {e.place.slug: e.place for e in events if e.place is not None}
    questions = []
    for event in events:
        if event.place is None:
            continue
        question = builder.choose(
            key=f"{QuestionKind.PLACE}:{event.slug}",
            kind=QuestionKind.PLACE,
            event=event,
            prompt=_texts(builder.phrases["place"], title=event.title),
            answer=event.place.name,
            distractors=[p.name for slug, p in sorted(places.items()) if slug != event.place.slug],
            difficulty=1,
        )
        if question:
            questions.append(question)
    return questions


def host_questions(
    events: Sequence[EventFacts], builder: _Builder, *, kind: str = "ministers_conference"
) -> list[Question]:
    """Ask which city hosted a conference, naming it by its month."""
    series = [e for e in events if e.kind == kind]
    conferences = [e for e in series if e.place is not None]
    hosts = {e.place.slug: e.place for e in conferences}
    questions = []
    for event in conferences:
        month = (event.start.year, event.start.month)
        # Every conference of the series is a rival, even one whose city is not known.
        rivals = [c for c in series if c is not event]
        # Naming a conference by its month is only fair when no other one shares that month.
        if event.precision != "day" or any(
            month in {(c.start.year, c.start.month), (c.last_day.year, c.last_day.month)}
            for c in rivals
        ):
            continue
        when = {lang: builder.say_date(event.start, None, "month", lang) for lang in LANGUAGES}
        question = builder.choose(
            key=f"{QuestionKind.HOST}:{event.slug}",
            kind=QuestionKind.HOST,
            event=event,
            prompt=_texts(builder.phrases["host"], when=when),
            answer=event.place.name,
            distractors=[p.name for slug, p in sorted(hosts.items()) if slug != event.place.slug],
            difficulty=2,
        )
        if question:
            questions.append(question)
    return questions


def signatory_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask who signed for a state, and for which state a person signed."""
    people = {p.slug: p for e in events for p in (*e.people, *(s.person for s in e.signatures))}
    countries = {c.slug: c for e in events for c in (*e.parties, *e.others)}
    questions = []
    for event in events:
        for signature in event.signatures:
            same_country = {
                s.person.slug for s in event.signatures if s.country.slug == signature.country.slug
            }
            # Fellow signers of the same treaty first: they are the tempting wrong answers.
            fellows = [s.person for s in event.signatures if s.person.slug not in same_country]
            rest = [p for slug, p in sorted(people.items()) if slug not in same_country]
            question = builder.choose(
                key=f"{QuestionKind.SIGNATORY}:{event.slug}:{signature.country.slug}",
                kind=QuestionKind.SIGNATORY,
                event=event,
                prompt=_texts(
                    builder.phrases["signatory"],
                    title=event.title,
                    country=signature.country.name,
                ),
                answer=signature.person.name,
                distractors=[p.name for p in _unique_named([*fellows, *rest])],
                difficulty=2,
            )
            if question:
                questions.append(question)

            signed_for = {
                s.country.slug for s in event.signatures if s.person.slug == signature.person.slug
            }
            if len(signed_for) != 1:
                continue
            parties = [c for c in event.parties if c.slug not in signed_for]
            rest_countries = [c for slug, c in sorted(countries.items()) if slug not in signed_for]
            question = builder.choose(
                key=f"{QuestionKind.SIGNED_FOR}:{event.slug}:{signature.person.slug}",
                kind=QuestionKind.SIGNED_FOR,
                event=event,
                prompt=_texts(
                    builder.phrases["signed_for"],
                    title=event.title,
                    person=signature.person.name,
                ),
                answer=signature.country.name,
                distractors=[c.name for c in _unique_named([*parties, *rest_countries])],
                difficulty=2,
            )
            if question:
                questions.append(question)
    return questions


def participant_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask which state was a party, and which was not, where the articles say so plainly."""
    countries = {c.slug: c for e in events for c in (*e.parties, *e.others)}
    questions = []
    for event in events:
        if len(event.parties) < 2:
            continue
        involved = {c.slug for c in (*event.parties, *event.others)}
        outsiders = [c for slug, c in sorted(countries.items()) if slug not in involved]
        rng = builder.rng(f"{QuestionKind.PARTICIPANT}:{event.slug}:answer")
        question = builder.choose(
            key=f"{QuestionKind.PARTICIPANT}:{event.slug}",
            kind=QuestionKind.PARTICIPANT,
            event=event,
            prompt=_texts(builder.phrases["participant"], title=event.title),
            answer=rng.choice(event.parties).name,
            distractors=[c.name for c in outsiders],
            difficulty=1,
        )
        if question:
            questions.append(question)
        if len(event.parties) >= CHOICES - 1 and outsiders:
            question = builder.choose(
                key=f"{QuestionKind.NON_PARTICIPANT}:{event.slug}",
                kind=QuestionKind.NON_PARTICIPANT,
                event=event,
                prompt=_texts(builder.phrases["non_participant"], title=event.title),
                answer=rng.choice(outsiders).name,
                distractors=[c.name for c in event.parties],
                difficulty=2,
            )
            if question:
                questions.append(question)
    return questions


def chronology_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask to order runs of events whose dates, at their precision, cannot tie."""
    ordered = sorted(events, key=lambda e: (e.start, e.last_day, e.slug))
    questions = []
    seen = set()
    for i, first in enumerate(ordered):
        group = [first]
        for event in ordered[i + 1 :]:
            if event.start > group[-1].last_day:
                group.append(event)
            if len(group) == CHRONOLOGY_SIZE:
                break
        slugs = tuple(e.slug for e in group)
        if len(group) < CHRONOLOGY_SIZE or slugs in seen:
            continue
        if not _distinct_in_every_language([e.title for e in group]):
            continue
        seen.add(slugs)
        key = f"{QuestionKind.CHRONOLOGY}:{'+'.join(slugs)}"
        rng = builder.rng(key)
        shown = list(range(CHRONOLOGY_SIZE))
        while shown == sorted(shown):
            rng.shuffle(shown)
        steps = [builder.explain(e) for e in group]
        questions.append(
            Question(
                key=key,
                kind=QuestionKind.CHRONOLOGY,
                events=slugs,
                prompt=_texts(builder.phrases["chronology"]),
                choices=tuple(Choice(group[j].title, False) for j in shown),
                explanation={lang: " ".join(s[lang] for s in steps) for lang in LANGUAGES},
                sources=tuple(dict.fromkeys(s for e in group for s in e.sources)),
                difficulty=3,
                order=tuple(shown.index(j) for j in range(CHRONOLOGY_SIZE)),
            )
        )
    return questions


def _unique_named(items: Iterable[Named]) -> list[Named]:
    return list({item.slug: item for item in items}.values())


GENERATORS = (
    date_questions,
    place_questions,
    host_questions,
    signatory_questions,
    participant_questions,
    chronology_questions,
)


def generate_questions(
    events: Sequence[EventFacts], *, say_date: DateSayer, phrases: Phrases, seed: int | str = 0
) -> list[Question]:
    """Generate every question the events allow, the same ones for the same seed."""
    builder = _Builder(say_date=say_date, phrases=phrases, seed=seed)
    return [q for generator in GENERATORS for q in generator(events, builder)]
