"""Write quiz sets in formats Moodle imports: Moodle XML and GIFT."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import override

from quizzes.models import Question, QuizSet
from quizzes.selectors import quiz_set_questions

FORMATS = {"moodle": ("xml", "application/xml"), "gift": ("gift.txt", "text/plain")}


def _text(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}") or getattr(obj, f"{field}_en") or ""


def _ordinal(rank: int, language: str) -> str:
    with override(language):
        return _("Position %(rank)s") % {"rank": rank}


def _html_text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "plain_text", **attrs})
    ET.SubElement(element, "text").text = text
    return element


def moodle_xml(quiz_sets: Iterable[QuizSet], *, language: str = "en") -> str:
    """Return a Moodle XML question file, one category per quiz set."""
    quiz = ET.Element("quiz")
    for quiz_set in quiz_sets:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        ET.SubElement(
            ET.SubElement(category, "category"), "text"
        ).text = f"$course$/top/{_text(quiz_set, 'title', language)}"
        for question in _questions(quiz_set):
            quiz.append(_moodle_question(question, language))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode")


def _moodle_question(question: Question, language: str) -> ET.Element:
    choices = list(question.choices.all())
    chronology = question.kind == Question.Kind.CHRONOLOGY
    element = ET.Element("question", {"type": "matching" if chronology else "multichoice"})
    ET.SubElement(ET.SubElement(element, "name"), "text").text = question.key
    _html_text(element, "questiontext", _text(question, "prompt", language))
    _html_text(element, "generalfeedback", _text(question, "explanation", language))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "shuffleanswers").text = "true"
    if chronology:
        for choice in choices:
            sub = _html_text(element, "subquestion", _text(choice, "text", language))
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = _ordinal(
                choice.rank, language
            )
        return element
    ET.SubElement(element, "single").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    for choice in choices:
        answer = _html_text(
            element,
            "answer",
            _text(choice, "text", language),
            fraction="100" if choice.is_correct else "0",
        )
        ET.SubElement(ET.SubElement(answer, "feedback", {"format": "plain_text"}), "text")
    return element


_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def _gift_escape(text: str) -> str:
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def gift(quiz_sets: Iterable[QuizSet], *, language: str = "en") -> str:
    """Return a GIFT question file, one category per quiz set."""
    lines = []
    for quiz_set in quiz_sets:
        lines.append(f"$CATEGORY: $course$/top/{_text(quiz_set, 'title', language)}\n")
        for question in _questions(quiz_set):
            name = _gift_escape(question.key)
            prompt = _gift_escape(_text(question, "prompt", language))
            choices = list(question.choices.all())
            if question.kind == Question.Kind.CHRONOLOGY:
                body = " ".join(
                    f"={_gift_escape(_text(c, 'text', language))} -> "
                    f"{_gift_escape(_ordinal(c.rank, language))}"
                    for c in choices
                )
            else:
                body = " ".join(
                    ("=" if c.is_correct else "~") + _gift_escape(_text(c, "text", language))
                    for c in choices
                )
            feedback = _gift_escape(_text(question, "explanation", language))
            general = f" ####{feedback}" if feedback else ""
            lines.append(f"::{name}:: {prompt} {{{body}{general}}}\n")
    return "\n".join(lines)


def _questions(quiz_set: QuizSet):
    return quiz_set_questions(quiz_set).prefetch_related("choices")


def export(quiz_sets: Iterable[QuizSet], *, fmt: str, language: str = "en") -> str:
    writer = {"moodle": moodle_xml, "gift": gift}[fmt]
    return writer(quiz_sets, language=language)
