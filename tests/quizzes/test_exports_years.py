"""Timeline and typed-year questions go to Moodle as numerical questions, read back by Moodle's
own rules (tests/quizzes/moodle_rules.py)."""

import pytest

from quizzes.exports import gift, moodle_xml
from tests.quizzes.factories import TimelineQuestionFactory, year_quiz_set
from tests.quizzes.moodle_rules import read_gift, read_moodle_xml

pytestmark = pytest.mark.django_db


def exported(reader, text):
    return {q["name"]: q for q in reader(text) if q["type"] != "category"}


def test_moodle_xml_writes_a_numerical_question_with_the_year_exactly():
    quiz_set = year_quiz_set("year", "timeline-year")
    questions = list(quiz_set.questions.all())

    found = exported(read_moodle_xml, moodle_xml([quiz_set]))

    assert set(found) == {q.key for q in questions}
    for question in questions:
        read = found[question.key]
        assert read["type"] == "numerical"
        assert read["answers"] == [(str(question.answer_year), 1.0, 0.0)]
        assert read["questiontext"] == question.prompt_en
        assert read["generalfeedback"] == question.explanation_en


def test_gift_writes_the_year_as_a_numerical_answer():
    quiz_set = year_quiz_set("year")
    (question,) = quiz_set.questions.all()

    text = gift([quiz_set])

    assert f"{{#{question.answer_year}\n" in text
    (read,) = exported(read_gift, text).values()
    assert read["type"] == "numerical"
    assert read["answers"] == [(float(question.answer_year), 1.0, 0.0)]
    assert read["generalfeedback"] == question.explanation_en


@pytest.mark.parametrize(
    "language, note", [("en", "(Give the year.)"), ("lv", "(Norādiet gadu.)")]
)
def test_a_timeline_question_to_the_month_says_that_moodle_asks_the_year(language, note):
    quiz_set = year_quiz_set("timeline")
    (question,) = quiz_set.questions.all()
    prompt = getattr(question, f"prompt_{language}")

    for reader, text in (
        (read_moodle_xml, moodle_xml([quiz_set], language=language)),
        (read_gift, gift([quiz_set], language=language)),
    ):
        (read,) = exported(reader, text).values()
        assert read["questiontext"] == f"{prompt} {note}"
        assert float(read["answers"][0][0]) == question.answer_year


def test_a_year_question_without_its_year_is_left_out_with_the_reason():
    quiz_set = year_quiz_set("year")
    broken = TimelineQuestionFactory(answer_year=None)
    quiz_set.entries.create(question=broken, position=5)

    text = moodle_xml([quiz_set])

    assert f"left out: {broken.key}: it has no year to answer" in text
    assert len(exported(read_moodle_xml, text)) == 1
