"""A teacher's CSV can't be turned against them: formula-like cells arrive as text."""

import csv
import io

import pytest
from django.urls import reverse

from classrooms.csv_exports import FORMULA_STARTS
from classrooms.models import Membership
from quizzes.models import Choice, Question
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.classrooms.test_results import take
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


@pytest.fixture
def hostile_assignment():
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=len(HOSTILE), shuffle_choices=False)
    questions = Question.objects.filter(entries__quiz_set=quiz_set)
    for value, question in zip(HOSTILE, questions, strict=True):
        question.prompt_en = value
        question.save()
        # The wrong answer everyone picks is the most chosen wrong one in the export.
        Choice.objects.filter(question=question, is_correct=False).update(text_en=value)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    for value in HOSTILE:
        student = UserFactory(first_name=value, last_name="")
        Membership.objects.create(classroom=assignment.classroom, student=student)
        take(student, quiz_set, right=0)
    return teacher, assignment


@pytest.mark.parametrize("report", ["results", "items"])
def test_no_cell_of_a_csv_starts_like_a_formula(client, hostile_assignment, report):
    teacher, assignment = hostile_assignment
    client.force_login(teacher)

    rows = read(
        client.get(
            reverse(f"admin:classrooms_assignment_{report}", args=[assignment.pk]),
            {"format": "csv"},
        )
    )

    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    # Each hostile text is still there, whole, after the quote that makes it text (names
    # lose their surrounding whitespace on the way).
    quoted = {"'" + value for value in HOSTILE if value == value.strip() or report == "items"}
    assert quoted <= set(cells)
