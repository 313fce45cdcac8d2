"""Item analysis of a map question: how many students picked each place."""

import pytest
from django.urls import reverse

from classrooms.models import Membership
from classrooms.selectors import assignment_items
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory
from tests.quizzes.test_views_map import map_quiz_set

pytestmark = pytest.mark.usefixtures("question_bank")


def test_the_item_analysis_counts_the_picks_of_each_place(client):
    teacher = TeacherFactory()
    quiz_set = map_quiz_set(1, shuffle_choices=False)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    students = [UserFactory(username=name) for name in ("anna", "dace", "ilze", "juris")]
    question = quiz_set.entries.get().question
    choices = list(question.choices.order_by("position"))
    right = next(i for i, c in enumerate(choices) if c.is_correct)
    wrong = next(i for i, c in enumerate(choices) if not c.is_correct)
    picks = [wrong, wrong, right, wrong]
    for student, index in zip(students, picks, strict=True):
        Membership.objects.create(classroom=assignment.classroom, student=student)
        learner = quiz_services.learner_for_user(user=student)
        attempt = quiz_services.attempt_start(learner=learner, quiz_set=quiz_set)
        item = quiz_selectors.attempt_item(attempt=attempt, position=1)
        quiz_services.answer_submit(attempt=attempt, item=item, choice_index=index)
        quiz_services.attempt_finish(attempt=attempt)

    (row,) = assignment_items(assignment)

    counts = {choice.place.slug: (n, mark) for choice, n, mark in row.choices}
    assert counts[choices[wrong].place.slug] == (picks.count(wrong), "most")
    assert counts[choices[right].place.slug][0] == picks.count(right)
    assert sum(n for n, _ in counts.values()) == len(students)
    client.force_login(teacher)
    page = client.get(reverse("admin:classrooms_assignment_items", args=[assignment.pk])).text
    assert f"{choices[wrong].text_en}: {picks.count(wrong)} (most chosen wrong answer)" in page
