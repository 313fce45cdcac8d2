from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
HISTORY_FIXTURES = [ROOT / "fixtures" / "articles.yaml", ROOT / "fixtures" / "history.yaml"]


@pytest.fixture
def shipped_history(db) -> None:
    """Load the shipped articles and events, as `make run` does."""
    call_command("loaddata", *HISTORY_FIXTURES, verbosity=0)


@pytest.fixture
def question_bank(shipped_history) -> None:
    """Build the question bank and load the shipped quiz sets, as `make run` does."""
    from quizzes.services import question_bank_sync

    question_bank_sync()
    call_command("loaddata", ROOT / "fixtures" / "quizzes.yaml", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hash test passwords cheaply: the strength of PBKDF2 is not what these tests check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Start every test with an empty cache (and unused rate limits, which live there too):
    a rolled-back database leaves no trace in it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language() -> None:
    """Start every test in the default language: a test client's request to a Latvian page
    leaves Latvian active in the thread, and reverse() would then build Latvian addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
