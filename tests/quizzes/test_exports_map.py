"""Map questions exported for Moodle: a multiple choice of the places."""

import xml.etree.ElementTree as ET

import pytest

from quizzes.exports import gift, moodle_xml
from quizzes.models import Question
from tests.quizzes.test_views_map import map_quiz_set

pytestmark = pytest.mark.usefixtures("question_bank")


@pytest.mark.parametrize("language", ["en", "lv"])
def test_moodle_xml_writes_a_map_question_as_a_multiple_choice_of_its_places(language):
    quiz_set = map_quiz_set(3)
    questions = Question.objects.filter(entries__quiz_set=quiz_set).prefetch_related("choices")

    root = ET.fromstring(moodle_xml([quiz_set], language=language))

    exported = {q.findtext("name/text"): q for q in root.iter("question")}
    for question in questions:
        element = exported[question.key]
        assert element.get("type") == "multichoice"
        assert element.findtext("questiontext/text") == getattr(question, f"prompt_{language}")
        answers = {a.findtext("text"): a.get("fraction") for a in element.iter("answer")}
        choices = question.choices.all()
        assert set(answers) == {getattr(c, f"text_{language}") for c in choices}
        right = next(c for c in choices if c.is_correct)
        assert answers[getattr(right, f"text_{language}")] == "100"
        assert list(answers.values()).count("100") == 1


def test_gift_writes_a_map_question_with_its_one_right_place():
    quiz_set = map_quiz_set(3)
    text = gift([quiz_set])

    for question in Question.objects.filter(entries__quiz_set=quiz_set):
        block = text[text.index(f"::{question.key.replace(':', chr(92) + ':')}::") :]
        block = block[: block.index("\n}")]
        right = question.choices.get(is_correct=True)
        assert f"\t={right.text_en}" in block
        assert block.count("\t~") == question.choices.count() - 1
