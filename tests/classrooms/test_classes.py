"""Classes: joining with a code, what a student sees, and what each teacher may reach."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from classrooms import selectors, services
from classrooms.models import Assignment, Classroom, Membership, new_join_code
from classrooms.statuses import Standing
from quizzes import services as quiz_services
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory, MembershipFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_join_codes_are_long_unambiguous_and_different():
    codes = {new_join_code() for _ in range(500)}

    assert len(codes) == 500
    assert all(len(code) == 8 and not set(code) & set("01OIL") for code in codes)


def test_a_student_joins_with_the_code_however_it_is_typed():
    classroom = ClassroomFactory()
    student = UserFactory()
    spaced = f" {classroom.join_code[:4].lower()} {classroom.join_code[4:]} "

    services.classroom_join(user=student, code=spaced)
    services.classroom_join(user=student, code=classroom.join_code)

    assert list(classroom.students.all()) == [student]


def test_a_wrong_or_replaced_code_is_refused():
    classroom = ClassroomFactory()
    old = classroom.join_code
    services.classroom_new_code(classroom=classroom)

    with pytest.raises(services.JoinRefused):
        services.classroom_join(user=UserFactory(), code=old)
    assert classroom.join_code != old
    assert not Membership.objects.exists()


def test_joining_from_my_classes_page(client):
    classroom = ClassroomFactory(name="8.b vēsture")
    client.force_login(UserFactory())

    response = client.post(url("classrooms:join"), {"code": classroom.join_code}, follow=True)

    assert response.status_code == 200
    assert "8.b vēsture" in response.text
    assert classroom.memberships.count() == 1


def test_a_bad_code_is_a_form_error_not_a_crash(client):
    client.force_login(UserFactory())

    response = client.post(url("classrooms:join", "lv"), {"code": "NOPE1234"})

    assert response.status_code == 400
    assert "errorlist" in response.text
    assert not Membership.objects.exists()


def test_my_classes_needs_an_account(client):
    response = client.get(url("classrooms:mine"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("login"))


def test_assignments_show_where_the_student_stands():
    student = UserFactory()
    classroom = ClassroomFactory()
    MembershipFactory(classroom=classroom, student=student)
    now = timezone.now()
    done_set = picked_quiz_set()
    done = AssignmentFactory(classroom=classroom, quiz_set=done_set)
    AssignmentFactory(
        classroom=classroom, opens_at=now - timedelta(days=9), due_at=now - timedelta(days=1)
    )
    AssignmentFactory(classroom=classroom, due_at=now + timedelta(hours=5))
    AssignmentFactory(
        classroom=classroom, opens_at=now + timedelta(days=1), due_at=now + timedelta(days=3)
    )
    AssignmentFactory(classroom=ClassroomFactory())  # not the student's class
    learner = quiz_services.learner_for_user(user=student)
    attempt = quiz_services.attempt_start(learner=learner, quiz_set=done_set)
    quiz_services.attempt_finish(attempt=attempt)

    standings = selectors.student_assignments(student)

    assert [s.status for s in standings] == [
        Standing.OVERDUE,
        Standing.DUE_SOON,
        Standing.UPCOMING,
        Standing.DONE,
    ]
    assert standings[-1].assignment == done
    assert standings[-1].best == 0


def test_an_attempt_finished_after_the_due_date_is_late():
    student = UserFactory()
    quiz_set = picked_quiz_set()
    now = timezone.now()
    assignment = AssignmentFactory(
        quiz_set=quiz_set, opens_at=now - timedelta(days=3), due_at=now - timedelta(days=1)
    )
    MembershipFactory(classroom=assignment.classroom, student=student)
    attempt = quiz_services.attempt_start(
        learner=quiz_services.learner_for_user(user=student), quiz_set=quiz_set
    )
    quiz_services.attempt_finish(attempt=attempt)

    assert [s.status for s in selectors.student_assignments(student)] == [Standing.LATE]


# What each teacher may reach in the admin.


@pytest.fixture
def two_teachers():
    mine, theirs = TeacherFactory(), TeacherFactory()
    return (
        mine,
        AssignmentFactory(classroom=ClassroomFactory(teachers=[mine], name="Mine")),
        AssignmentFactory(classroom=ClassroomFactory(teachers=[theirs], name="Theirs")),
    )


def test_a_teacher_lists_only_their_own_classes_and_assignments(client, two_teachers):
    teacher, _, _ = two_teachers
    client.force_login(teacher)

    classes = client.get(reverse("admin:classrooms_classroom_changelist"))
    assignments = client.get(reverse("admin:classrooms_assignment_changelist"))

    assert classes.status_code == assignments.status_code == 200
    assert "Mine" in classes.text and "Theirs" not in classes.text
    assert "Mine" in assignments.text and "Theirs" not in assignments.text


@pytest.mark.parametrize("model", ["classroom", "assignment"])
def test_another_teachers_class_is_not_found_by_address(client, two_teachers, model):
    teacher, _, theirs = two_teachers
    client.force_login(teacher)
    pk = theirs.classroom.pk if model == "classroom" else theirs.pk

    response = client.get(reverse(f"admin:classrooms_{model}_change", args=[pk]))
    posted = client.post(reverse(f"admin:classrooms_{model}_delete", args=[pk]), {"post": "yes"})

    assert response.status_code in (302, 404)
    assert posted.status_code in (302, 404)
    assert Classroom.objects.filter(pk=theirs.classroom.pk).exists()
    assert Assignment.objects.filter(pk=theirs.pk).exists()


def test_autocomplete_offers_only_ones_own_classes(client, two_teachers):
    teacher, _, _ = two_teachers
    client.force_login(teacher)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "classrooms",
            "model_name": "assignment",
            "field_name": "classroom",
            "term": "",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Mine"]


def test_a_teacher_cannot_assign_work_to_another_teachers_class(client, two_teachers):
    teacher, mine, theirs = two_teachers
    client.force_login(teacher)
    now = timezone.now()

    response = client.post(
        reverse("admin:classrooms_assignment_add"),
        {
            "classroom": theirs.classroom.pk,
            "quiz_set": mine.quiz_set.pk,
            "opens_at_0": now.strftime("%Y-%m-%d"),
            "opens_at_1": "08:00:00",
            "due_at_0": (now + timedelta(days=3)).strftime("%Y-%m-%d"),
            "due_at_1": "08:00:00",
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert Assignment.objects.filter(classroom=theirs.classroom).count() == 1


def test_a_new_class_belongs_to_the_teacher_who_made_it(client):
    teacher = TeacherFactory()
    client.force_login(teacher)

    response = client.post(
        reverse("admin:classrooms_classroom_add"),
        {
            "name": "9.a",
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert list(Classroom.objects.get(name="9.a").teachers.all()) == [teacher]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("student", 302), ("staff without the group", 403), ("superuser", 200)],
)
def test_only_teachers_reach_the_class_admin(client, who, expected):
    ClassroomFactory(name="Somebody else")
    if who == "student":
        client.force_login(UserFactory())
    elif who == "staff without the group":
        client.force_login(UserFactory(is_staff=True))
    elif who == "superuser":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:classrooms_classroom_changelist"))

    assert response.status_code == expected
    if who == "superuser":
        assert "Somebody else" in response.text
