"""Turn plain event facts into quiz questions.

Pure functions: plain data in, question dataclasses out, no database and no request. Dates are
said by an injected `DateSayer` and sentences come from an injected phrase book, so that every
word a reader sees is translated elsewhere. The grammatical forms a Latvian sentence needs
(accusative, locative, genitive) come with the facts as data: a question whose sentence needs a
form the facts lack is not asked (`missing_forms` lists them). Each question shuffles with its
own `random.Random` seeded from the bank seed and the question's key, so adding an event never
reshuffles the others.
"""

import datetime
import itertools
import math
import random
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

LANGUAGES = ("en", "lv")
CHOICES = 4
CHRONOLOGY_SIZE = 4
#: The least distance between two places offered on one map, in map units (a map is 800 wide):
#: on a phone the map is about 320 px wide, so every marker keeps a 24 px target of its own.
MAP_SEPARATION = 64

#: Language code → text.
Text = Mapping[str, str]
#: (start, end or None, precision, language, case) → the date said in that language; case is
#: "label" (a date on its own, as a choice) or "when" (when something happened, in a sentence).
DateSayer = Callable[..., str]
#: Phrase id → language → a str.format template.
Phrases = Mapping[str, Mapping[str, str]]
#: Form id → text: "en" (English, as in a sentence), "lv" (nominative) and Latvian cases
#: "lv.acc", "lv.loc", "lv.gen".
Forms = Mapping[str, str]

#: The verb a kind of event takes when no verb is stored with it.
KIND_VERBS = {
    "conference": "take_place",
    "ministers_conference": "take_place",
    "treaty": "sign",
    "pact": "sign",
    "declaration": "make",
    "founding": "found",
    "ultimatum": "issue",
}
#: Verbs whose events have parties a question may ask about ("took part", "signed").
PARTY_VERBS = ("take_place", "sign", "conclude")
#: A slot placeholder → the form it takes in Latvian.
SLOT_CASES = {"": "lv", "acc": "lv.acc", "loc": "lv.loc", "gen": "lv.gen"}


class QuestionKind(StrEnum):
    DATE = "date"
    PLACE = "place"
    HOST = "host"
    SIGNATORY = "signatory"
    SIGNED_FOR = "signed_for"
    PARTICIPANT = "participant"
    NON_PARTICIPANT = "non_participant"
    CHRONOLOGY = "chronology"
    # Point to the place on the site's map: a choice of places, each drawn as a marker.
    MAP = "map"
    # Place the event on a strip of years (and months, where its date is known to the month).
    TIMELINE = "timeline"
    # Type the year into a number field.
    YEAR = "year"


class MissingForm(LookupError):
    """A sentence needs a form of a name that the facts do not give."""


@dataclass(frozen=True)
class Named:
    """A place, country or person: a stable slug, its name in each language, its other forms."""

    slug: str
    name: Text
    # Extra forms keyed as in `Forms` ("lv.gen", "lv.loc", "en" as said in a sentence).
    forms: Forms = field(default_factory=dict)
    # Other names the texts use for it (PSRS, USSR): never printed, only looked for.
    aliases: tuple[str, ...] = ()
    # For states: the first and last day it existed as such (None: open-ended).
    existed: tuple[datetime.date | None, datetime.date | None] = (None, None)
    # For places: (latitude, longitude) in degrees, to draw it on a map.
    location: tuple[float, float] | None = None

    def form(self, key: str) -> str:
        if key in ("en", "lv") and key not in self.forms:
            return self.name[key]
        if key not in self.forms or not self.forms[key]:
            raise MissingForm(f"{self.slug}: {key}")
        return self.forms[key]

    def existed_during(self, start: datetime.date, end: datetime.date) -> bool:
        since, until = self.existed
        return (since is None or since <= start) and (until is None or until >= end)


@dataclass(frozen=True)
class Source:
    """A paragraph that states a fact, with the words of it that do."""

    article: str
    paragraph: int
    language: str
    quote: str = ""
    # The quote says who took part without naming them ("the three countries").
    states_parties: bool = False


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
    # Observers, affected states and states whose part the sources leave open: neither
    # clearly in nor clearly out, so never an answer.
    others: tuple[Named, ...] = ()
    signatures: tuple[Signature, ...] = ()
    # Everyone the articles name in this event, whatever their part.
    people: tuple[Named, ...] = ()
    # How sentences name the event ("en", "lv", "lv.acc", "lv.loc"); empty: by its title.
    name: Forms = field(default_factory=dict)
    # A naming without its place or parties, for the questions the name would give away.
    description: Forms = field(default_factory=dict)
    plural: bool = False
    verb: str = ""
    # False where the articles list only some of the parties: then nobody is asked about.
    participants_complete: bool = True
    # The slug of an event the articles say this one came after.
    after: str | None = None
    # Its ordinal within a series of its kind (the 11 foreign ministers' conferences).
    number: int | None = None

    @property
    def last_day(self) -> datetime.date:
        """Return the last day the event may cover at its precision."""
        return span_end(self.start, self.end, self.precision)

    @property
    def action(self) -> str:
        return self.verb or KIND_VERBS.get(self.kind, "happen")

    def namings(self) -> list[Forms]:
        """Return the ways to name the event in a sentence, the plainest first."""
        names = [self.name or {"en": self.title["en"], "lv": self.title["lv"]}]
        if self.description:
            names.append(self.description)
        return names


@dataclass(frozen=True)
class Choice:
    text: Text
    correct: bool
    # Map questions: the slug of the place this choice marks on the map.
    place: str = ""


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
    # Timeline and typed year: the right year, and the month where the question asks for it.
    year: int | None = None
    month: int | None = None
    # Timeline: the first and last year of the strip the student places the event on.
    year_range: tuple[int, int] | None = None


@dataclass(frozen=True)
class MapFrame:
    """One of the site's maps as plain data: the box of the world it shows, in degrees.

    Projected as the site draws its maps (equirectangular, stretched by the cosine of the
    middle latitude), so that distances here are distances on the drawn map.
    """

    slug: str
    west: float
    east: float
    south: float
    north: float
    width: int = 800

    @property
    def height(self) -> float:
        mid = math.radians((self.south + self.north) / 2)
        return self.width * (self.north - self.south) / ((self.east - self.west) * math.cos(mid))

    def contains(self, location: tuple[float, float]) -> bool:
        latitude, longitude = location
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def project(self, location: tuple[float, float]) -> tuple[float, float]:
        latitude, longitude = location
        x = (longitude - self.west) / (self.east - self.west) * self.width
        y = (self.north - latitude) / (self.north - self.south) * self.height
        return x, y

    def apart(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Return how far apart two places are drawn on this map, in map units."""
        (ax, ay), (bx, by) = self.project(a), self.project(b)
        return math.hypot(ax - bx, ay - by)


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


def _lookup(value, key: str) -> str:
    if isinstance(value, Named):
        return value.form(key)
    # An empty text is a form ("{where}" of an event with no place); an absent one is not.
    text = value.get(key)
    if text is None:
        raise MissingForm(key)
    return text


def _fill(template: str, lang: str, values: Mapping[str, object]) -> str:
    """Fill `{slot}` / `{slot_case}` with the form each slot needs in this language."""
    filled = {}
    for _literal, slot, _spec, _conversion in string.Formatter().parse(template):
        if slot is None or slot in filled:
            continue
        base, _, case = slot.partition("_")
        value = values[base]
        if isinstance(value, str):
            filled[slot] = value
        else:
            filled[slot] = _lookup(value, SLOT_CASES[case] if lang == "lv" else lang)
    text = template.format(**filled)
    return text[:1].upper() + text[1:]


def _texts(template: Mapping[str, str], **values: object) -> dict[str, str]:
    """Fill a phrase in every language, taking each value in that language and case."""
    return {lang: _fill(template[lang], lang, values) for lang in LANGUAGES}


def _distinct_in_every_language(texts: Sequence[Text]) -> bool:
    return all(len({t[lang] for t in texts}) == len(texts) for lang in LANGUAGES)


def tokens(item: "Named | Text") -> set[str]:
    """Return every string that would name the item to a reader, in any language or form."""
    if not isinstance(item, Named):
        return {t.casefold() for t in item.values() if t}
    found = {*item.name.values(), *item.forms.values(), *item.aliases}
    for lang, name in item.name.items():
        # The part every case form keeps (Latvija → Latvijas, Estonia → Estonian).
        if len(name) >= (4 if lang == "lv" else 5):
            found.add(name[:-1])
    return {t.casefold() for t in found if t}


def named_in(text: Text, item: "Named | Text | Iterable[str]") -> bool:
    """Tell whether a text, in any of its languages, names the item in any of its forms."""
    wanted = item if isinstance(item, set) else tokens(item)
    return any(t in value.casefold() for value in text.values() for t in wanted)


class _Builder:
    """Shared wiring for one bank: the date sayer, the phrases and the seed."""

    def __init__(
        self,
        *,
        say_date: DateSayer,
        phrases: Phrases,
        seed: int | str,
        maps: Sequence[MapFrame] = (),
    ) -> None:
        self.say_date = say_date
        self.phrases = phrases
        self.seed = seed
        self.maps = tuple(maps)
        self.missing: list[str] = []

    def rng(self, key: str) -> random.Random:
        return random.Random(f"{self.seed}:{key}")

    def date(self, start, end, precision: str, case: str = "label") -> dict[str, str]:
        return {lang: self.say_date(start, end, precision, lang, case) for lang in LANGUAGES}

    def when(self, event: EventFacts, case: str = "label") -> dict[str, str]:
        return self.date(event.start, event.end, event.precision, case)

    def phrase(self, prefix: str, event: EventFacts) -> Mapping[str, str] | None:
        """Return the phrase for the event's verb, in the plural where its name is plural."""
        key = f"{prefix}.{event.action}"
        if event.plural and f"{key}.plural" in self.phrases:
            key = f"{key}.plural"
        return self.phrases.get(key)

    def prompts(self, prefix: str, event: EventFacts, **values: object):
        """Yield the prompt filled with each naming of the event, the plainest first."""
        template = self.phrase(prefix, event)
        if template is None:
            return
        for naming in event.namings():
            try:
                yield _texts(template, name=naming, **values)
            except MissingForm as missing:
                self.missing.append(f"{event.slug} ({prefix}.{event.action}): {missing}")

    def join(self, items: Sequence[Text]) -> dict[str, str]:
        """Say a list: "A, B and C"."""
        if len(items) == 1:
            return dict(items[0])
        return _texts(
            self.phrases["and"],
            first={lang: ", ".join(i[lang] for i in items[:-1]) for lang in LANGUAGES},
            last={lang: items[-1][lang] for lang in LANGUAGES},
        )

    def explain(self, event: EventFacts, facts: str = "") -> dict[str, str]:
        """State when and where the event happened, then the tested fact, in full sentences."""
        # Name it without its own year where possible: "… were signed in 1920" says it once.
        name = next(
            (n for n in event.namings() if not named_in(n, _years(event))), event.namings()[0]
        )
        where = {"en": "", "lv": ""}
        if event.place is not None and not named_in(name, event.place):
            where = _texts(self.phrases["where"], place=event.place)
        template = self.phrase("explain", event) or self.phrases["explain.take_place"]
        try:
            text = _texts(template, name=name, where=where, when=self.when(event, "when"))
        except MissingForm as missing:
            self.missing.append(f"{event.slug} (explain.{event.action}): {missing}")
            text = _texts(self.phrases["explain"], name=event.title, when=self.when(event))
        for lang in LANGUAGES:
            # "{where}" may be empty: never leave a double space behind.
            text[lang] = " ".join(text[lang].split())
        if facts == "parties" and event.parties:
            people = self.join([_sentence_name(c) for c in event.parties])
            template = self.phrase("explain.parties", event)
            if template:
                extra = _texts(template, list=people)
                text = {lang: f"{text[lang]} {extra[lang]}" for lang in LANGUAGES}
        elif facts == "signatures" and event.signatures:
            signed = self.join(
                [
                    _texts(self.phrases["signature"], person=s.person, country=s.country)
                    for s in event.signatures
                ]
            )
            template = self.phrases[
                "explain.signatures.plural" if event.plural else "explain.signatures"
            ]
            extra = _texts(template, list=signed)
            text = {lang: f"{text[lang]} {extra[lang]}" for lang in LANGUAGES}
        return text

    def choose(
        self,
        *,
        key: str,
        kind: QuestionKind,
        event: EventFacts,
        prompt: Text,
        answer: "Named | Text",
        distractors: Sequence["Named | Text"],
        difficulty: int,
        sources: tuple[Source, ...],
        facts: str = "",
    ) -> Question | None:
        """Pick distractors and shuffle; give up rather than ask an unfair question."""
        if named_in(prompt, answer) or not sources:
            return None
        rng = self.rng(key)
        answer_text = _shown(answer)
        # A choice the prompt names is no choice: it is the counterparty or a hint.
        pool = [
            _shown(d)
            for d in distractors
            if not named_in(prompt, d) and _distinct_in_every_language([answer_text, _shown(d)])
        ]
        unique: list[Text] = []
        for d in pool:
            if _distinct_in_every_language([*unique, d]):
                unique.append(d)
        # Host cities are few (the three capitals took turns), so three choices must do there.
        needed = 2 if kind is QuestionKind.HOST else CHOICES - 1
        if len(unique) < needed:
            return None
        picked = rng.sample(unique, min(CHOICES - 1, len(unique)))
        choices = [Choice(answer_text, True), *(Choice(d, False) for d in picked)]
        rng.shuffle(choices)
        return Question(
            key=key,
            kind=kind,
            events=(event.slug,),
            prompt=prompt,
            choices=tuple(choices),
            explanation=self.explain(event, facts),
            sources=sources,
            difficulty=difficulty,
        )


def _shown(item: "Named | Text") -> Text:
    return item.name if isinstance(item, Named) else item


def _sentence_name(item: Named) -> dict[str, str]:
    """Name an item as a sentence does, in the nominative ("the Soviet Union", "PSRS")."""
    return {lang: item.form(lang) for lang in LANGUAGES}


def cited(event: EventFacts, *wanted: "Named | str") -> tuple[Source, ...]:
    """Keep the sources whose quoted words state every wanted name (or year) themselves."""
    found = []
    for source in event.sources:
        text = {source.language: source.quote}
        if all((w in source.quote) if isinstance(w, str) else named_in(text, w) for w in wanted):
            found.append(source)
    return tuple(found)


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


def _years(event: EventFacts) -> set[str]:
    return {str(event.start.year), str(event.last_day.year)}


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
            distractors.append(builder.date(start, end, event.precision))
        key = f"{QuestionKind.DATE}:{event.slug}"
        # The year is half the answer: a prompt that states it gives the answer away.
        prompt = next(
            (p for p in builder.prompts("date", event) if not named_in(p, _years(event))), None
        )
        if prompt is None:
            continue
        question = builder.choose(
            key=key,
            kind=QuestionKind.DATE,
            event=event,
            prompt=prompt,
            answer=builder.when(event),
            distractors=distractors,
            difficulty={"day": 3, "month": 2}.get(event.precision, 1),
            sources=cited(event, str(event.start.year)),
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
        prompt = next(
            (p for p in builder.prompts("place", event) if not named_in(p, event.place)), None
        )
        if prompt is None:
            continue
        question = builder.choose(
            key=f"{QuestionKind.PLACE}:{event.slug}",
            kind=QuestionKind.PLACE,
            event=event,
            prompt=prompt,
            answer=event.place,
            distractors=[p for slug, p in sorted(places.items()) if slug != event.place.slug],
            difficulty=1,
            sources=cited(event, event.place),
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
        when = builder.date(event.start, None, "month", "when")
        question = builder.choose(
            key=f"{QuestionKind.HOST}:{event.slug}",
            kind=QuestionKind.HOST,
            event=event,
            prompt=_texts(builder.phrases["host"], when=when),
            answer=event.place,
            distractors=[p for slug, p in sorted(hosts.items()) if slug != event.place.slug],
            difficulty=2,
            sources=cited(event, event.place, str(event.start.year)),
        )
        if question:
            questions.append(question)
    return questions


def _map_rivals(
    answer: Named, places: Sequence[Named], frame: MapFrame, rng: random.Random
) -> list[Named]:
    """Pick rivals on the frame, each drawn far enough from the answer and the others.

    Far enough apart on the map is also far enough in the world: a place next to the right
    one (Bulduri by Riga) is where the event could also be said to have happened, so it is
    never offered beside it.
    """
    candidates = [
        p
        for p in places
        if p.slug != answer.slug
        and frame.contains(p.location)
        and frame.apart(p.location, answer.location) >= MAP_SEPARATION
    ]
    # Every set of rivals that keeps them apart is as likely as any other.
    fitting = [
        rivals
        for rivals in itertools.combinations(candidates, CHOICES - 1)
        if all(
            frame.apart(a.location, b.location) >= MAP_SEPARATION
            for a, b in itertools.combinations(rivals, 2)
        )
    ]
    return list(rng.choice(fitting)) if fitting else []


def map_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask where an event happened, the right place and its rivals marked on one map.

    The first map (the close-up before the wider one) that holds the right place and enough
    rivals to tell apart is the one the question is drawn on.
    """
    places = {e.place.slug: e.place for e in events if e.place is not None and e.place.location}
    located = [p for _slug, p in sorted(places.items())]
    questions = []
    for event in events:
        if event.place is None or event.place.slug not in places:
            continue
        asked = next(
            (p for p in builder.prompts("place", event) if not named_in(p, event.place)), None
        )
        if asked is None:
            continue
        prompt = {lang: f"{asked[lang]} {builder.phrases['map'][lang]}" for lang in LANGUAGES}
        key = f"{QuestionKind.MAP}:{event.slug}"
        # The prompt names no rival either: a place it names would be a hint, not a choice.
        offered = [p for p in located if not named_in(prompt, p)]
        rivals: list[Named] = []
        for frame in builder.maps:
            if frame.contains(event.place.location):
                rng = builder.rng(f"{key}:{frame.slug}")
                rivals = _map_rivals(event.place, offered, frame, rng)
                if len(rivals) == CHOICES - 1:
                    break
        if len(rivals) < CHOICES - 1:
            continue
        question = builder.choose(
            key=key,
            kind=QuestionKind.MAP,
            event=event,
            prompt=prompt,
            answer=event.place,
            distractors=rivals,
            difficulty=2,
            sources=cited(event, event.place),
        )
        if question:
            slugs = {p.name["en"]: p.slug for p in (event.place, *rivals)}
            choices = tuple(replace(c, place=slugs[c.text["en"]]) for c in question.choices)
            questions.append(replace(question, choices=choices))
    return questions


def _existing(countries: Iterable[Named], event: EventFacts) -> list[Named]:
    """Keep the states that existed as such over the whole of the event's date."""
    return [c for c in countries if c.existed_during(event.start, event.last_day)]


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
            template = {"signatory": builder.phrases["signatory"]}
            for prompt in _prompts_of(builder, template, event, country=signature.country):
                question = builder.choose(
                    key=f"{QuestionKind.SIGNATORY}:{event.slug}:{signature.country.slug}",
                    kind=QuestionKind.SIGNATORY,
                    event=event,
                    prompt=prompt,
                    answer=signature.person,
                    distractors=_unique_named([*fellows, *rest]),
                    difficulty=2,
                    sources=cited(event, signature.person),
                    facts="signatures",
                )
                if question:
                    questions.append(question)
                    break

            signed_for = {
                s.country.slug for s in event.signatures if s.person.slug == signature.person.slug
            }
            if len(signed_for) != 1:
                continue
            parties = [c for c in event.parties if c.slug not in signed_for]
            rest_countries = [c for slug, c in sorted(countries.items()) if slug not in signed_for]
            template = {"signed_for": builder.phrases["signed_for"]}
            for prompt in _prompts_of(builder, template, event, person=signature.person):
                question = builder.choose(
                    key=f"{QuestionKind.SIGNED_FOR}:{event.slug}:{signature.person.slug}",
                    kind=QuestionKind.SIGNED_FOR,
                    event=event,
                    prompt=prompt,
                    answer=signature.country,
                    distractors=_existing(_unique_named([*parties, *rest_countries]), event),
                    difficulty=2,
                    sources=cited(event, signature.person),
                    facts="signatures",
                )
                if question:
                    questions.append(question)
                    break
    return questions


def _prompts_of(builder: _Builder, template: Mapping, event: EventFacts, **values):
    """Yield a verb-independent phrase filled with each naming of the event."""
    ((key, phrase),) = template.items()
    for naming in event.namings():
        try:
            yield _texts(phrase, name=naming, **values)
        except MissingForm as missing:
            builder.missing.append(f"{event.slug} ({key}): {missing}")


def participant_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask which state took part (or signed), and which did not, where the articles say so."""
    countries = {c.slug: c for e in events for c in (*e.parties, *e.others)}
    questions = []
    for event in events:
        if len(event.parties) < 2 or not event.participants_complete:
            continue
        if event.action not in PARTY_VERBS:
            continue
        involved = {c.slug for c in (*event.parties, *event.others)}
        outsiders = _existing(
            [c for slug, c in sorted(countries.items()) if slug not in involved], event
        )
        rng = builder.rng(f"{QuestionKind.PARTICIPANT}:{event.slug}:answer")
        rule = tuple(s for s in event.sources if s.states_parties)
        for prompt in builder.prompts("participant", event):
            # Only a state the prompt does not name, and whose part a source states.
            answerable = [
                c for c in event.parties if not named_in(prompt, c) and (rule or cited(event, c))
            ]
            if not answerable:
                continue
            answer = rng.choice(answerable)
            question = builder.choose(
                key=f"{QuestionKind.PARTICIPANT}:{event.slug}",
                kind=QuestionKind.PARTICIPANT,
                event=event,
                prompt=prompt,
                answer=answer,
                distractors=outsiders,
                difficulty=1,
                sources=tuple(dict.fromkeys((*cited(event, answer), *rule))),
                facts="parties",
            )
            if question:
                questions.append(question)
                break
        for prompt in builder.prompts("non_participant", event):
            shown = [
                c for c in event.parties if not named_in(prompt, c) and (rule or cited(event, c))
            ]
            candidates = [c for c in outsiders if not named_in(prompt, c)]
            if len(shown) < CHOICES - 1 or not candidates:
                continue
            # Cite what names the states that did take part: that is what makes the odd one out.
            sources = tuple(dict.fromkeys((*(s for c in shown for s in cited(event, c)), *rule)))
            question = builder.choose(
                key=f"{QuestionKind.NON_PARTICIPANT}:{event.slug}",
                kind=QuestionKind.NON_PARTICIPANT,
                event=event,
                prompt=prompt,
                answer=rng.choice(candidates),
                distractors=shown,
                difficulty=2,
                sources=sources,
                facts="parties",
            )
            if question:
                questions.append(question)
                break
    return questions


def _dated_from(event: EventFacts, by_slug: Mapping[str, EventFacts]) -> datetime.date:
    """Return the first day the event may fall on, given what the articles say it came after."""
    before = by_slug.get(event.after) if event.after else None
    if before is None:
        return event.start
    return max(event.start, before.last_day + datetime.timedelta(days=1))


def chronology_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask to order runs of events whose dates, at their precision, cannot tie."""
    by_slug = {e.slug: e for e in events}
    ordered = sorted(events, key=lambda e: (_dated_from(e, by_slug), e.last_day, e.slug))
    questions = []
    seen = set()
    for i, first in enumerate(ordered):
        group = [first]
        for event in ordered[i + 1 :]:
            # Two numbered events of one series would tell their own order ("3rd", "5th").
            numbered = event.number is not None and any(
                e.number is not None and e.kind == event.kind for e in group
            )
            if _dated_from(event, by_slug) > group[-1].last_day and not numbered:
                group.append(event)
            if len(group) == CHRONOLOGY_SIZE:
                break
        slugs = tuple(e.slug for e in group)
        if len(group) < CHRONOLOGY_SIZE or slugs in seen:
            continue
        labels = [_label(e) for e in group]
        if None in labels or not _distinct_in_every_language(labels):
            continue
        sources = tuple(dict.fromkeys(s for e in group for s in cited(e, str(e.start.year))))
        if not all(cited(e, str(e.start.year)) for e in group):
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
                choices=tuple(Choice(labels[j], False) for j in shown),
                explanation={lang: " ".join(s[lang] for s in steps) for lang in LANGUAGES},
                sources=sources,
                difficulty=3,
                order=tuple(shown.index(j) for j in range(CHRONOLOGY_SIZE)),
            )
        )
    return questions


def _label(event: EventFacts) -> dict[str, str] | None:
    """Name an event as a choice to put in order, never by its own year (that would tell)."""
    years = _years(event)
    for naming in (event.title, *event.namings()):
        label = {lang: naming[lang] for lang in LANGUAGES}
        if not named_in(label, years):
            return {lang: text[:1].upper() + text[1:] for lang, text in label.items()}
    return None


def _naming_free_of(
    builder: _Builder, prefix: str, event: EventFacts, hidden: Iterable[str]
) -> Text | None:
    """Return the plainest prompt that says none of the hidden words (the year, the month)."""
    wanted = {h.casefold() for h in hidden}
    return next((p for p in builder.prompts(prefix, event) if not named_in(p, wanted)), None)


def _month_words(builder: _Builder, month: int) -> set[str]:
    """Return the stems a text would name a month by, in every language ("septemb", "septembr")."""
    label = builder.date(datetime.date(2000, month, 1), None, "month")
    words = set()
    for text in label.values():
        for word in text.replace("2000", " ").replace(".", " ").split():
            if word.casefold() != "gada":
                # The stem every case keeps: "septembris", "septembrī", "September".
                words.add(word[: max(4, len(word) - 2)])
    return words


def _agreed_sources(event: EventFacts, year: int) -> tuple[Source, ...]:
    """Return the quotes that state the year, if an English and a Latvian one both do."""
    found = cited(event, str(year))
    if {s.language for s in found} >= set(LANGUAGES):
        return found
    return ()


def year_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask for the year, typed, where both articles state the same year of the event."""
    questions = []
    for event in events:
        if event.start.year != event.last_day.year:
            continue
        sources = _agreed_sources(event, event.start.year)
        if not sources:
            continue
        prompt = _naming_free_of(builder, "year", event, _years(event))
        if prompt is None:
            continue
        questions.append(
            Question(
                key=f"{QuestionKind.YEAR}:{event.slug}",
                kind=QuestionKind.YEAR,
                events=(event.slug,),
                prompt=prompt,
                choices=(),
                explanation=builder.explain(event),
                sources=sources,
                difficulty=2,
                year=event.start.year,
            )
        )
    return questions


def timeline_questions(events: Sequence[EventFacts], builder: _Builder) -> list[Question]:
    """Ask to place an event on a strip of years, to the month where its date is that precise.

    Only events whose whole date falls in one year (and, at month or day precision, in one
    month) are asked: on a wider span more than one mark would be right.
    """
    if not events:
        return []
    strip = (min(e.start.year for e in events), max(e.last_day.year for e in events))
    questions = []
    for event in events:
        start, last = event.start, event.last_day
        if start.year != last.year:
            continue
        by_month = event.precision in ("day", "month")
        if by_month and start.month != last.month:
            continue
        hidden = set(_years(event))
        if by_month:
            hidden |= _month_words(builder, start.month)
        prompt = _naming_free_of(builder, "date", event, hidden)
        sources = cited(event, str(start.year))
        if prompt is None or not sources:
            continue
        questions.append(
            Question(
                key=f"{QuestionKind.TIMELINE}:{event.slug}",
                kind=QuestionKind.TIMELINE,
                events=(event.slug,),
                prompt=prompt,
                choices=(),
                explanation=builder.explain(event),
                sources=sources,
                difficulty=3 if by_month else 2,
                year=start.year,
                month=start.month if by_month else None,
                year_range=strip,
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
    map_questions,
    year_questions,
    timeline_questions,
)


def generate_questions(
    events: Sequence[EventFacts],
    *,
    say_date: DateSayer,
    phrases: Phrases,
    seed: int | str = 0,
    maps: Sequence[MapFrame] = (),
) -> list[Question]:
    """Generate every question the events allow, the same ones for the same seed.

    Map questions are drawn on the given maps (the close-up first); without maps, none.
    """
    builder = _Builder(say_date=say_date, phrases=phrases, seed=seed, maps=maps)
    return [q for generator in GENERATORS for q in generator(events, builder)]


def missing_forms(
    events: Sequence[EventFacts], *, say_date: DateSayer, phrases: Phrases
) -> list[str]:
    """List the name forms a sentence of the bank needed and the facts did not give."""
    builder = _Builder(say_date=say_date, phrases=phrases, seed=0)
    for generator in GENERATORS:
        generator(events, builder)
    return sorted(set(builder.missing))
