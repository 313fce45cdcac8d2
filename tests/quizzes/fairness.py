"""What makes a generated question fair, checked from the facts it was made from."""

import itertools

from quizzes.generators import LANGUAGES, EventFacts, Question, QuestionKind, span_end
from quizzes.phrases import say_date


def _names(texts) -> set[str]:
    return {t["en"] for t in texts}


def assert_fair(question: Question, events: dict[str, EventFacts]) -> None:
    """Fail unless the question has one right answer, stated in both languages and cited."""
    for lang in LANGUAGES:
        assert question.prompt[lang].strip(), question.key
        assert question.explanation[lang].strip(), question.key
        assert len({c.text[lang] for c in question.choices}) == len(question.choices), question.key
    assert question.sources, question.key

    if question.kind is QuestionKind.CHRONOLOGY:
        assert_fair_order(question, events)
        return

    correct = [c for c in question.choices if c.correct]
    wrong = [c.text for c in question.choices if not c.correct]
    assert len(correct) == 1, question.key
    assert 3 <= len(question.choices) <= 4, question.key
    answer = correct[0].text
    event = events[question.events[0]]

    if question.kind is QuestionKind.DATE:
        for lang in LANGUAGES:
            assert answer[lang] == say_date(event.start, event.end, event.precision, lang)
        # No wrong date may be the start or the end of the same event said on its own.
        own = {say_date(d, None, event.precision, "en") for d in (event.start, event.last_day)}
        assert not own & _names(wrong), question.key
    elif question.kind in (QuestionKind.PLACE, QuestionKind.HOST):
        assert answer == event.place.name
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
    elif question.kind is QuestionKind.SIGNED_FOR:
        person = question.key.rsplit(":", 1)[1]
        signed_for = {s.country.name["en"] for s in event.signatures if s.person.slug == person}
        assert answer["en"] in signed_for
        assert not signed_for & _names(wrong), question.key
    elif question.kind is QuestionKind.PARTICIPANT:
        assert answer["en"] in _names(c.name for c in event.parties)
        involved = _names(c.name for c in (*event.parties, *event.others))
        assert not involved & _names(wrong), question.key
    elif question.kind is QuestionKind.NON_PARTICIPANT:
        involved = _names(c.name for c in (*event.parties, *event.others))
        assert answer["en"] not in involved
        assert _names(wrong) <= _names(c.name for c in event.parties), question.key
    else:  # pragma: no cover - a new kind must be given its rule here
        raise AssertionError(f"no fairness rule for {question.kind}")


def assert_fair_order(question: Question, events: dict[str, EventFacts]) -> None:
    assert sorted(question.order) == list(range(len(question.choices))), question.key
    assert list(question.order) != sorted(question.order), "shown already in order"
    titles = {e.title["en"]: e for e in (events[slug] for slug in question.events)}
    in_order = [titles[question.choices[i].text["en"]] for i in question.order]
    for earlier, later in itertools.pairwise(in_order):
        # Strictly after: at their precision, the two cannot be said to tie.
        assert later.start > span_end(earlier.start, earlier.end, earlier.precision)
