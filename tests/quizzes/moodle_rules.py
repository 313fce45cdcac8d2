"""An independent reader of Moodle XML and GIFT files, written to Moodle's own reading rules.

It follows, step by step, question/format/xml/format.php (import_headers, import_multichoice,
import_match, import_category; getpath() trims every text), the ordering question type's
import_from_xml, question/format/gift/format.php (readquestion, escapedchar_pre/_post,
parse_text_with_format, answerweightparser) and question/format.php (readquestions,
split_category_path). It shares no code with the app's exporter or importer, so a test that
reads an export with it checks the file against Moodle's rules, not against the app's idea of
them.
"""

import re
import xml.etree.ElementTree as ET


def php_empty(value: str) -> bool:
    return value in ("", "0")


def split_category_path(path: str) -> list[str]:
    return [raw.replace("//", "/").strip() for raw in re.split(r"(?<!/)/(?!/)", path)]


# --- Moodle XML -----------------------------------------------------------------------


def _text_fields(raw: str) -> list[str]:
    return re.findall(r"<text>(.*?)</text>", raw, flags=re.S)


def check_xml_escaping(raw: str) -> None:
    """Moodle reads XML with xmlize, which loses the spaces between escaped characters
    (`: < > &` comes back as `: <>&`): markup characters must be inside CDATA."""
    for content in _text_fields(raw):
        outside = re.sub(r"<!\[CDATA\[.*?\]\]>", "", content, flags=re.S)
        assert "&" not in outside and "<" not in outside, content


def _text(element) -> tuple[str, str]:
    if element is None:
        return "", "html"
    return (element.findtext("text") or "").strip(), element.get("format", "html")


def read_moodle_xml(raw: str) -> list[dict]:
    check_xml_escaping(raw)
    root = ET.fromstring(raw.encode("utf-8"))  # a file XML 1.0 forbids fails here
    assert root.tag == "quiz"
    questions, category = [], None
    for element in root.findall("question"):
        qtype = element.get("type")
        if qtype == "category":
            category = split_category_path(element.findtext("category/text").strip())
            info = element.find("info")
            questions.append({"type": "category", "path": category, "info": _text(info)[0]})
            continue
        text, text_format = _text(element.find("questiontext"))
        feedback, _feedback_format = _text(element.find("generalfeedback"))
        question = {
            "type": qtype,
            "name": (element.findtext("name/text") or "").strip(),
            "questiontext": text,
            "format": text_format,
            "generalfeedback": feedback,
            "category": category,
        }
        if qtype == "multichoice":
            question["single"] = (element.findtext("single") or "true").strip() != "false"
            question["answers"] = [
                (_text(a)[0], float(a.get("fraction", 0)) / 100, a.get("format"))
                for a in element.findall("answer")
            ]
        elif qtype == "ordering":
            question["gradingtype"] = (element.findtext("gradingtype") or "RELATIVE").strip()
            question["selecttype"] = (element.findtext("selecttype") or "RANDOM").strip()
            question["answers"] = [_text(a)[0] for a in element.findall("answer")]
        elif qtype == "numerical":
            # import_numerical: each answer's text is the number, with its own tolerance.
            question["answers"] = [
                (
                    _text(a)[0],
                    float(a.get("fraction", 0)) / 100,
                    float(a.findtext("tolerance") or 0),
                )
                for a in element.findall("answer")
            ]
        elif qtype in ("matching", "match"):
            question["subquestions"] = [
                (_text(s)[0], (s.findtext("answer/text") or "").strip())
                for s in element.findall("subquestion")
            ]
        questions.append(question)
    return questions


# --- GIFT -----------------------------------------------------------------------------

_ESCAPED = ["\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"]
_PLACEHOLDERS = ["&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010"]
_CHARACTERS = [":", "#", "=", "{", "}", "~", "\n"]
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def escapedchar_pre(string: str) -> str:
    string = string.replace("\\\\", "&&092;")
    for escaped, placeholder in zip(_ESCAPED, _PLACEHOLDERS, strict=True):
        string = string.replace(escaped, placeholder)
    return string.replace("&&092;", "\\")


def escapedchar_post(string: str) -> str:
    for placeholder, character in zip(_PLACEHOLDERS, _CHARACTERS, strict=True):
        string = string.replace(placeholder, character)
    return string


def parse_text_with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    text_format = default
    if text.find("[") == 0:
        end = text.find("]")
        name = text[1:end]
        if name in ("moodle", "html", "plain", "markdown"):
            text_format, text = name, text[end + 1 :]
    return escapedchar_post(text).strip(), text_format


def _commentparser(answer: str, default: str) -> str:
    return parse_text_with_format(answer.split("#", 1)[0].strip(), default)


def readquestions(raw: str) -> list[list[str]]:
    blocks, current = [], []
    for line in raw.split("\n"):
        line = line.strip()
        if php_empty(line):
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def read_gift(raw: str) -> list[dict]:
    questions, category = [], None
    for lines in readquestions(raw):
        lines = [" " if line.strip().startswith("//") else line for line in lines]
        text = "\n".join(lines).strip()
        if text == "":
            continue
        text = escapedchar_pre(text)
        if text.startswith("$CATEGORY:"):
            category = split_category_path(text[10:].strip())
            questions.append({"type": "category", "path": category})
            continue
        questions.append(readquestion(text, category))
    return questions


def readquestion(text: str, category) -> dict:
    name = None
    if text[:2] == "::":
        text = text[2:]
        finish = text.find("::")
        if finish != -1:
            name = escapedchar_post(text[:finish])
            text = text[finish + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    assert start != -1 and finish != -1, f"no answers in {text!r}"
    answertext = text[start + 1 : finish].strip()
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1 :]
    feedback = ""
    separator = answertext.rfind("####")
    if separator != -1:
        feedback = answertext[separator + 4 :]
        answertext = answertext[:separator].strip()
    prompt, prompt_format = parse_text_with_format(questiontext)
    feedback, _feedback_format = parse_text_with_format(feedback, prompt_format)
    question = {
        "name": name,
        "questiontext": prompt,
        "format": prompt_format,
        "generalfeedback": feedback,
        "category": category,
    }
    if answertext[:1] == "#":
        # A numerical question: "#1934", "#1934:2" (tolerance) or "#1930..1940" (a range).
        question["type"] = "numerical"
        question["answers"] = []
        for answer in answertext[1:].split("="):
            answer = answer.split("#", 1)[0].strip()
            if not answer:
                continue
            if ".." in answer:
                low, high = (float(x) for x in answer.split(".."))
                value, tolerance = (low + high) / 2, (high - low) / 2
            elif ":" in answer:
                number, margin = answer.split(":", 1)
                value, tolerance = float(number), float(margin)
            else:
                value, tolerance = float(answer), 0.0
            question["answers"].append((value, 1.0, tolerance))
    elif "~" in answertext:
        question["type"] = "multichoice"
        answers = answertext.replace("=", "~=").split("~")
        answers[0] = answers[0].strip()
        if php_empty(answers[0]):
            answers = answers[1:]
        question["answers"] = []
        for answer in answers:
            answer = answer.strip()
            if answer[0] == "=":
                weight, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                answer = answer[1:]
                end = answer.find("%")
                weight, answer = float(answer[:end]) / 100, answer[end + 1 :]
            else:
                weight = 0.0
            text_, text_format = _commentparser(answer, prompt_format)
            question["answers"].append((text_, weight, text_format))
    elif "=" in answertext and "->" in answertext:
        question["type"] = "match"
        answers = answertext.split("=")
        answers[0] = answers[0].strip()
        if php_empty(answers[0]):
            answers = answers[1:]
        question["subquestions"] = []
        for answer in answers:
            answer = answer.strip()
            marker = answer.find("->")
            sub, _f = parse_text_with_format(answer[:marker], prompt_format)
            question["subquestions"].append((sub, escapedchar_post(answer[marker + 2 :]).strip()))
    else:
        question["type"] = "other"
    return question
