"""The proofreading sheets committed under fixtures/review/ follow the bank."""

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.core.management.base import CommandError

from quizzes.generators import LANGUAGES
from quizzes.management.commands.write_review_sheets import sheet_path
from quizzes.models import Question
from quizzes.review import review_sheet
from tests.conftest import ROOT

CATALOGUE = ROOT / "locale" / "lv" / "LC_MESSAGES"


def _messages(catalog) -> dict:
    found = {}
    for m in catalog:
        text = m.string if isinstance(m.string, str) else tuple(m.string)
        if m.id and any(text) and not m.fuzzy:
            found[(m.context, m.id if isinstance(m.id, str) else m.id[0])] = text
    return found


def test_the_compiled_latvian_catalogue_is_the_one_in_the_po_file():
    # The Latvian of the bank comes from the compiled catalogue: a stale .mo would make the
    # sheets below compare against old wording.
    with open(CATALOGUE / "django.po", "rb") as po, open(CATALOGUE / "django.mo", "rb") as mo:
        written, compiled = _messages(read_po(po)), _messages(read_mo(mo))

    stale = {key for key, text in written.items() if compiled.get(key) != text}
    assert not stale, f"django.mo is out of date (run `make setup`): {sorted(stale)[:5]}"


@pytest.mark.usefixtures("question_bank")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_review_sheet_is_the_bank_as_it_is_generated(language):
    text = review_sheet(language)

    assert sheet_path(language).read_text(encoding="utf-8") == text, (
        "The question bank changed: run `manage.py write_review_sheets` and commit the sheets."
    )


@pytest.mark.usefixtures("question_bank")
def test_the_sheet_shows_every_question_in_use_with_its_right_answer_marked():
    text = review_sheet("lv")
    questions = Question.objects.in_use().prefetch_related("choices")

    for question in questions:
        assert f"## {question.key}\n{question.prompt_lv}\n" in text
        for choice in question.choices.all():
            if choice.is_correct:
                assert f"  [x] {choice.text_lv}\n" in text
    assert "„" in text and "Skaidrojums:" in text


@pytest.mark.usefixtures("question_bank")
def test_the_check_option_fails_once_the_bank_moves_on():
    call_command("write_review_sheets", "--check")

    Question.objects.filter(kind="date").update(prompt_lv="Kad?")
    with pytest.raises(CommandError):
        call_command("write_review_sheets", "--check")
