"""Teachers own their questions and quiz sets: others' are read-only, and a set in use by
another teacher's class stays published."""

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.models import Choice, Question, QuizSet
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.quizzes.factories import QuestionFactory, TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def form_data(page) -> dict:
    """Everything the admin's change form would send back unchanged, as a browser sends it."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool) or value is None:
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(formset.initial_forms))
        for form in formset.initial_forms:
            add(form)
    return data


@pytest.fixture
def owner():
    return TeacherFactory()


@pytest.fixture
def other():
    client = Client()
    client.force_login(TeacherFactory())
    return client


def owned_set(owner, **fields) -> QuizSet:
    quiz_set = picked_quiz_set(questions=2, created_by=owner, **fields)
    Question.objects.filter(entries__quiz_set=quiz_set).update(created_by=owner)
    return quiz_set


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_teacher_sees_a_quiz_set_read_only_and_cannot_change_it(owner, other):
    quiz_set = owned_set(owner)
    url = reverse("admin:quizzes_quizset_change", args=[quiz_set.pk])

    page = other.get(url)
    refused = other.post(url, {**form_data(login(owner).get(url)), "is_published": ""})

    assert page.status_code == 200
    assert 'name="title_en"' not in page.text and 'name="_save"' not in page.text
    assert refused.status_code == 403
    quiz_set.refresh_from_db()
    assert quiz_set.is_published


def test_the_owner_changes_their_quiz_set(owner):
    quiz_set = owned_set(owner)
    url = reverse("admin:quizzes_quizset_change", args=[quiz_set.pk])
    client = login(owner)

    response = client.post(url, {**form_data(client.get(url)), "is_published": ""})

    assert response.status_code == 302
    quiz_set.refresh_from_db()
    assert not quiz_set.is_published


def test_another_teacher_cannot_delete_a_quiz_set_nor_a_question(owner, other):
    quiz_set = owned_set(owner)
    question = Question.objects.filter(entries__quiz_set=quiz_set).first()

    page = other.get(reverse("admin:quizzes_quizset_delete", args=[quiz_set.pk]))
    bulk = other.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert bulk.status_code in (200, 403)
    assert QuizSet.objects.filter(pk=quiz_set.pk).exists()
    assert Question.objects.filter(pk=question.pk).exists()


def test_another_teacher_cannot_move_the_right_answer_of_a_question(owner, other):
    question = QuestionFactory(created_by=owner)
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    data = form_data(login(owner).get(url))
    right = Choice.objects.get(question=question, is_correct=True)
    wrong = Choice.objects.filter(question=question, is_correct=False).first()
    for key, value in list(data.items()):
        if key.endswith("-id") and value in (str(right.pk), str(wrong.pk)):
            flag = key.removesuffix("-id") + "-is_correct"
            data[flag] = "on" if value == str(wrong.pk) else ""

    assert other.post(url, data).status_code == 403
    assert Choice.objects.get(question=question, is_correct=True) == right
    # The owner may.
    assert login(owner).post(url, data).status_code == 302
    assert Choice.objects.get(question=question, is_correct=True) == wrong


def test_duplicate_gives_a_teacher_their_own_copy_to_change(owner, other):
    question = QuestionFactory(created_by=owner)
    quiz_set = owned_set(owner)

    other.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "duplicate", "_selected_action": [question.pk]},
    )
    other.post(
        reverse("admin:quizzes_quizset_changelist"),
        {"action": "duplicate", "_selected_action": [quiz_set.pk]},
    )

    mine = other.session["_auth_user_id"]
    copy = Question.objects.exclude(pk=question.pk).get(prompt_en=question.prompt_en)
    set_copy = QuizSet.objects.get(slug=f"{quiz_set.slug}-copy")
    assert str(copy.created_by_id) == mine and str(set_copy.created_by_id) == mine
    assert sorted(copy.choices.values_list("text_en", "is_correct")) == sorted(
        question.choices.values_list("text_en", "is_correct")
    )
    page = other.get(reverse("admin:quizzes_question_change", args=[copy.pk]))
    assert 'name="prompt_en"' in page.text


def test_a_set_assigned_to_a_class_the_owner_does_not_teach_stays_published(owner):
    quiz_set = owned_set(owner)
    AssignmentFactory(classroom=ClassroomFactory(teachers=[TeacherFactory()]), quiz_set=quiz_set)
    url = reverse("admin:quizzes_quizset_change", args=[quiz_set.pk])
    client = login(owner)

    page = client.get(url)
    client.post(url, {**form_data(page), "is_published": ""})
    delete = client.get(reverse("admin:quizzes_quizset_delete", args=[quiz_set.pk]))

    assert "assigned to a class you don&#x27;t teach" in page.text
    assert 'name="is_published"' not in page.text
    assert delete.status_code == 403
    quiz_set.refresh_from_db()
    assert quiz_set.is_published


def test_the_teacher_of_every_class_it_is_assigned_to_may_unpublish_it(owner):
    quiz_set = owned_set(owner)
    AssignmentFactory(classroom=ClassroomFactory(teachers=[owner]), quiz_set=quiz_set)
    url = reverse("admin:quizzes_quizset_change", args=[quiz_set.pk])
    client = login(owner)

    client.post(url, {**form_data(client.get(url)), "is_published": ""})

    quiz_set.refresh_from_db()
    assert not quiz_set.is_published


def test_a_superuser_changes_anyones_quiz_set():
    quiz_set = owned_set(TeacherFactory())
    url = reverse("admin:quizzes_quizset_change", args=[quiz_set.pk])
    client = login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(url, {**form_data(client.get(url)), "title_en": "Renamed"})

    assert response.status_code == 302
    quiz_set.refresh_from_db()
    assert quiz_set.title_en == "Renamed"
