from collections import Counter

import pytest
import yaml
from django.core.management import CommandError, call_command

from history.models import Citation, Event
from quizzes.content import FACTS, QUIZ_SETS
from quizzes.models import Question, QuizSet, QuizSetQuestion

pytestmark = pytest.mark.django_db

SHIPPED = [*FACTS, *QUIZ_SETS]


def shipped_counts() -> Counter:
    counts = Counter()
    for path in SHIPPED:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            counts[item["model"]] += 1
    return counts


def set_up(capsys) -> str:
    capsys.readouterr()
    call_command("load_content")
    return capsys.readouterr().out


def edit_in_the_admin() -> dict:
    """Change a shipped quiz set and an event as a teacher or an admin would."""
    QuizSet.objects.filter(slug="everything").update(is_published=False, pass_mark=90)
    Event.objects.filter(slug="baltic-entente-treaty").update(
        title_en="The Treaty of Geneva", summary_en="Edited in the admin."
    )
    picked = QuizSetQuestion.objects.filter(quiz_set__slug="the-1934-treaty").order_by("position")
    removed = picked.last()
    removed.delete()
    citation = Citation.objects.filter(event__slug="baltic-entente-treaty").first()
    citation.delete()
    return {"entry": removed.question.key, "citation": citation.paragraph_id}


def assert_edits_kept(edits: dict) -> None:
    everything = QuizSet.objects.get(slug="everything")
    assert (everything.is_published, everything.pass_mark) == (False, 90)
    event = Event.objects.get(slug="baltic-entente-treaty")
    assert (event.title_en, event.summary_en) == ("The Treaty of Geneva", "Edited in the admin.")
    assert not QuizSetQuestion.objects.filter(
        quiz_set__slug="the-1934-treaty", question__key=edits["entry"]
    ).exists()
    assert not event.citations.filter(paragraph_id=edits["citation"]).exists()


def test_the_set_up_loads_every_shipped_object_into_an_empty_database(capsys):
    out = set_up(capsys)

    for label, count in shipped_counts().items():
        assert f"{label}: {count} created, 0 kept" in out
    assert Event.objects.count() == shipped_counts()["history.event"]
    assert Question.objects.filter(is_generated=True).exists()


def test_the_set_up_run_again_after_edits_in_the_admin_keeps_every_edit(capsys):
    set_up(capsys)
    edits = edit_in_the_admin()

    out = set_up(capsys)

    assert_edits_kept(edits)
    counts = shipped_counts()
    assert f"history.event: 0 created, {counts['history.event']} kept" in out
    assert f"quizzes.quizset: 0 created, {counts['quizzes.quizset']} kept" in out


def test_the_set_up_creates_a_shipped_object_that_is_missing_with_its_parts(capsys):
    set_up(capsys)
    treaty = QuizSet.objects.get(slug="the-1934-treaty")
    entries = treaty.entries.count()
    treaty.delete()

    set_up(capsys)

    assert QuizSet.objects.get(slug="the-1934-treaty").entries.count() == entries


def test_the_set_up_keeps_a_teachers_switch_on_a_generated_question(capsys):
    set_up(capsys)
    Question.objects.filter(key="place:baltic-entente-treaty").update(is_active=False)

    set_up(capsys)

    assert not Question.objects.get(key="place:baltic-entente-treaty").is_active


def test_the_reset_says_what_it_overwrites_and_puts_the_shipped_content_back(capsys):
    set_up(capsys)
    edits = edit_in_the_admin()

    call_command("reset_content", "--yes")

    out = capsys.readouterr().out
    assert "OVERWRITING" in out and "quiz sets" in out
    everything = QuizSet.objects.get(slug="everything")
    assert (everything.is_published, everything.pass_mark) == (True, 60)
    assert Event.objects.get(slug="baltic-entente-treaty").title_en != "The Treaty of Geneva"
    assert QuizSetQuestion.objects.filter(
        quiz_set__slug="the-1934-treaty", question__key=edits["entry"]
    ).exists()
    assert Citation.objects.filter(paragraph_id=edits["citation"]).exists()


@pytest.mark.parametrize("reply", ["no", ""])
def test_the_reset_changes_nothing_unless_confirmed(capsys, monkeypatch, reply):
    set_up(capsys)
    edits = edit_in_the_admin()
    monkeypatch.setattr("builtins.input", lambda prompt: reply)

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("reset_content")

    assert_edits_kept(edits)
