"""What makes a generated question fair, checked from the facts it was made from."""

import datetime
import itertools

from quizzes.generators import (
    LANGUAGES,
    EventFacts,
    Named,
    Question,
    QuestionKind,
    named_in,
    span_end,
    tokens,
)
from quizzes.phrases import say_date


def _names(texts) -> set[str]:
    return {t["en"] for t in texts}


def _find(answer, items) -> Named:
    (found,) = [i for i in items if i.name["en"] == answer["en"]]
    return found


def _quoted(question: Question, item: Named | str) -> list[bool]:
    """Tell, for each source of the question, whether its quote names the item (or year)."""
    if isinstance(item, str):
        return [item in s.quote for s in question.sources]
    return [named_in({s.language: s.quote}, item) for s in question.sources]


def dated_from(event: EventFacts, events: dict[str, EventFacts]) -> datetime.date:
    before = events.get(event.after) if event.after else None
    if before is None:
        return event.start
    return max(event.start, before.last_day + datetime.timedelta(days=1))


def assert_fair(question: Question, events: dict[str, EventFacts]) -> None:
    """Fail unless the question has one right answer, gives nothing away and cites its proof."""
    for lang in LANGUAGES:
        assert question.prompt[lang].strip(), question.key
        assert question.explanation[lang].strip(), question.key
        assert question.explanation[lang].rstrip().endswith("."), question.key
        assert len({c.text[lang] for c in question.choices}) == len(question.choices), question.key
        assert "{" not in question.prompt[lang] + question.explanation[lang], question.key
    assert question.sources, question.key
    # Latvian sentences quote with „…“, never with English marks.
    for text in (question.prompt["lv"], question.explanation["lv"]):
        assert text.count("„") == text.count("“") and "”" not in text, question.key

    if question.kind is QuestionKind.CHRONOLOGY:
        assert_fair_order(question, events)
        return
    if question.kind in (QuestionKind.TIMELINE, QuestionKind.YEAR):
        assert_fair_year(question, events)
        return

    correct = [c for c in question.choices if c.correct]
    wrong = [c.text for c in question.choices if not c.correct]
    assert len(correct) == 1, question.key
    assert 3 <= len(question.choices) <= 4, question.key
    answer = correct[0].text
    event = events[question.events[0]]
    countries = (*event.parties, *event.others)
    # No choice, right or wrong, is named by the prompt in any language or form.
    for choice in question.choices:
        assert not named_in(question.prompt, tokens(choice.text)), (question.key, choice.text)

    if question.kind is QuestionKind.DATE:
        for lang in LANGUAGES:
            assert answer[lang] == say_date(event.start, event.end, event.precision, lang)
            assert str(event.start.year) in question.explanation[lang], question.key
        # No wrong date may be the start or the end of the same event said on its own.
        own = {say_date(d, None, event.precision, "en") for d in (event.start, event.last_day)}
        assert not own & _names(wrong), question.key
        assert not named_in(question.prompt, {str(event.start.year)}), question.key
        assert all(_quoted(question, str(event.start.year))), question.key
    elif question.kind is QuestionKind.MAP:
        assert answer == event.place.name
        assert not named_in(question.prompt, event.place), question.key
        assert all(_quoted(question, event.place)), question.key
        # Each choice marks one place, the right one the event's own, no place twice.
        places = [c.place for c in question.choices]
        assert all(places) and len(set(places)) == len(places), question.key
        assert correct[0].place == event.place.slug, question.key
    elif question.kind in (QuestionKind.PLACE, QuestionKind.HOST):
        assert answer == event.place.name
        assert not named_in(question.prompt, event.place), question.key
        assert all(_quoted(question, event.place)), question.key
        if question.kind is QuestionKind.HOST:
            month = (event.start.year, event.start.month)
            for other in events.values():
                if other.kind == event.kind and other.slug != event.slug:
                    months = {(other.start.year, other.start.month)}
                    months.add((other.last_day.year, other.last_day.month))
                    assert month not in months, question.key
    elif question.kind is QuestionKind.SIGNATORY:
        country = question.key.rsplit(":", 1)[1]
        signers = {s.person.name["en"] for s in event.signatures if s.country.slug == country}
        assert answer["en"] in signers
        assert not signers & _names(wrong), question.key
        person = _find(answer, [s.person for s in event.signatures])
        assert all(_quoted(question, person)), question.key
        assert all(named_in({lang: question.explanation[lang]}, person) for lang in LANGUAGES)
    elif question.kind is QuestionKind.SIGNED_FOR:
        person = question.key.rsplit(":", 1)[1]
        signed_for = {s.country.name["en"] for s in event.signatures if s.person.slug == person}
        assert answer["en"] in signed_for
        assert not signed_for & _names(wrong), question.key
        signer = next(s.person for s in event.signatures if s.person.slug == person)
        assert all(_quoted(question, signer)), question.key
        assert_existed(question, event, countries, wrong)
    elif question.kind is QuestionKind.PARTICIPANT:
        assert event.participants_complete, question.key
        party = _find(answer, event.parties)
        involved = _names(c.name for c in countries)
        assert not involved & _names(wrong), question.key
        assert_existed(question, event, countries, wrong)
        assert any(_quoted(question, party)) or any(s.states_parties for s in question.sources)
        assert all(named_in({lang: question.explanation[lang]}, party) for lang in LANGUAGES)
    elif question.kind is QuestionKind.NON_PARTICIPANT:
        assert event.participants_complete, question.key
        involved = _names(c.name for c in countries)
        assert answer["en"] not in involved
        assert _names(wrong) <= _names(c.name for c in event.parties), question.key
        assert_existed(question, event, countries, [answer])
        for party in (_find(w, event.parties) for w in wrong):
            assert any(_quoted(question, party)) or any(
                s.states_parties for s in question.sources
            ), question.key
    else:  # pragma: no cover - a new kind must be given its rule here
        raise AssertionError(f"no fairness rule for {question.kind}")


def assert_existed(question: Question, event: EventFacts, countries, offered) -> None:
    """Fail when a state offered as wrong did not exist as such at the event's date."""
    known = {c.name["en"]: c for e in [event] for c in countries}
    for text in offered:
        state = known.get(text["en"])
        if state is not None:
            assert state.existed_during(event.start, event.last_day), (question.key, text)


def assert_fair_order(question: Question, events: dict[str, EventFacts]) -> None:
    assert sorted(question.order) == list(range(len(question.choices))), question.key
    assert list(question.order) != sorted(question.order), "shown already in order"
    group = [events[slug] for slug in question.events]
    for earlier, later in itertools.pairwise(group):
        # Strictly after: at their precision (or as the articles relate them), no tie.
        assert dated_from(later, events) > span_end(earlier.start, earlier.end, earlier.precision)
    numbered = [e.kind for e in group if e.number is not None]
    assert len(numbered) == len(set(numbered)), f"{question.key}: the ordinals tell the order"
    for position, event in zip(question.order, group, strict=True):
        year = str(event.start.year)
        # An event offered by its own year would tell its place in the order.
        assert not named_in(question.choices[position].text, {year}), question.key
        assert any(year in s.quote for s in question.sources), (question.key, event.slug)


def month_names(month: int) -> set[str]:
    """Every way a date label names the month, in each language ("September", "septembris")."""
    label = {
        lang: say_date(datetime.date(2000, month, 1), None, "month", lang) for lang in LANGUAGES
    }
    when = {
        lang: say_date(datetime.date(2000, month, 1), None, "month", lang, "when")
        for lang in LANGUAGES
    }
    words = set()
    for text in (*label.values(), *when.values()):
        for word in text.replace("2000", "").replace(".", " ").split():
            if word not in ("gada", "in", "gadā"):
                words.add(word)
    return words


def assert_fair_year(question: Question, events: dict[str, EventFacts]) -> None:
    """A year asked (typed or on the timeline): one right year, never in the prompt, cited."""
    (slug,) = question.events
    event = events[slug]
    year = str(event.start.year)
    assert question.choices == (), question.key
    assert question.year == event.start.year == event.last_day.year, question.key
    assert not named_in(question.prompt, {year}), question.key
    assert all(year in s.quote for s in question.sources), question.key
    for lang in LANGUAGES:
        assert year in question.explanation[lang], question.key
    if question.kind is QuestionKind.YEAR:
        # Both articles state the year: a quote in each language holds it.
        assert {s.language for s in question.sources} >= set(LANGUAGES), question.key
        assert question.month is None and question.year_range is None, question.key
        return
    first, last = question.year_range
    assert first <= question.year <= last, question.key
    if event.precision == "year":
        assert question.month is None, question.key
    else:
        # Asked to the month only where the whole date lies in that one month.
        assert question.month == event.start.month == event.last_day.month, question.key
        names = {n.casefold() for n in month_names(question.month)}
        assert not any(n in question.prompt[lang].casefold() for n in names for lang in LANGUAGES)
