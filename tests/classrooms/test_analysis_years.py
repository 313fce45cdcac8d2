"""Item analysis of timeline and typed-year questions: how far off the answers were."""

import csv
import io

import pytest
from django.urls import reverse

from classrooms.analysis import Response, item_analysis
from classrooms.models import Membership
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, year_quiz_set


def test_the_offsets_given_are_counted_early_to_late_and_right_is_zero():
    responses = [
        Response(student=s, question=1, correct=off == 0, choice=None, score=0.5, offset=off)
        for s, off in enumerate([0, -2, -2, 3, 0])
    ]

    (stats,) = item_analysis(responses, [1], {1: set()})

    assert stats.offsets == {-2: 2, 0: 2, 3: 1}
    assert list(stats.offsets) == [-2, 0, 3]
    assert (stats.facility, stats.choices) == (0.4, {})


@pytest.mark.django_db
def test_the_items_page_lists_how_far_off_the_years_were(client):
    teacher = TeacherFactory()
    quiz_set = year_quiz_set("year", "timeline")
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    # Per student: the typed year given, and the timeline's (year, month), off by what.
    given = [(1934, (1934, 9)), (1932, (1934, 11)), (1932, (1933, 9)), (1936, (1934, 9))]
    for n, (typed, (year, month)) in enumerate(given):
        student = UserFactory(username=f"student{n}")
        Membership.objects.create(classroom=assignment.classroom, student=student)
        learner = quiz_services.learner_for_user(user=student)
        attempt = quiz_services.attempt_start(learner=learner, quiz_set=quiz_set)
        for position, answer in ((1, {"year": typed}), (2, {"year": year, "month": month})):
            item = quiz_selectors.attempt_item(attempt=attempt, position=position)
            quiz_services.answer_submit(attempt=attempt, item=item, **answer)
        quiz_services.attempt_finish(attempt=attempt)
    client.force_login(teacher)
    address = reverse("admin:classrooms_assignment_items", args=[assignment.pk])

    page = client.get(address)
    download = client.get(address, {"format": "csv"})

    rows = {row.question.kind: row for row in page.context["rows"]}
    assert rows["year"].offsets == [
        ("2 years too early", 2, "most"),
        ("right", 1, ""),
        ("2 years too late", 1, ""),
    ]
    assert rows["timeline"].offsets == [
        ("12 months too early", 1, "tied"),
        ("right", 2, ""),
        ("2 months too late", 1, "tied"),
    ]
    assert rows["year"].choices == []
    assert "2 years too early: 2 (most chosen wrong answer)" in page.text
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8").lstrip("\ufeff"))))
    by_kind = {row[1]: row for row in table[1:]}
    assert by_kind["typed year"][6] == "2 years too early"
