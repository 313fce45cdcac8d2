"""Export → import into a fresh bank → export again gives the same questions, in both formats
and both languages (read with the independent reader of Moodle's rules)."""

from collections import Counter

import pytest

from quizzes.exports import export_file
from quizzes.imports.services import questions_import
from quizzes.models import Attempt, Question, QuizSet, QuizSetQuestion
from tests.quizzes import moodle_rules
from tests.quizzes.factories import TeacherFactory

pytestmark = pytest.mark.usefixtures("question_bank")

READERS = {"moodle": moodle_rules.read_moodle_xml, "gift": moodle_rules.read_gift}


def as_questions(fmt: str, text: str) -> Counter:
    """What each question asks, whatever its name: text, feedback and answers."""
    found = Counter()
    for q in READERS[fmt](text):
        if q["type"] == "category":
            continue
        if q["type"] == "multichoice":
            answers = tuple(sorted((a[0], a[1]) for a in q["answers"]))
        elif q["type"] == "ordering":
            answers = tuple(q["answers"])
        elif q["type"] == "numerical":
            answers = tuple((float(a[0]), a[1], a[2]) for a in q["answers"])
        else:  # matching: the events by their position
            answers = tuple(t for t, _p in sorted(q["subquestions"], key=lambda s: s[1]))
        category = q["category"][-1]
        found[(category, q["type"], q["questiontext"], q["generalfeedback"], answers)] += 1
    return found


def fresh_bank() -> None:
    Attempt.objects.all().delete()
    QuizSetQuestion.objects.all().delete()
    QuizSet.objects.all().delete()
    Question.objects.all().delete()


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize(
    ("fmt", "ordering"), [("moodle", True), ("moodle", False), ("gift", False)]
)
def test_the_whole_bank_comes_back_the_same(fmt, ordering, language):
    bank = QuizSet.objects.get(slug="everything")
    first = export_file([bank], fmt=fmt, language=language, ordering=ordering)
    out = as_questions(fmt, first.text)
    fresh_bank()
    teacher = TeacherFactory()

    result = questions_import(
        data=first.text.encode(), language=language, user=teacher, default_category="x"
    )
    again = export_file(result.quiz_sets, fmt=fmt, language=language, ordering=ordering)

    assert first.refused == [] and sum(out.values()) == first.written
    assert len(result.questions) == first.written
    assert result.plan.skipped == []
    assert as_questions(fmt, again.text) == out
    assert [s.title_en for s in result.quiz_sets] == [
        bank.title_en if language == "en" else bank.title_lv
    ]
