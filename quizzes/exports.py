"""Write quiz sets in formats Moodle imports: Moodle XML and GIFT.

Both writers follow the rules Moodle's own readers apply (question/format/xml and
question/format/gift): every text is written as plain text, exactly as stored, or the question
is left out with the reason named (`Export.refused`), never written wrong.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from quizzes.models import Question, QuizSet
from quizzes.selectors import quiz_set_questions

FORMATS = {"moodle": ("xml", "application/xml"), "gift": ("gift.txt", "text/plain")}

# Characters XML 1.0 does not allow at all (not even as character references).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Export:
    """A written file and the questions that could not go into it, with why."""

    text: str
    written: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Return text as both formats can carry it: XML-forbidden characters removed, newlines
    as \\n, no surrounding whitespace (Moodle's readers trim every text)."""
    text = _XML_FORBIDDEN.sub("", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _text(obj, name: str, language: str) -> str:
    return clean_text(getattr(obj, f"{name}_{language}") or getattr(obj, f"{name}_en") or "")


def _ordinal(rank: int, language: str) -> str:
    with override(language):
        return _("Position %(rank)s") % {"rank": rank}


def category_path(title: str) -> str:
    """Return the category path Moodle's exporter writes: a literal slash doubled, and a
    space added where a name starts or ends with one (so it is not read as a separator)."""
    name = clean_text(title).replace("\n", " ").replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return f"$course$/top/{name}"


def draw_note(quiz_set: QuizSet, pool: int, language: str) -> str:
    with override(language):
        if quiz_set.question_count and quiz_set.question_count < pool:
            return ngettext(
                "An attempt draws %(count)d of the %(pool)d questions in this category.",
                "An attempt draws %(count)d of the %(pool)d questions in this category.",
                pool,
            ) % {"count": quiz_set.question_count, "pool": pool}
        return ngettext(
            "An attempt asks all %(pool)d question in this category.",
            "An attempt asks all %(pool)d questions in this category.",
            pool,
        ) % {"pool": pool}


def _questions(quiz_set: QuizSet) -> list[Question]:
    return list(quiz_set_questions(quiz_set).prefetch_related("choices"))


# --- Moodle XML -------------------------------------------------------------------------


def _xml_escape(text: str) -> str:
    """Wrap text in CDATA when it holds markup characters, as Moodle's exporter does (a
    `]]>` inside is split across two CDATA sections)."""
    if text and any(c in text for c in "&<>\"'"):
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text


def _xml_text(text: str) -> str:
    return f"<text>{_xml_escape(text)}</text>"


NUMERICAL = (Question.Kind.TIMELINE, Question.Kind.YEAR)


def _numerical_prompt(question: Question, language: str) -> str:
    """The question text of a numerical question: Moodle takes the year alone, so a timeline
    question that asks the month as well says that only the year is asked here."""
    prompt = _text(question, "prompt", language)
    if question.answer_month is None:
        return prompt
    with override(language):
        return f"{prompt} " + _("(Give the year.)")


def _xml_numerical(question: Question, language: str) -> list[str]:
    return [
        f'    <answer fraction="100" format="moodle_auto_format"><text>{question.answer_year}'
        "</text><tolerance>0</tolerance>"
        '<feedback format="plain_text"><text></text></feedback></answer>',
        "    <unitgradingtype>0</unitgradingtype>",
        "    <unitpenalty>0</unitpenalty>",
        "    <showunits>3</showunits>",
        "    <unitsleft>0</unitsleft>",
    ]


def _xml_question(question: Question, language: str, *, ordering: bool) -> str:
    choices = list(question.choices.all())
    if question.kind in NUMERICAL:
        return "\n".join(
            [
                f"<!-- question: {_xml_comment(question.key)} -->",
                '  <question type="numerical">',
                f"    <name>{_xml_text(clean_text(question.key))}</name>",
                '    <questiontext format="plain_text">'
                f"{_xml_text(_numerical_prompt(question, language))}</questiontext>",
                '    <generalfeedback format="plain_text">'
                f"{_xml_text(_text(question, 'explanation', language))}</generalfeedback>",
                "    <defaultgrade>1</defaultgrade>",
                "    <penalty>0</penalty>",
                "    <hidden>0</hidden>",
                *_xml_numerical(question, language),
                "  </question>",
            ]
        )
    chronology = question.kind == Question.Kind.CHRONOLOGY
    qtype = ("ordering" if ordering else "matching") if chronology else "multichoice"
    lines = [
        f"<!-- question: {_xml_comment(question.key)} -->",
        f'  <question type="{qtype}">',
        f"    <name>{_xml_text(clean_text(question.key))}</name>",
        f'    <questiontext format="plain_text">{_xml_text(_text(question, "prompt", language))}'
        "</questiontext>",
        '    <generalfeedback format="plain_text">'
        f"{_xml_text(_text(question, 'explanation', language))}</generalfeedback>",
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0</penalty>",
        "    <hidden>0</hidden>",
    ]
    if chronology and ordering:
        ordered = sorted(choices, key=lambda c: c.rank or 0)
        lines += [
            "    <layouttype>VERTICAL</layouttype>",
            "    <selecttype>ALL</selecttype>",
            f"    <selectcount>{len(ordered)}</selectcount>",
            "    <gradingtype>ALL_OR_NOTHING</gradingtype>",
            "    <showgrading>SHOW</showgrading>",
            "    <numberingstyle>none</numberingstyle>",
        ]
        lines += [
            f'    <answer fraction="{c.rank}" format="plain_text">'
            f"{_xml_text(_text(c, 'text', language))}</answer>"
            for c in ordered
        ]
    elif chronology:
        lines.append("    <shuffleanswers>true</shuffleanswers>")
        for c in choices:
            lines += [
                '    <subquestion format="plain_text">',
                f"      {_xml_text(_text(c, 'text', language))}",
                f"      <answer>{_xml_text(_ordinal(c.rank, language))}</answer>",
                "    </subquestion>",
            ]
    else:
        lines += [
            "    <single>true</single>",
            "    <shuffleanswers>true</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
        ]
        lines += [
            f'    <answer fraction="{100 if c.is_correct else 0}" format="plain_text">'
            f"{_xml_text(_text(c, 'text', language))}"
            '<feedback format="plain_text"><text></text></feedback></answer>'
            for c in choices
        ]
    lines.append("  </question>")
    return "\n".join(lines)


def _xml_comment(text: str) -> str:
    # "--" may not appear inside an XML comment.
    return clean_text(text).replace("--", "- -")


def _refusal(question: Question, language: str) -> str | None:
    """Name what makes a question impossible to write faithfully in either format."""
    if not _text(question, "prompt", language):
        return _("it has no question text")
    if question.kind in NUMERICAL and question.answer_year is None:
        return _("it has no year to answer")
    if any(not _text(c, "text", language) for c in question.choices.all()):
        return _("a choice has no text once control characters are removed")
    return None


def moodle_xml_export(
    quiz_sets: Iterable[QuizSet], *, language: str = "en", ordering: bool = True
) -> Export:
    """Write a Moodle XML question file, one category per quiz set.

    Chronology questions become Moodle's ordering question (all or nothing), or matching
    questions (`ordering=False`) for Moodle sites older than 4.4.
    """
    parts, written, refused = [], 0, []
    for quiz_set in quiz_sets:
        questions = _questions(quiz_set)
        parts += [
            '  <question type="category">',
            f"    <category>{_xml_text(category_path(_text(quiz_set, 'title', language)))}"
            "</category>",
            '    <info format="plain_text">'
            f"{_xml_text(draw_note(quiz_set, len(questions), language))}</info>",
            "  </question>",
        ]
        for question in questions:
            reason = _refusal(question, language)
            if reason:
                refused.append((question.key, reason))
                parts.append(f"<!-- left out: {_xml_comment(question.key)}: {reason} -->")
                continue
            parts.append(_xml_question(question, language, ordering=ordering))
            written += 1
    body = "\n".join(parts)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'
    return Export(text=text, written=written, refused=refused)


def moodle_xml(quiz_sets: Iterable[QuizSet], *, language: str = "en", ordering: bool = True):
    return moodle_xml_export(quiz_sets, language=language, ordering=ordering).text


# --- GIFT -----------------------------------------------------------------------------

_GIFT_RESERVED = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"}
)
# A text Moodle's GIFT reader would take a leading part of as markup: a format marker
# ("[html]") or, after "~", an answer weight ("%50%").
_GIFT_NEEDS_MARKER = re.compile(r"^[\[%]")


def gift_escape(text: str) -> str:
    """Escape GIFT's reserved characters and write newlines as \\n, as Moodle does."""
    return clean_text(text).translate(_GIFT_RESERVED).replace("\n", "\\n")


def _gift_plain(text: str) -> str:
    """A text in a question whose format is plain: marked again where it could be misread."""
    text = clean_text(text)
    marker = "[plain]" if _GIFT_NEEDS_MARKER.match(text) else ""
    return marker + gift_escape(text)


def _gift_refusal(question: Question, language: str) -> str | None:
    if reason := _refusal(question, language):
        return reason
    if question.kind == Question.Kind.CHRONOLOGY:
        for choice in question.choices.all():
            if "->" in _text(choice, "text", language):
                return _(
                    "“->” in the event “%(text)s”: GIFT matching splits a pair at its first “->”"
                ) % {"text": _text(choice, "text", language)}
    return None


def _gift_numerical(question: Question, language: str) -> str:
    prompt = gift_escape(_numerical_prompt(question, language))
    lines = [
        f"// question: {clean_text(question.key).replace(chr(10), ' ')}",
        f"::{gift_escape(question.key)}::[plain]{prompt}{{#{question.answer_year}",
    ]
    explanation = _text(question, "explanation", language)
    if explanation:
        lines.append(f"\t####{_gift_plain(explanation)}")
    lines.append("}")
    return "\n".join(lines)


def _gift_question(question: Question, language: str) -> str:
    if question.kind in NUMERICAL:
        return _gift_numerical(question, language)
    choices = list(question.choices.all())
    lines = [
        f"// question: {clean_text(question.key).replace(chr(10), ' ')}",
        f"::{gift_escape(question.key)}::[plain]{gift_escape(_text(question, 'prompt', language))}"
        "{",
    ]
    if question.kind == Question.Kind.CHRONOLOGY:
        lines += [
            f"\t={_gift_plain(_text(c, 'text', language))} -> "
            f"{gift_escape(_ordinal(c.rank, language))}"
            for c in choices
        ]
    else:
        lines += [
            "\t" + ("=" if c.is_correct else "~") + _gift_plain(_text(c, "text", language))
            for c in choices
        ]
    explanation = _text(question, "explanation", language)
    if explanation:
        lines.append(f"\t####{_gift_plain(explanation)}")
    lines.append("}")
    return "\n".join(lines)


def gift_export(quiz_sets: Iterable[QuizSet], *, language: str = "en", **_options) -> Export:
    """Write a GIFT question file, one category per quiz set.

    GIFT has no ordering question: chronology questions are written as matching, and the
    file says so.
    """
    blocks, written, refused = [], 0, []
    for quiz_set in quiz_sets:
        questions = _questions(quiz_set)
        category = category_path(_text(quiz_set, "title", language)).replace("\\", "\\\\")
        header = [f"// {draw_note(quiz_set, len(questions), language)}"]
        if any(q.kind == Question.Kind.CHRONOLOGY for q in questions):
            with override(language):
                header.append(
                    "// "
                    + _(
                        "GIFT has no ordering question: chronology questions are written as "
                        "matching (Moodle gives credit per pair). Export as Moodle XML to get "
                        "ordering questions."
                    )
                )
        blocks.append("\n".join([*header, f"$CATEGORY: {category}"]))
        for question in questions:
            reason = _gift_refusal(question, language)
            if reason:
                refused.append((question.key, reason))
                key = clean_text(question.key).replace("\n", " ")
                blocks.append(f"// left out: {key}: {reason}".replace("\n", " "))
                continue
            blocks.append(_gift_question(question, language))
            written += 1
    return Export(text="\n\n".join(blocks) + "\n", written=written, refused=refused)


def gift(quiz_sets: Iterable[QuizSet], *, language: str = "en") -> str:
    return gift_export(quiz_sets, language=language).text


def export_file(
    quiz_sets: Iterable[QuizSet], *, fmt: str, language: str = "en", ordering: bool = True
) -> Export:
    writer = {"moodle": moodle_xml_export, "gift": gift_export}[fmt]
    return writer(quiz_sets, language=language, ordering=ordering)


def export(
    quiz_sets: Iterable[QuizSet], *, fmt: str, language: str = "en", ordering: bool = True
) -> str:
    return export_file(quiz_sets, fmt=fmt, language=language, ordering=ordering).text
