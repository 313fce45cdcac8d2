"""What teachers can do in the admin, and what nobody else can."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from history.models import Event
from quizzes.models import Question, QuizSet
from tests.quizzes.factories import QuizSetFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.usefixtures("question_bank")


@pytest.fixture
def teacher_client(client):
    client.force_login(TeacherFactory())
    return client


def test_teachers_group_manages_questions_and_quiz_sets_only():
    codenames = set(
        Group.objects.get(name="Teachers").permissions.values_list("codename", flat=True)
    )

    for model in ["question", "choice", "quizset", "quizsetquestion"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
    assert not {c for c in codenames if c.endswith("_user") or c.endswith("_group")}
    assert not {
        c
        for c in codenames
        if c.startswith(("add_", "change_", "delete_"))
        and c.endswith(("event", "paragraph", "country", "place", "person", "article", "citation"))
    }


@pytest.mark.parametrize(
    "name",
    [
        "admin:quizzes_question_changelist",
        "admin:quizzes_question_add",
        "admin:quizzes_quizset_changelist",
        "admin:quizzes_quizset_add",
    ],
)
def test_a_teacher_can_open_the_quiz_pages(teacher_client, name):
    assert teacher_client.get(reverse(name)).status_code == 200


def test_a_teacher_can_read_but_not_change_the_facts(teacher_client):
    event = Event.objects.get(slug="baltic-entente-treaty")
    url = reverse("admin:history_event_change", args=[event.pk])

    assert teacher_client.get(url).status_code == 200
    assert teacher_client.post(url, {"title_en": "Changed"}).status_code == 403
    assert teacher_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    event.refresh_from_db()
    assert event.title_en != "Changed"


@pytest.mark.parametrize("staff", [False, True])
def test_someone_without_the_teachers_group_cannot_manage_quizzes(client, staff):
    client.force_login(UserFactory(is_staff=staff))

    response = client.get(reverse("admin:quizzes_quizset_changelist"))

    assert response.status_code == (403 if staff else 302)


def test_a_teacher_previews_a_quiz_set_as_a_student_would_see_it(teacher_client):
    quiz_set = QuizSet.objects.get(slug="everything")

    response = teacher_client.get(reverse("admin:quizzes_quizset_preview", args=[quiz_set.pk]))

    assert response.status_code == 200
    assert len(response.context["questions"]) == quiz_set.question_count
    assert "✔" not in response.text
    with_answers = teacher_client.get(
        reverse("admin:quizzes_quizset_preview", args=[quiz_set.pk]), {"answers": "1"}
    )
    assert "✔" in with_answers.text


def test_a_teacher_duplicates_and_exports_quiz_sets_from_the_list(teacher_client):
    quiz_set = QuizSet.objects.get(slug="road-to-the-entente")
    changelist = reverse("admin:quizzes_quizset_changelist")

    teacher_client.post(changelist, {"action": "duplicate", "_selected_action": [quiz_set.pk]})
    chosen = teacher_client.post(
        changelist, {"action": "export_moodle", "_selected_action": [quiz_set.pk]}, follow=True
    )
    exported = teacher_client.get(
        reverse("admin:quizzes_quizset_moodle_export"),
        {
            "ids": [quiz_set.pk],
            "download": "1",
            "format": "moodle",
            "language": "lv",
            "chronology": "ordering",
        },
    )

    assert QuizSet.objects.filter(slug="road-to-the-entente-copy", is_published=False).exists()
    assert "Latvian" in chosen.text and "Ordering question" in chosen.text
    assert exported["Content-Disposition"] == 'attachment; filename="road-to-the-entente.lv.xml"'
    assert b"<quiz>" in exported.content
    assert quiz_set.title_lv.encode() in exported.content


def quiz_set_form(**overrides) -> dict:
    data = {
        "title_en": "Narrow",
        "title_lv": "Šaurs",
        "slug": "narrow",
        "mode": "rule",
        "question_count": "20",
        "question_kinds": ["host"],
        "pass_mark": "60",
        "feedback_mode": "each",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_a_rule_that_cannot_fill_an_attempt_is_refused(teacher_client):
    hosts = Question.objects.in_use().filter(kind=Question.Kind.HOST).count()

    response = teacher_client.post(reverse("admin:quizzes_quizset_add"), quiz_set_form())

    assert response.status_code == 200
    assert f"finds only {hosts} questions" in response.text
    assert not QuizSet.objects.filter(slug="narrow").exists()


def test_a_rule_that_can_fill_an_attempt_is_saved(teacher_client):
    response = teacher_client.post(
        reverse("admin:quizzes_quizset_add"), quiz_set_form(question_count="10")
    )

    assert response.status_code == 302
    assert QuizSet.objects.get(slug="narrow").question_kinds == ["host"]


@pytest.mark.parametrize(
    "changes",
    [
        {"period_start": "1934-01-01", "period_end": "1933-01-01"},
        {
            "available_from_0": "2026-05-02",
            "available_from_1": "10:00",
            "available_until_0": "2026-05-01",
            "available_until_1": "10:00",
        },
        {"pass_mark": "101"},
        {"question_count": "0"},
        {"mode": "picked", "question_count": "2"},
        {"mode": "sometimes"},
        {"question_kinds": ["no-such-kind"]},
        {"time_limit_minutes": "-5"},
    ],
)
def test_a_wrong_quiz_set_is_a_form_error_and_saves_nothing(teacher_client, changes):
    count = QuizSet.objects.count()

    response = teacher_client.post(
        reverse("admin:quizzes_quizset_add"), quiz_set_form(**{"question_count": "10", **changes})
    )

    assert response.status_code == 200
    assert response.context["errors"]
    assert QuizSet.objects.count() == count


@pytest.mark.parametrize("ranks", [(1, 1, 2), (1, 2, 4), (None, 1, 2)])
def test_a_teachers_chronology_must_number_its_events_in_order(teacher_client, ranks):
    data = question_form(
        ("Treaty", "Līgums", False), ("Pact", "Pakts", False), ("War", "Karš", False)
    )
    data["kind"] = "chronology"
    for i, rank in enumerate(ranks):
        if rank is not None:
            data[f"choices-{i}-rank"] = str(rank)
    count = Question.objects.count()

    response = teacher_client.post(reverse("admin:quizzes_question_add"), data)

    assert response.status_code == 200
    assert "<li>Number the events 1, 2, 3… in the order they happened.</li>" in response.text
    assert Question.objects.count() == count


def test_a_teachers_chronology_numbered_in_order_is_saved(teacher_client):
    events = [("Treaty", "Līgums"), ("Pact", "Pakts"), ("War", "Karš")]
    data = question_form(*[(en, lv, False) for en, lv in events])
    data["kind"] = "chronology"
    for i, rank in enumerate([2, 3, 1]):
        data[f"choices-{i}-rank"] = str(rank)

    response = teacher_client.post(reverse("admin:quizzes_question_add"), data)

    assert response.status_code == 302
    question = Question.objects.get(kind="chronology", is_generated=False)
    assert dict(question.choices.values_list("text_en", "rank")) == {
        "Treaty": 2,
        "Pact": 3,
        "War": 1,
    }


def choice_forms(*rows) -> dict:
    data = {"choices-TOTAL_FORMS": str(len(rows)), "choices-INITIAL_FORMS": "0"}
    for i, (en, lv, correct) in enumerate(rows):
        data |= {
            f"choices-{i}-text_en": en,
            f"choices-{i}-text_lv": lv,
            f"choices-{i}-position": i,
        }
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def question_form(*rows) -> dict:
    return {
        "kind": "custom",
        "prompt_en": "Where did the 1934 treaty get signed?",
        "prompt_lv": "Kur parakstīja 1934. gada līgumu?",
        "difficulty": "2",
        "is_active": "on",
        **choice_forms(*rows),
    }


@pytest.mark.parametrize("right", [(True, True), (False, False), (True, True, True)])
def test_a_teachers_question_with_other_than_one_right_choice_is_refused(teacher_client, right):
    texts = [("Geneva", "Ženēva"), ("Riga", "Rīga"), ("Tallinn", "Tallina")]
    rows = [(en, lv, flag) for (en, lv), flag in zip(texts, right, strict=False)]
    count = Question.objects.count()

    refused = teacher_client.post(reverse("admin:quizzes_question_add"), question_form(*rows))

    assert refused.status_code == 200
    assert "<li>Mark exactly one choice as correct.</li>" in refused.text
    assert Question.objects.count() == count


def test_a_teachers_question_needs_exactly_one_right_choice(teacher_client):
    url = reverse("admin:quizzes_question_add")
    rows = [("Geneva", "Ženēva", True), ("Riga", "Rīga", True)]

    refused = teacher_client.post(url, question_form(*rows))
    saved = teacher_client.post(
        url, question_form(("Geneva", "Ženēva", True), ("Riga", "Rīga", False))
    )

    assert "Mark exactly one choice as correct" in refused.text
    assert saved.status_code == 302
    question = Question.objects.get(prompt_en="Where did the 1934 treaty get signed?")
    assert question.key.startswith("custom:") and not question.is_generated
    assert question.choices.filter(is_correct=True).get().text_lv == "Ženēva"


def inline_management_data(page) -> dict:
    """Return the inline formsets' management fields and row ids, as the browser sends them."""
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(formset.initial_forms))
        for i, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{i}-id"] = str(form.instance.pk)
            data[f"{formset.prefix}-{i}-question"] = str(form.instance.question_id)
    return data


def test_a_generated_question_cannot_be_rewritten_in_the_admin(admin_client):
    question = Question.objects.get(key="place:baltic-entente-treaty")
    url = reverse("admin:quizzes_question_change", args=[question.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url, {"prompt_en": "Rewritten?", "is_active": "", **inline_management_data(page)}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt_en != "Rewritten?"
    assert question.is_active is False


def test_a_generated_question_is_read_only_to_a_teacher(teacher_client):
    # The bank is shared: switching a question off would change every teacher's sets.
    question = Question.objects.get(key="place:baltic-entente-treaty")
    url = reverse("admin:quizzes_question_change", args=[question.pk])

    page = teacher_client.get(url)
    response = teacher_client.post(url, {"is_active": "", **inline_management_data(page)})

    assert page.status_code == 200
    assert 'name="is_active"' not in page.text
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.is_active is True


def test_quiz_set_list_links_each_set_to_its_preview(teacher_client):
    QuizSetFactory.create_batch(3)

    response = teacher_client.get(reverse("admin:quizzes_quizset_changelist"))

    assert response.status_code == 200
    sets = list(QuizSet.objects.all())
    assert len(sets) == len(response.context["cl"].result_list)
    for quiz_set in sets:
        preview = reverse("admin:quizzes_quizset_preview", args=[quiz_set.pk])
        assert f'<a href="{preview}">Preview</a>' in response.text


def test_an_editor_sees_what_a_changed_fact_changes_in_the_bank_and_applies_it(admin_client):
    question = Question.objects.get(key="date:bulduri-conference")
    Event.objects.filter(slug="bulduri-conference").update(name_en="the Bulduri conference")
    url = reverse("admin:quizzes_question_sync")

    preview = admin_client.get(url)

    assert preview.status_code == 200
    assert b"date:bulduri-conference" in preview.content
    assert b"When did the Bulduri conference take place?" in preview.content
    # Looking changes nothing: only applying does.
    question.refresh_from_db()
    assert question.prompt_en == "When did the Bulduri Conference take place?"

    applied = admin_client.post(url)

    assert applied.status_code == 200
    assert b"Apply these changes" not in applied.content
    reworded = Question.objects.get(key="date:bulduri-conference")
    assert reworded.pk == question.pk and reworded.retired_at is None
    assert reworded.prompt_en == "When did the Bulduri conference take place?"


def test_the_question_list_links_to_the_update_from_the_facts(admin_client):
    page = admin_client.get(reverse("admin:quizzes_question_changelist"))

    assert reverse("admin:quizzes_question_sync").encode() in page.content


def test_someone_who_may_not_change_questions_cannot_update_the_bank(client):
    client.force_login(UserFactory(is_staff=True))
    before = Question.objects.in_use().count()

    response = client.post(reverse("admin:quizzes_question_sync"))

    assert response.status_code == 302
    assert Question.objects.in_use().count() == before


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([("Geneva", "Ženēva", True)], "Give at least two choices."),
        (
            [("Geneva", "Ženēva", True), ("Riga", "Ženēva", False)],
            "Every choice must read differently in each language.",
        ),
        (
            [("Geneva", "Ženēva", True), ("Geneva", "Rīga", False)],
            "Every choice must read differently in each language.",
        ),
    ],
)
def test_a_teachers_question_needs_two_choices_that_read_differently(teacher_client, rows, error):
    count = Question.objects.count()

    refused = teacher_client.post(reverse("admin:quizzes_question_add"), question_form(*rows))

    assert refused.status_code == 200
    assert f"<li>{error}</li>" in refused.text
    assert Question.objects.count() == count


def test_a_choice_marked_for_deletion_does_not_count(teacher_client):
    data = question_form(
        ("Geneva", "Ženēva", True), ("Riga", "Rīga", False), ("Tallinn", "Tallina", True)
    )
    data["choices-2-DELETE"] = "on"

    saved = teacher_client.post(reverse("admin:quizzes_question_add"), data)

    assert saved.status_code == 302
    question = Question.objects.get(prompt_en="Where did the 1934 treaty get signed?")
    assert sorted(question.choices.values_list("text_en", flat=True)) == ["Geneva", "Riga"]
