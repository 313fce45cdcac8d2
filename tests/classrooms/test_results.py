"""What a teacher sees of an assignment: results, item analysis, CSV, and who may see it."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from classrooms.models import Assignment, Membership
from classrooms.statuses import Progress
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def take(student, quiz_set, right: int, finish_late_by: timedelta | None = None):
    """Let a student answer the first `right` questions right and the rest wrong."""
    learner = quiz_services.learner_for_user(user=student)
    attempt = quiz_services.attempt_start(learner=learner, quiz_set=quiz_set)
    for position in range(1, attempt.question_total + 1):
        item = quiz_selectors.attempt_item(attempt=attempt, position=position)
        flags = [c.is_correct for c in quiz_selectors.shown_choices(item)]
        index = flags.index(True) if position <= right else flags.index(False)
        quiz_services.answer_submit(attempt=attempt, item=item, choice_index=index)
    quiz_services.attempt_finish(attempt=attempt)
    return attempt


@pytest.fixture
def assignment_with_work():
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=3, shuffle_choices=False)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    names = ["anna", "bērziņš", "cēsis", "dace"]
    students = [UserFactory(username=name) for name in names]
    for student in students:
        Membership.objects.create(classroom=assignment.classroom, student=student)
    take(students[0], quiz_set, right=3)
    take(students[1], quiz_set, right=1)
    quiz_services.attempt_start(
        learner=quiz_services.learner_for_user(user=students[2]), quiz_set=quiz_set
    )
    return teacher, assignment


def test_results_list_every_student_with_who_has_not_started(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(reverse("admin:classrooms_assignment_results", args=[assignment.pk]))

    assert response.status_code == 200
    results = {r.student.username: r for r in response.context["results"]}
    assert results["anna"].status == Progress.DONE and results["anna"].best == 100
    assert results["bērziņš"].best == 33
    assert results["cēsis"].status == Progress.IN_PROGRESS
    assert results["dace"].status == Progress.NOT_STARTED
    assert "not started" in response.text
    assert "<svg" in response.text


def test_results_sort_by_best_score(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(
        reverse("admin:classrooms_assignment_results", args=[assignment.pk]), {"sort": "-best"}
    )

    assert [r.student.username for r in response.context["results"]][:2] == ["anna", "bērziņš"]


def test_results_csv_reads_back_with_latvian_names(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(
        reverse("admin:classrooms_assignment_results", args=[assignment.pk]), {"format": "csv"}
    )

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "student"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["bērziņš"][1:4] == ["done", "33", "1"]
    assert by_name["dace"][1:3] == ["not started", ""]
    assert len(rows) == 5


def test_results_csv_speaks_the_teachers_language(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(
        reverse("admin:classrooms_assignment_results", args=[assignment.pk]),
        {"format": "csv"},
        HTTP_ACCEPT_LANGUAGE="lv",
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    by_name = {row[0]: row for row in rows[1:]}
    assert rows[0][:2] == ["skolēns", "statuss"]
    assert by_name["bērziņš"][1] == "izpildīts"
    assert by_name["dace"][1] == "nav sākts"
    assert by_name["cēsis"][1] == "vēl nav pabeigts"


def test_item_analysis_shows_facility_and_the_tempting_wrong_answer(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    page = client.get(reverse("admin:classrooms_assignment_items", args=[assignment.pk]))
    download = client.get(
        reverse("admin:classrooms_assignment_items", args=[assignment.pk]), {"format": "csv"}
    )

    rows = page.context["rows"]
    assert [row.stats.answered for row in rows] == [2, 2, 2]
    assert sorted(row.stats.facility for row in rows) == [0.5, 0.5, 1.0]
    assert "most chosen wrong answer" in page.text
    assert page.text.count("<rect") == 3  # the facility chart: a bar per question
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8").lstrip("\ufeff"))))
    assert len(table) == 1 + 3
    assert sorted(float(row[4]) for row in table[1:]) == [0.5, 0.5, 1.0]


@pytest.mark.parametrize("name", ["results", "items"])
def test_another_teacher_cannot_see_the_results(client, assignment_with_work, name):
    _, assignment = assignment_with_work
    client.force_login(TeacherFactory())

    url = reverse(f"admin:classrooms_assignment_{name}", args=[assignment.pk])

    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "csv"}).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("student", 302), ("staff without the group", 403), ("superuser", 200)],
)
def test_only_teachers_reach_results(client, assignment_with_work, who, expected):
    _, assignment = assignment_with_work
    if who == "student":
        client.force_login(UserFactory())
    elif who == "staff without the group":
        client.force_login(UserFactory(is_staff=True))
    elif who == "superuser":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:classrooms_assignment_results", args=[assignment.pk]))

    assert response.status_code == expected


def _class_of(size: int):
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=2)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]),
        quiz_set=quiz_set,
        opens_at=timezone.now() - timedelta(days=1),
    )
    for n in range(size):
        student = UserFactory()
        Membership.objects.create(classroom=assignment.classroom, student=student)
        if n % 2 == 0:
            take(student, quiz_set, right=n % 3)
    return teacher, assignment


def _count(client, teacher, assignment) -> dict[str, int]:
    client.force_login(teacher)
    counts = {}
    for name in ["results", "items"]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse(f"admin:classrooms_assignment_{name}", args=[assignment.pk])
            )
        assert response.status_code == 200
        counts[name] = len(captured)
    return counts


def test_result_pages_use_as_many_queries_for_200_students_as_for_10(client):
    small = _count(client, *_class_of(10))
    large = _count(client, *_class_of(200))

    assert small == large
    assert small["results"] <= 8
    assert small["items"] <= 9


@pytest.mark.usefixtures("question_bank")
def test_the_demo_fills_the_teacher_pages(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # a second run changes nothing
    assignment = Assignment.objects.get(classroom__name__contains="demo")
    client.login(username="demo-teacher", password="baltic-demo-1934")

    response = client.get(reverse("admin:classrooms_assignment_results", args=[assignment.pk]))

    statuses = sorted(r.status for r in response.context["results"])
    assert statuses == [*[Progress.DONE] * 4, Progress.NOT_STARTED]
    assert Attempt.objects.filter(learner__user__username__startswith="demo-").count() == 4


def test_class_mastery_over_time_shows_each_kind_of_question(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(
        reverse("admin:classrooms_classroom_progress", args=[assignment.classroom.pk])
    )
    other = TeacherFactory()
    client.force_login(other)
    hidden = client.get(
        reverse("admin:classrooms_classroom_progress", args=[assignment.classroom.pk])
    )

    assert response.status_code == 200
    (trend,) = response.context["trends"]
    assert trend.weeks[0][1:] == (6, 4)  # two students, three questions, four right
    assert "<polyline" in response.text
    assert hidden.status_code == 404


PAGES = [
    ("admin:classrooms_classroom_change", "classroom", {}),
    ("admin:classrooms_classroom_progress", "classroom", {}),
    ("admin:classrooms_assignment_change", "assignment", {}),
    ("admin:classrooms_assignment_results", "assignment", {}),
    ("admin:classrooms_assignment_results", "assignment", {"format": "csv"}),
    ("admin:classrooms_assignment_items", "assignment", {}),
    ("admin:classrooms_assignment_items", "assignment", {"format": "csv"}),
]
EXPECTED = {
    "teacher of the class": 200,
    "another teacher": (302, 404),  # the admin sends a missing object back to the list
    "student": 302,
    "anonymous": 302,
    "staff without the group": 403,
    "superuser": 200,
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_matrix_of_the_teacher_pages(client, assignment_with_work, who):
    teacher, assignment = assignment_with_work
    users = {
        "teacher of the class": teacher,
        "another teacher": TeacherFactory(),
        "student": assignment.classroom.students.first(),
        "staff without the group": UserFactory(is_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    if who in users:
        client.force_login(users[who])

    for name, target, query in PAGES:
        pk = assignment.classroom.pk if target == "classroom" else assignment.pk
        status = client.get(reverse(name, args=[pk]), query).status_code
        expected = EXPECTED[who]
        assert status in (expected if isinstance(expected, tuple) else (expected,)), (name, query)


def test_item_analysis_of_few_students_says_the_sample_is_small(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)
    finished = Attempt.objects.filter(finished_at__isnull=False).count()

    response = client.get(reverse("admin:classrooms_assignment_items", args=[assignment.pk]))

    assert response.context["students"] == finished
    assert f"Only {finished} students have finished this assignment" in response.text


def test_item_analysis_of_ten_students_needs_no_sample_note(client):
    teacher, assignment = _class_of(20)  # every other student takes it: ten
    client.force_login(teacher)

    response = client.get(reverse("admin:classrooms_assignment_items", args=[assignment.pk]))

    assert response.context["students"] == 10
    assert "have finished this assignment" not in response.text


def test_wrong_answers_chosen_equally_often_are_shown_as_tied(client):
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=1, shuffle_choices=False)
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(teachers=[teacher]), quiz_set=quiz_set
    )
    # Two students, each picking a different wrong answer: neither is "the" most chosen.
    for wrong in (0, 1):
        student = UserFactory()
        Membership.objects.create(classroom=assignment.classroom, student=student)
        attempt = quiz_services.attempt_start(
            learner=quiz_services.learner_for_user(user=student), quiz_set=quiz_set
        )
        item = quiz_selectors.attempt_item(attempt=attempt, position=1)
        wrongs = [i for i, c in enumerate(quiz_selectors.shown_choices(item)) if not c.is_correct]
        quiz_services.answer_submit(attempt=attempt, item=item, choice_index=wrongs[wrong])
        quiz_services.attempt_finish(attempt=attempt)
    client.force_login(teacher)

    response = client.get(reverse("admin:classrooms_assignment_items", args=[assignment.pk]))

    assert response.text.count("tied as the most chosen wrong answer") == 2
    assert "(most chosen wrong answer)" not in response.text


def test_the_admin_date_and_time_inputs_each_have_a_name(client, assignment_with_work):
    teacher, assignment = assignment_with_work
    client.force_login(teacher)

    response = client.get(reverse("admin:classrooms_assignment_change", args=[assignment.pk]))

    for name in ("opens_at", "due_at"):
        field = capfirst(Assignment._meta.get_field(name).verbose_name)
        assert f'aria-label="{field}: date"' in response.text
        assert f'aria-label="{field}: time"' in response.text
