"""Read GIFT and Moodle XML question files as Moodle's own readers do.

Plain functions: bytes in, `Item`s out (no models, no database; messages through gettext).
The rules follow Moodle's question/format/gift/format.php, question/format/xml/format.php
and the ordering question type's reader; what this app cannot hold is kept as an item with
the reason it is skipped.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _


def _unsupported(qtype: str) -> str:
    return _("unsupported type: %(type)s") % {"type": qtype}


def _not_an_order() -> str:
    return _("matching pairs that are not an order (this app has no matching questions)")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; nothing in it is used."""


@dataclass
class Item:
    """One question of the file, as read; `problem` says why it cannot be imported."""

    number: int
    name: str
    qtype: str
    category: str = ""
    prompt: str = ""
    explanation: str = ""
    # (text, is right) for a choice question; the events in order for a chronology.
    choices: list[tuple[str, bool]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    # A numerical question whose one answer is a year, exactly: a typed-year question.
    year: int | None = None
    problem: str = ""


@dataclass
class ReadFile:
    fmt: str
    items: list[Item]


# --- shared ---------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    _BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(text: str) -> str:
    """Return what an HTML text shows, as plain text (tags dropped, entities read)."""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    lines = [
        re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    ]
    return "\n".join(line for line in lines if line).strip()


def as_plain(text: str, text_format: str) -> str:
    """Return a text as the app stores it: HTML formats read as what they show."""
    if text_format in {"html", "moodle_auto_format", "moodle"}:
        return html_to_text(text)
    return text.strip()


def category_name(path: str) -> str:
    """Return the last name of a Moodle category path (a doubled slash is a literal one)."""
    names = [n.replace("//", "/").strip() for n in re.split(r"(?<!/)/(?!/)", path)]
    names = [n for n in names if n and not (n.startswith("$") and n.endswith("$"))]
    if names and names[0] == "top":
        names = names[1:]
    return names[-1] if names else ""


_POSITION = re.compile(r"^\D*?(\d+)\D*$")


def order_from_pairs(pairs: list[tuple[str, str]]) -> list[str] | None:
    """Read matching pairs as an order when every answer names a distinct position 1..n."""
    ranks = []
    for text, answer in pairs:
        found = _POSITION.match(answer.strip())
        if not text or not found:
            return None
        ranks.append(int(found.group(1)))
    if sorted(ranks) != list(range(1, len(pairs) + 1)):
        return None
    return [text for _rank, text in sorted(zip(ranks, (t for t, _a in pairs), strict=True))]


def decode(data: bytes) -> str:
    """Return the file's text; anything but UTF-8 text is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (byte %(byte)d cannot be read). "
                "Save it as UTF-8 and upload it again."
            )
            % {"byte": error.start + 1}
        ) from error
    if "\x00" in text:
        raise ImportFileError(_("The file holds binary data, not GIFT or Moodle XML text."))
    return text


def read(data: bytes) -> ReadFile:
    """Read a GIFT or Moodle XML file, told apart by its content."""
    text = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return ReadFile("moodle", read_moodle_xml(text))
    return ReadFile("gift", read_gift(text))


# --- Moodle XML -----------------------------------------------------------------------


def _xml_text(element: ET.Element | None, default_format: str = "html") -> tuple[str, str]:
    if element is None:
        return "", default_format
    text_format = element.get("format", default_format)
    return (element.findtext("text") or "").strip(), text_format


def read_moodle_xml(text: str) -> list[Item]:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ImportFileError(
            _("The XML file declares a DTD or entities, which are not accepted.")
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        raise ImportFileError(
            _("The XML is broken at line %(line)d, column %(column)d: nothing was imported.")
            % {"line": line, "column": column + 1}
        ) from error
    if root.tag != "quiz":
        raise ImportFileError(
            _("This is XML, but not a Moodle question file (<%(tag)s>).") % {"tag": root.tag}
        )
    items, category, number = [], "", 0
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            category = category_name(element.findtext("category/text") or "")
            continue
        number += 1
        items.append(_xml_item(element, qtype, number, category))
    return items


def _xml_item(element: ET.Element, qtype: str, number: int, category: str) -> Item:
    prompt, prompt_format = _xml_text(element.find("questiontext"))
    feedback, feedback_format = _xml_text(element.find("generalfeedback"), prompt_format)
    item = Item(
        number=number,
        name=(element.findtext("name/text") or "").strip(),
        qtype=qtype,
        category=category,
        prompt=as_plain(prompt, prompt_format),
        explanation=as_plain(feedback, feedback_format),
    )
    if qtype == "multichoice":
        for answer in element.findall("answer"):
            text, text_format = _xml_text(answer, prompt_format)
            item.choices.append((as_plain(text, text_format), _fraction(answer) >= 100))
        single = (element.findtext("single") or "true").strip()
        if single == "false" and sum(right for _t, right in item.choices) != 1:
            item.problem = _("several right answers (a multiple-answer question)")
    elif qtype == "truefalse":
        for answer in element.findall("answer"):
            value = (answer.findtext("text") or "").strip()
            item.choices.append((value, _fraction(answer) >= 100))
        item.qtype = "truefalse"
    elif qtype in {"matching", "match"}:
        pairs = []
        for sub in element.findall("subquestion"):
            text, text_format = _xml_text(sub, prompt_format)
            pairs.append((as_plain(text, text_format), (sub.findtext("answer/text") or "")))
        item.order = order_from_pairs(pairs) or []
        if not item.order:
            item.problem = _not_an_order()
    elif qtype == "ordering":
        for answer in element.findall("answer"):
            text, text_format = _xml_text(answer, prompt_format)
            item.order.append(as_plain(text, text_format))
    elif qtype == "numerical":
        answers = [
            ((a.findtext("text") or "").strip(), (a.findtext("tolerance") or "0").strip())
            for a in element.findall("answer")
            if _fraction(a) >= 100
        ]
        _numerical(item, answers)
    else:
        item.problem = _unsupported(qtype or "?")
    return item


def _numerical(item: Item, answers: list[tuple[str, str]]) -> None:
    """Keep a numerical question whose one right answer is a whole year, with no tolerance."""
    if len(answers) == 1 and re.fullmatch(r"\d{1,4}", answers[0][0]):
        year, tolerance = int(answers[0][0]), answers[0][1]
        if year >= 1 and re.fullmatch(r"0*(\.0*)?", tolerance):
            item.year = year
            return
    item.problem = _("a numerical answer other than one exact year")


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


# --- GIFT -----------------------------------------------------------------------------

# Escaped specials are swapped for private-use characters while the structure is read.
_ESCAPES = {
    ":": "\ue03a",
    "#": "\ue023",
    "=": "\ue03d",
    "{": "\ue07b",
    "}": "\ue07d",
    "~": "\ue07e",
}
_BACKSLASH = "\ue05c"
_NEWLINE = "\ue00a"
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def _escape_pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    text = text.replace("\\n", _NEWLINE)
    return text.replace(_BACKSLASH, "\\")


def _escape_post(text: str) -> str:
    for char, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, char)
    return text.replace(_NEWLINE, "\n")


def _with_format(text: str, default: str) -> tuple[str, str]:
    text_format = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in {"moodle", "html", "plain", "markdown"}:
            text_format, text = name, text[end + 1 :]
    return _escape_post(text).strip(), text_format


def _gift_plain(text: str, default: str) -> str:
    value, text_format = _with_format(text.strip(), default)
    return as_plain(value, "plain_text" if text_format == "plain" else text_format)


def _blocks(text: str):
    block: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if block:
                yield block
            block = []
        else:
            block.append(line)
    if block:
        yield block


def read_gift(text: str) -> list[Item]:
    items, category, number = [], "", 0
    for lines in _blocks(text):
        body = "\n".join(" " if line.startswith("//") else line for line in lines).strip()
        if not body:
            continue
        body = _escape_pre(body)
        if body.startswith("$CATEGORY:"):
            category = category_name(_escape_post(body[10:]).strip())
            continue
        number += 1
        items.append(_gift_item(body, number, category))
    if all(item.qtype in {"description", "broken"} for item in items):
        raise ImportFileError(
            _(
                "No questions were found (no answers in braces): this is not a GIFT or "
                "Moodle XML file."
            )
        )
    return items


def _gift_item(body: str, number: int, category: str) -> Item:
    name = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end != -1:
            name, body = _escape_post(body[2:end]).strip(), body[end + 2 :].strip()
    start, finish = body.find("{"), body.find("}")
    item = Item(number=number, name=name, qtype="", category=category)
    if start == -1 and finish == -1:
        item.prompt, item.qtype = _gift_plain(body, "moodle"), "description"
        item.problem = _unsupported("description")
        return item
    if start == -1 or finish == -1 or finish < start:
        item.prompt, item.qtype = _escape_post(body)[:80], "broken"
        item.problem = _("a brace { or } is missing")
        return item
    answers = body[start + 1 : finish].strip()
    prompt = body[:start] + ("" if body.endswith("}") else "_____") + body[finish + 1 :]
    separator = answers.rfind("####")
    feedback = ""
    if separator != -1:
        answers, feedback = answers[:separator].strip(), answers[separator + 4 :]
    prompt_text, prompt_format = _with_format(prompt.strip(), "moodle")
    item.prompt = as_plain(
        prompt_text, "plain_text" if prompt_format == "plain" else prompt_format
    )
    item.explanation = _gift_plain(feedback, prompt_format)
    _gift_answers(item, answers, prompt_format)
    return item


def _gift_answers(item: Item, answers: str, text_format: str) -> None:
    if re.match(r"^\s*>\s*\d+", answers):
        # The ordering question type's own GIFT form: a header line, then one item per line.
        item.qtype = "ordering"
        item.order = [
            _gift_plain(line, text_format) for line in answers.splitlines()[1:] if line.strip()
        ]
    elif answers == "":
        item.qtype, item.problem = "essay", _unsupported("essay")
    elif answers.startswith("#"):
        item.qtype = "numerical"
        value = answers[1:].split("#", 1)[0].strip()
        number, _sep, tolerance = value.partition(":")
        _numerical(item, [(number.lstrip("="), tolerance or "0")] if ".." not in value else [])
    elif "~" in answers:
        item.qtype = "multichoice"
        for answer in answers.replace("=", "~=").split("~"):
            answer = answer.strip()
            if not answer:
                continue
            if answer.startswith("="):
                right, answer = True, answer[1:]
            elif _WEIGHT.match(answer):
                # As Moodle's answerweightparser: the weight runs to the next "%".
                end = answer.index("%", 1)
                right, answer = float(answer[1:end]) >= 100, answer[end + 1 :]
            else:
                right = False
            answer = answer.split("#", 1)[0]
            item.choices.append((_gift_plain(answer, text_format), right))
    elif "=" in answers and "->" in answers:
        item.qtype = "matching"
        pairs = []
        for answer in answers.split("="):
            answer = answer.strip()
            if not answer:
                continue
            if "->" not in answer:
                item.problem = _("a matching pair without “->”")
                return
            left, right = answer.split("->", 1)
            pairs.append((_gift_plain(left, text_format), _escape_post(right).strip()))
        item.order = order_from_pairs(pairs) or []
        if not item.order:
            item.problem = _not_an_order()
    elif answers.split("#", 1)[0].strip() in {"T", "TRUE", "F", "FALSE"}:
        item.qtype = "truefalse"
        value = answers.split("#", 1)[0].strip() in {"T", "TRUE"}
        item.choices = [("true", value), ("false", not value)]
    else:
        item.qtype, item.problem = "shortanswer", _unsupported("shortanswer")
