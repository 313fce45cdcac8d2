"""Any text a teacher can type goes to Moodle unchanged, or its question is refused by name.

Every export here is read back with `moodle_rules`, an independent reader written to
Moodle's own reading rules.
"""

import pytest

from quizzes.exports import export_file
from quizzes.models import Choice, Question, QuizSet, QuizSetQuestion
from tests.quizzes import moodle_rules
from tests.quizzes.factories import QuizSetFactory

# name → (text as typed, text Moodle must show). Control characters XML 1.0 forbids are
# removed, a carriage return is a newline, and both formats trim a text's ends.
HOSTILE = {
    "markup": ("a < b & c > d, \"q\" 's' <i>x</i> &amp;", None),
    "cdata end": ("x ]]> y <![CDATA[ z ]]]]>", None),
    "gift specials": ("{braces} a=b ~tilde #hash :colon \\back\\slash \\n \\: \\\\", None),
    "leading weight": ("%50% of the credit", None),
    "leading full weight": ("%100%", None),
    "format marker": ("[html]<b>bold</b>", None),
    "markdown marker": ("[markdown]*stars*", None),
    "arrow": ("Riga -> Tallinn", None),
    "slashes": ("Before / after 1934 // and/or /", None),
    "gift separators": ("#### :: // $CATEGORY: x", None),
    "control characters": (
        "form\x0cfeed, vertical\x0btab, start of heading\x01, escape\x1b.",
        None,
    ),
    "newlines": ("line one\nline two\r\nline three\rend", "line one\nline two\nline three\nend"),
    "latvian": ("Āā Čč Ēē Ģģ Īī Ķķ Ļļ Ņņ Šš Ūū Žž „pēdiņas“ — 1934. gada 12. septembrī", None),
    "right to left": (
        "\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629"
        " \u202eevil\u202c",
        None,
    ),
    "300 characters": ("{=~#:}" * 50, None),
    "padded": ("   padded\t ", "padded"),
    "only a zero": ("0", None),
}


def shown(typed: str) -> str:
    kept = "".join(c for c in typed if c in "\t\n\r" or ord(c) >= 0x20)
    return kept.replace("\r\n", "\n").replace("\r", "\n").strip()


def expected(name: str) -> str:
    typed, written = HOSTILE[name]
    return written if written is not None else shown(typed)


def title(name: str) -> str:
    return f"{name}: {HOSTILE[name][0]}"[: QuizSet._meta.get_field("title").max_length]


def category(name: str) -> list[str]:
    return ["$course$", "top", shown(title(name)).replace("\n", " ")]


@pytest.fixture
def hostile_set(db):
    """One quiz set per hostile text: the text as title, prompt, explanation, one choice of a
    multiple-choice question and one event of a chronology."""

    def make(name: str) -> QuizSet:
        text = HOSTILE[name][0]
        quiz_set = QuizSetFactory(mode=QuizSet.Mode.PICKED, title_en=title(name))
        choice_question = Question.objects.create(
            key=f"custom:hostile-{name.replace(' ', '-')}",
            prompt_en=text,
            prompt_lv=text,
            explanation_en=text,
            explanation_lv=text,
        )
        for position, (choice, right) in enumerate([(text, False), ("Plain right", True)]):
            Choice.objects.create(
                question=choice_question,
                text_en=choice,
                text_lv=choice,
                is_correct=right,
                position=position,
            )
        chronology = Question.objects.create(
            key=f"custom:hostile-order-{name.replace(' ', '-')}",
            kind=Question.Kind.CHRONOLOGY,
            prompt_en="Put these in order.",
            prompt_lv="Sakārtojiet.",
        )
        for position, (event, rank) in enumerate([("Later", 2), (text, 1), ("Last", 3)]):
            Choice.objects.create(
                question=chronology, text_en=event, text_lv=event, position=position, rank=rank
            )
        for position, question in enumerate([choice_question, chronology]):
            QuizSetQuestion.objects.create(quiz_set=quiz_set, question=question, position=position)
        return quiz_set

    return make


def _questions(read: list[dict]) -> dict[str, dict]:
    return {q["name"]: q for q in read if q["type"] != "category"}


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("ordering", [True, False])
def test_moodle_xml_carries_every_text_unchanged(hostile_set, name, ordering):
    quiz_set = hostile_set(name)
    text = expected(name)

    result = export_file([quiz_set], fmt="moodle", ordering=ordering)
    read = moodle_rules.read_moodle_xml(result.text)

    assert result.refused == []
    assert read[0]["path"] == category(name)
    questions = _questions(read)
    choice = questions[f"custom:hostile-{name.replace(' ', '-')}"]
    assert (choice["questiontext"], choice["format"]) == (text, "plain_text")
    assert choice["generalfeedback"] == text
    assert choice["answers"] == [(text, 0.0, "plain_text"), ("Plain right", 1.0, "plain_text")]
    order = questions[f"custom:hostile-order-{name.replace(' ', '-')}"]
    if ordering:
        assert order["type"] == "ordering"
        assert (order["gradingtype"], order["selecttype"]) == ("ALL_OR_NOTHING", "ALL")
        assert order["answers"] == [text, "Later", "Last"]
    else:
        assert order["type"] == "matching"
        assert order["subquestions"] == [
            ("Later", "Position 2"),
            (text, "Position 1"),
            ("Last", "Position 3"),
        ]


@pytest.mark.parametrize("name", HOSTILE)
def test_gift_carries_every_text_unchanged_or_refuses_it_by_name(hostile_set, name):
    quiz_set = hostile_set(name)
    text = expected(name)

    result = export_file([quiz_set], fmt="gift")
    read = moodle_rules.read_gift(result.text)

    assert read[0]["path"] == category(name)
    questions = _questions(read)
    choice = questions[f"custom:hostile-{name.replace(' ', '-')}"]
    assert choice["type"] == "multichoice"
    assert (choice["questiontext"], choice["format"]) == (text, "plain")
    assert choice["generalfeedback"] == text
    assert choice["answers"] == [(text, 0.0, "plain"), ("Plain right", 1.0, "plain")]
    order_key = f"custom:hostile-order-{name.replace(' ', '-')}"
    if "->" in text:
        assert order_key not in questions
        assert [key for key, _reason in result.refused] == [order_key]
        assert f"// left out: {order_key}: " in result.text
        assert "->" in result.refused[0][1]
    else:
        assert result.refused == []
        assert questions[order_key]["type"] == "match"
        assert questions[order_key]["subquestions"] == [
            ("Later", "Position 2"),
            (text, "Position 1"),
            ("Last", "Position 3"),
        ]
