"""Quiz sets exported for Moodle parse back with every question and choice."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from quizzes.exports import gift, moodle_xml
from quizzes.models import QuizSet, QuizSetQuestion
from quizzes.selectors import quiz_set_questions
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.usefixtures("question_bank")


@pytest.mark.parametrize("slug", ["the-1934-treaty", "foreign-ministers-conferences"])
def test_moodle_xml_holds_every_question_and_choice(slug):
    quiz_set = QuizSet.objects.get(slug=slug)
    questions = list(quiz_set_questions(quiz_set).prefetch_related("choices"))

    root = ET.fromstring(moodle_xml([quiz_set]))

    exported = {
        q.findtext("name/text"): q for q in root.iter("question") if q.get("type") != "category"
    }
    assert set(exported) == {q.key for q in questions}
    for question in questions:
        element = exported[question.key]
        if question.kind in ("timeline", "year"):
            # Numerical: the year alone (tests/quizzes/test_exports_years.py has the rest).
            assert element.get("type") == "numerical"
            assert element.findtext("questiontext/text").startswith(question.prompt_en)
            assert [a.findtext("text") for a in element.iter("answer")] == [
                str(question.answer_year)
            ]
            continue
        assert element.findtext("questiontext/text") == question.prompt_en
        choices = {c.text_en for c in question.choices.all()}
        if question.kind == "chronology":
            assert element.get("type") == "ordering"
            by_rank = sorted(question.choices.all(), key=lambda c: c.rank)
            assert [a.findtext("text") for a in element.iter("answer")] == [
                c.text_en for c in by_rank
            ]
        else:
            answers = {a.findtext("text"): a.get("fraction") for a in element.iter("answer")}
            assert set(answers) == choices
            assert list(answers.values()).count("100") == 1
            right = next(c for c in question.choices.all() if c.is_correct)
            assert answers[right.text_en] == "100"


def test_gift_holds_every_question_with_one_right_answer_and_escapes_braces():
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")
    tricky = QuestionFactory(
        prompt_en="Which {bracketed} = tricky: question?",
        choices=[("a=b", "a=b lv"), ("c~d", "c~d lv"), ("#e", "#e lv")],
    )
    QuizSetQuestion.objects.create(quiz_set=quiz_set, question=tricky, position=99)

    text = gift([quiz_set])

    blocks = [b for b in text.split("\n\n") if "\n::" in b]
    assert len(blocks) == quiz_set_questions(quiz_set).count()
    for block in blocks:
        assert len(re.findall(r"^\t=", block, flags=re.M)) == 1, block
    assert r"::[plain]Which \{bracketed\} \= tricky\: question?{" in text
    assert "\t=a\\=b\n\t~c\\~d\n\t~\\#e\n" in text


def test_latvian_export_is_in_latvian():
    quiz_set = QuizSet.objects.get(slug="the-1934-treaty")
    question = quiz_set.questions.get(key="date:baltic-entente-treaty")

    xml, text = moodle_xml([quiz_set], language="lv"), gift([quiz_set], language="lv")

    assert "Juliuss Seljamā" in xml
    assert "Ženēva" in text
    # The question's sentence is the Latvian one, and its frame is Latvian too, not the
    # English sentence around a Latvian title.
    assert question.prompt_lv in xml and question.prompt_en not in xml
    assert question.prompt_lv.split("“")[0] != question.prompt_en.split("“")[0]


def test_export_command_writes_a_file(tmp_path):
    target = tmp_path / "treaty.gift.txt"

    call_command("export_quiz_set", "the-1934-treaty", format="gift", output=str(target))

    # Each question is named once and titled once: "::name::title::".
    questions = QuizSet.objects.get(slug="the-1934-treaty").entries.count()
    assert target.read_text(encoding="utf-8").count("::") == 2 * questions


def test_export_command_names_an_unknown_set():
    with pytest.raises(CommandError, match="no-such-set"):
        call_command("export_quiz_set", "no-such-set")
