"""A Moodle numerical question answered by one exact year comes in as a typed-year question."""

import pytest

from quizzes.imports.services import question_import_plan, questions_import
from quizzes.models import Question
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def xml(*answers: str) -> bytes:
    body = "".join(answers)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><quiz><question type="numerical">'
        "<name><text>Year</text></name>"
        '<questiontext format="plain_text"><text>In which year was the treaty signed?</text>'
        f"</questiontext>{body}</question></quiz>"
    ).encode()


def plan(data: bytes):
    return question_import_plan(
        data=data, language="en", user=TeacherFactory(), default_category="file"
    )


@pytest.mark.parametrize(
    "data",
    [
        xml('<answer fraction="100"><text>1934</text><tolerance>0</tolerance></answer>'),
        xml('<answer fraction="100"><text>1934</text></answer>'),
        b"::Year::In which year was the treaty signed?{#1934}",
        b"::Year::In which year was the treaty signed?{#1934:0####It was 1934.}",
    ],
)
def test_one_exact_year_becomes_a_typed_year_question(data):
    teacher = TeacherFactory()

    result = questions_import(data=data, language="en", user=teacher, default_category="file")

    (question,) = result.questions
    assert (question.kind, question.answer_year) == (Question.Kind.YEAR, 1934)
    assert question.prompt_en == "In which year was the treaty signed?"
    assert not question.choices.exists()


@pytest.mark.parametrize(
    "data",
    [
        xml('<answer fraction="100"><text>1934</text><tolerance>1</tolerance></answer>'),
        xml('<answer fraction="100"><text>1934.5</text></answer>'),
        xml(
            '<answer fraction="100"><text>1934</text></answer>',
            '<answer fraction="100"><text>1935</text></answer>',
        ),
        b"::Year::In which year?{#1930..1940}",
        b"::Year::In which year?{#1934:2}",
    ],
)
def test_any_other_numerical_question_is_skipped_with_the_reason(data):
    found = plan(data)

    assert found.create == []
    assert [reason for _item, reason in found.skipped] == [
        "a numerical answer other than one exact year"
    ]


def test_importing_a_year_question_twice_finds_the_first():
    teacher = TeacherFactory()
    data = b"::Year::In which year was the treaty signed?{#1934}"
    questions_import(data=data, language="en", user=teacher, default_category="file")

    again = plan(data)

    assert again.create == []
    assert [reason for _item, reason in again.skipped] == [
        "duplicate of a question already in the bank"
    ]
