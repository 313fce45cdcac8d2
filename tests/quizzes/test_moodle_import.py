"""Teachers' GIFT and Moodle XML files become their own questions, after a preview."""

import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from quizzes.imports.readers import ImportFileError
from quizzes.imports.services import MAX_IMPORT_BYTES, question_import_plan, questions_import
from quizzes.models import Choice, Question, QuizSet, QuizSetQuestion
from tests.quizzes.factories import TeacherFactory, UserFactory

FIXTURES = Path(__file__).parent / "fixtures"
XML = (FIXTURES / "every_type.xml").read_bytes()
GIFT = (FIXTURES / "every_type.gift.txt").read_bytes()


def counts() -> tuple[int, int, int, int]:
    return (
        Question.objects.count(),
        Choice.objects.count(),
        QuizSet.objects.count(),
        QuizSetQuestion.objects.count(),
    )


def plan_of(data: bytes, user, language="en"):
    return question_import_plan(data=data, language=language, user=user, default_category="file")


@pytest.fixture
def teacher(db):
    return TeacherFactory()


def test_moodle_xml_preview_names_what_is_created_and_why_the_rest_is_skipped(teacher):
    plan = plan_of(XML, teacher)

    created = {p.item.name: (p.item.qtype, bool(p.item.order), p.category) for p in plan.create}
    skipped = {item.name: reason for item, reason in plan.skipped}
    assert created == {
        "Geneva": ("multichoice", False, "Treaties / pacts"),
        "Estonia": ("truefalse", False, "Treaties / pacts"),
        "Order": ("ordering", True, "Treaties / pacts"),
        "Order as matching": ("matching", True, "Treaties / pacts"),
        "Year": ("numerical", False, "Treaties / pacts"),
    }
    assert skipped == {
        "Capitals": "matching pairs that are not an order (this app has no matching questions)",
        "No right answer": "no right answer",
        "Two right answers": "several right answers (a multiple-answer question)",
        "Short": "unsupported type: shortanswer",
        "Essay": "unsupported type: essay",
        "Geneva again": "duplicate of question 1 in this file",
    }
    assert plan.new_sets == ["Treaties / pacts"]
    assert counts() == (0, 0, 0, 0)


def test_gift_preview_reads_every_gift_type(teacher):
    plan = plan_of(GIFT, teacher)

    created = {p.item.name: p.item.qtype for p in plan.create}
    skipped = {item.name: reason for item, reason in plan.skipped}
    assert created == {
        "Geneva": "multichoice",
        "Estonia": "truefalse",
        "Pairs as order": "matching",
        "Ordering": "ordering",
        "Year": "numerical",
    }
    assert skipped == {
        "Capitals": "matching pairs that are not an order (this app has no matching questions)",
        "Short": "unsupported type: shortanswer",
        "Essay": "unsupported type: essay",
        "Description": "unsupported type: description",
        "Partial": "no right answer",
        "Geneva twice": "duplicate of question 1 in this file",
    }
    geneva = next(p.item for p in plan.create if p.item.name == "Geneva")
    assert geneva.choices == [("Geneva", True), ("Riga", False), ("Kaunas", False)]
    assert geneva.explanation == "It was Geneva."


def test_import_creates_the_teachers_questions_in_a_quiz_set_of_theirs(teacher):
    result = questions_import(data=XML, language="en", user=teacher, default_category="file")

    assert len(result.questions) == 5
    quiz_set = QuizSet.objects.get(title_en="Treaties / pacts")
    assert (quiz_set.created_by, quiz_set.mode, quiz_set.is_published) == (
        teacher,
        "picked",
        False,
    )
    assert (
        list(quiz_set.questions.order_by("entries__position").values_list("created_by", flat=True))
        == [teacher.pk] * 5
    )
    geneva = Question.objects.get(prompt_en__startswith="Where was the treaty")
    assert geneva.prompt_en == "Where was the treaty of 12 September 1934 signed?"
    assert geneva.explanation_en == "In Geneva & not in Riga."
    assert geneva.kind == Question.Kind.CUSTOM
    assert [(c.text_en, c.is_correct) for c in geneva.choices.all()] == [
        ("Geneva", True),
        ("Riga", False),
        ("Kaunas", False),
    ]
    true_false = Question.objects.get(prompt_en__startswith="Estonia was")
    assert [(c.text_en, c.is_correct) for c in true_false.choices.all()] == [
        ("True", True),
        ("False", False),
    ]
    for prompt in ["Put in order.", "Give each event its place in time."]:
        chronology = Question.objects.get(prompt_en=prompt)
        assert chronology.kind == Question.Kind.CHRONOLOGY
        by_rank = sorted(chronology.choices.all(), key=lambda c: c.rank)
        assert by_rank[0].text_en == "Bulduri Conference"
        # Shown in an order that is not already the answer.
        assert [c.rank for c in chronology.choices.all()] != [1, 2, 3]


def test_true_false_is_named_in_the_files_language(teacher):
    questions_import(data=XML, language="lv", user=teacher, default_category="file")

    true_false = Question.objects.get(prompt_lv__startswith="Estonia was")
    assert [c.text_lv for c in true_false.choices.all()] == ["Patiess", "Aplams"]


def test_importing_the_same_file_twice_creates_nothing_new(teacher):
    questions_import(data=XML, language="en", user=teacher, default_category="file")
    before = counts()

    again = plan_of(XML, teacher)
    result = questions_import(data=XML, language="en", user=teacher, default_category="file")

    assert counts() == before
    assert result.questions == [] and again.create == []
    assert {reason for _item, reason in again.skipped} >= {
        "duplicate of a question already in the bank"
    }


def test_a_second_file_in_the_same_category_joins_the_teachers_set(teacher):
    questions_import(data=XML, language="en", user=teacher, default_category="file")
    extra = XML.replace(b"Put in order.", b"Put these three in order.")

    plan = plan_of(extra, teacher)
    questions_import(data=extra, language="en", user=teacher, default_category="file")

    assert plan.existing_sets == ["Treaties / pacts"] and plan.new_sets == []
    assert QuizSet.objects.get(title_en="Treaties / pacts").questions.count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_creates_its_questions_once():
    # Plain accounts: a transactional test may run after another one emptied the groups.
    teachers = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    start = threading.Barrier(2)
    errors = []

    def run(user) -> None:
        try:
            start.wait(timeout=10)
            questions_import(data=XML, language="en", user=user, default_category="file")
        except Exception as error:  # any failure in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in teachers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Question.objects.count() == 5
    assert QuizSet.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Jautājums? {=Jā ~Nē}".encode("cp1257"), "not UTF-8"),
        (b"<?xml version='1.0'?><quiz><question type='multichoice'>", "XML is broken at line 1"),
        (b"<html><body>not a quiz</body></html>", "not a Moodle question file"),
        (b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz/>', "DTD"),
        (bytes(range(256)) * 4000, "not UTF-8"),
        (b"lorem ipsum " * 80000, "No questions were found"),
        (b"\x00" * 100, "binary data"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "the limit is 2 MB"),
    ],
    ids=["cp1257", "broken-xml", "html", "dtd", "binary-junk", "text-junk", "nul", "too-big"],
)
def test_a_bad_file_gets_a_clear_message_and_saves_nothing(teacher, data, message):
    with pytest.raises(ImportFileError, match=message):
        questions_import(data=data, language="en", user=teacher, default_category="file")

    assert counts() == (0, 0, 0, 0)


# --- the admin ------------------------------------------------------------------------


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


def upload(client, data: bytes, name: str, language: str = "en"):
    url = reverse("admin:quizzes_quizset_moodle_import")
    return client.post(url, {"file": SimpleUploadedFile(name, data), "language": language})


def test_a_teacher_uploads_sees_the_preview_and_confirms(teacher_client, teacher):
    listing = teacher_client.get(reverse("admin:quizzes_quizset_changelist"))
    assert reverse("admin:quizzes_quizset_moodle_import") in listing.text

    preview = upload(teacher_client, GIFT, "every_type.gift.txt")

    assert preview.status_code == 200
    assert "5 questions will be created" in preview.text
    assert "6 questions will be skipped" in preview.text
    assert "unsupported type: shortanswer" in preview.text
    assert "duplicate of question 1 in this file" in preview.text
    assert counts() == (0, 0, 0, 0)

    done = teacher_client.post(reverse("admin:quizzes_quizset_moodle_import"), {"confirm": "1"})

    assert done.status_code == 302
    assert Question.objects.filter(created_by=teacher).count() == 5
    assert QuizSet.objects.get(created_by=teacher).title_en == "Vēsture"
    again = teacher_client.post(reverse("admin:quizzes_quizset_moodle_import"), {"confirm": "1"})
    assert again.status_code == 302 and Question.objects.count() == 5


def test_a_bad_upload_is_answered_on_the_form_and_saves_nothing(teacher_client):
    response = upload(teacher_client, b"<quiz><question>", "broken.xml")

    assert response.status_code == 200
    assert "The XML is broken" in response.text
    assert counts() == (0, 0, 0, 0)


def test_ten_megabytes_of_junk_are_refused_on_the_form(teacher_client):
    response = upload(teacher_client, b"junk " * (2 * 2**20), "junk.gift.txt")

    assert response.status_code == 200
    assert "The file is 10.0 MB; the limit is 2 MB." in response.text
    assert counts() == (0, 0, 0, 0)


def test_someone_without_the_teachers_group_cannot_import(client, db):
    client.force_login(UserFactory(is_staff=True))

    response = upload(client, GIFT, "every_type.gift.txt")

    assert response.status_code == 403
    assert counts() == (0, 0, 0, 0)


# --- the command ----------------------------------------------------------------------


def test_the_command_previews_then_imports(teacher, tmp_path, capsys):
    path = tmp_path / "bank.xml"
    path.write_bytes(XML)

    call_command("import_questions", str(path), owner=teacher.username, dry_run=True)
    assert counts() == (0, 0, 0, 0)
    call_command("import_questions", str(path), owner=teacher.username, yes=True)

    out = capsys.readouterr().out
    assert "11 questions: 5 to create, 6 skipped." in out
    assert "unsupported type: essay" in out
    assert "Created 5 questions" in out
    assert Question.objects.filter(created_by=teacher).count() == 5


def test_the_command_refuses_a_bad_file_by_name(teacher, tmp_path):
    path = tmp_path / "junk.gift"
    path.write_bytes(b"\xff\xfe junk")

    with pytest.raises(CommandError, match=r"junk\.gift: The file is not UTF-8"):
        call_command("import_questions", str(path), owner=teacher.username, yes=True)
    assert counts() == (0, 0, 0, 0)
