"""Production settings and the headers every page carries."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import ROOT
from tests.quizzes.factories import UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "TRUSTED_PROXIES": "1",
    "ALLOWED_HOSTS": "quiz.example.org",
    "SECRET_KEY": "k" * 20 + "production-secret-for-the-deploy-check-0123456789",
}


def test_the_deploy_check_passes_with_the_production_environment():
    env = {
        # Not the test run's own switches (the browser tests allow async-unsafe calls).
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        **PRODUCTION,
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_pages_forbid_inline_script_and_unused_browser_features(client):
    response = client.get(reverse("quizzes:home"))

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_style_or_handler():
    inline = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for marker in ("<style", " style=", " onclick=", " onload=", " onchange=", "js:"):
            if marker in text:
                inline.append((path.name, marker))
        for tag in text.split("<script")[1:]:
            if "src=" not in tag.split(">", 1)[0]:
                inline.append((path.name, "<script>"))
    assert inline == []


def test_private_pages_are_not_kept_by_shared_caches(client):
    client.force_login(UserFactory())
    quiz_set = picked_quiz_set(questions=1)
    client.post(reverse("quizzes:start", args=[quiz_set.slug]))

    for name in ("quizzes:progress", "classrooms:mine", "quizzes:practice", "quizzes:list"):
        response = client.get(reverse(name))
        assert "private" in response["Cache-Control"], name


def test_an_anonymous_learners_attempt_is_private():
    client = Client()
    quiz_set = picked_quiz_set(questions=1)
    attempt_page = client.post(reverse("quizzes:start", args=[quiz_set.slug]))

    response = client.get(attempt_page["Location"], follow=True)

    assert "private" in attempt_page["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_cookie_has_explicit_flags(client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    client.get("/en/accounts/login/")
    language = client.post(reverse("set_language"), {"language": "lv", "next": "/"})
    quiz_set = picked_quiz_set(questions=1)
    started = client.post(f"/lv/quizzes/{quiz_set.slug}/start/")
    client.post(
        "/lv/accounts/login/",
        {"username": UserFactory().username, "password": "correct horse battery"},
    )

    cookies = {**language.cookies, **started.cookies, **client.cookies}
    assert {"django_language", "learner", "csrftoken", "sessionid"} <= set(cookies)
    for name in ("django_language", "learner", "csrftoken", "sessionid"):
        cookie = cookies[name]
        assert cookie["samesite"] == "Lax", name
        assert cookie["httponly"], name
        assert cookie["secure"], name


def test_the_policy_is_django_csps_own_and_follows_the_settings(client, settings):
    from csp.utils import build_policy

    first = client.get(reverse("quizzes:home"))["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}
    }
    second = client.get(reverse("quizzes:home"))["Content-Security-Policy"]

    assert "img-src 'self' data:" in first
    assert second == build_policy() and "img-src 'self';" in second + ";"
