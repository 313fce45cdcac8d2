"""The admin's export page: the teacher picks the format, the language and the chronology form."""

import pytest
from django.urls import reverse

from quizzes.models import Choice, QuizSet, QuizSetQuestion
from quizzes.selectors import quiz_set_questions
from tests.quizzes import moodle_rules
from tests.quizzes.factories import ChronologyQuestionFactory, TeacherFactory

pytestmark = pytest.mark.usefixtures("question_bank")
URL = "admin:quizzes_quizset_moodle_export"


@pytest.fixture
def teacher_client(client):
    client.force_login(TeacherFactory())
    return client


def download(client, quiz_set, **choices):
    query = {"ids": [quiz_set.pk], "download": "1", "format": "moodle", "language": "en"}
    query["chronology"] = "ordering"
    return client.get(reverse(URL), {**query, **choices})


def test_the_export_says_how_many_questions_an_attempt_draws(teacher_client):
    quiz_set = QuizSet.objects.get(slug="road-to-the-entente")
    pool = quiz_set_questions(quiz_set).count()

    xml = download(teacher_client, quiz_set).content.decode()
    gift = download(teacher_client, quiz_set, format="gift", language="lv").content.decode()

    category = moodle_rules.read_moodle_xml(xml)[0]
    assert category["path"] == ["$course$", "top", quiz_set.title_en]
    assert category["info"] == (
        f"An attempt draws {quiz_set.question_count} of the {pool} questions in this category."
    )
    assert moodle_rules.read_gift(gift)[0]["path"] == ["$course$", "top", quiz_set.title_lv]
    draws = f"izvēlas {quiz_set.question_count} no šīs kategorijas {pool} jautājumiem."
    assert f"// Katrs mēģinājums {draws}" in gift


def test_chronology_is_ordering_by_default_and_matching_for_older_moodle(teacher_client):
    quiz_set = QuizSet.objects.get(slug="everything")

    ordering = moodle_rules.read_moodle_xml(download(teacher_client, quiz_set).content.decode())
    matching = moodle_rules.read_moodle_xml(
        download(teacher_client, quiz_set, chronology="matching").content.decode()
    )
    gift = download(teacher_client, quiz_set, format="gift").content.decode()

    chronologies = quiz_set_questions(quiz_set).filter(kind="chronology").count()
    assert chronologies > 0
    assert sum(q["type"] == "ordering" for q in ordering) == chronologies
    assert sum(q["type"] == "matching" for q in matching) == chronologies
    assert sum(q["type"] == "match" for q in moodle_rules.read_gift(gift)) == chronologies
    assert "// GIFT has no ordering question" in gift


def test_the_page_names_what_a_format_cannot_carry(teacher_client):
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")
    arrow = ChronologyQuestionFactory(key="custom:arrow")
    Choice.objects.filter(question=arrow, rank=1).update(text_en="Riga -> Tallinn")
    QuizSetQuestion.objects.create(quiz_set=quiz_set, question=arrow, position=99)

    page = teacher_client.get(reverse(URL), {"ids": [quiz_set.pk], "format": "gift"})
    gift = download(teacher_client, quiz_set, format="gift").content.decode()

    assert page.status_code == 200
    pool = quiz_set_questions(quiz_set).count()
    assert (
        f"{quiz_set.title_en}: An attempt asks all {pool} questions in this category." in page.text
    )
    assert "Left out of a GIFT file" in page.text and "custom:arrow" in page.text
    assert "Left out of a Moodle XML file" not in page.text
    assert "// left out: custom:arrow: “->” in the event “Riga -> Tallinn”" in gift
    assert "custom:arrow" not in {q.get("name") for q in moodle_rules.read_gift(gift)}


def test_a_bad_choice_is_answered_on_the_page(teacher_client):
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")

    response = download(teacher_client, quiz_set, language="de")

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_the_page_without_quiz_sets_goes_back_to_the_list(teacher_client):
    response = teacher_client.get(reverse(URL), {"ids": ["x"]})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:quizzes_quizset_changelist")
