"""A server error in production is written down: a real 500 in a process run with DEBUG off."""

import os
import subprocess
import sys

from tests.conftest import ROOT

# A database that cannot be opened: every page that reads it fails for real.
REQUEST = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/en/quizzes/", HTTP_HOST="127.0.0.1")
print("status", response.status_code)
"""


def serve_one_failing_request(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "baltic_quiz.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-key-for-this-test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        **env,
    }
    if "ADMINS" not in env:
        environment.pop("ADMINS", None)
    return subprocess.run(
        [sys.executable, "-c", REQUEST],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_with_debug_off_a_server_error_goes_to_stderr_with_its_traceback(tmp_path):
    run = serve_one_failing_request(tmp_path)

    assert "status 500" in run.stdout
    assert "ERROR django.request: Internal Server Error: /en/quizzes/" in run.stderr
    assert "Traceback (most recent call last)" in run.stderr
    assert "unable to open database file" in run.stderr
    # Nobody to mail: no message is written.
    assert "Subject:" not in run.stdout


def test_with_admins_set_a_server_error_is_mailed_to_them(tmp_path):
    run = serve_one_failing_request(tmp_path, ADMINS="Ops <ops@example.org>, dev@example.org")

    assert "status 500" in run.stdout
    assert "Subject: [Django] ERROR" in run.stdout
    assert "To: ops@example.org, dev@example.org" in run.stdout
    assert "Internal Server Error: /en/quizzes/" in run.stdout
