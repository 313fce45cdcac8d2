"""Fixtures for the browser tests: a local headless Chromium and a screenshot folder."""

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

# live_server runs Django beside Playwright's sync API, whose event loop makes Django
# refuse ORM calls from the test thread unless async-unsafe access is allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]
# The migrations that make the Teachers group and give it its permissions.
GROUP_MIGRATIONS = [
    ("quizzes.migrations.0002_teachers_group", "create_teachers"),
    ("classrooms.migrations.0002_teachers_manage_classes", "grant"),
]


def teachers_group() -> None:
    """Make the Teachers group as the migrations do, if an earlier test flushed it.

    A transactional test empties every table when it ends, so the group a data
    migration made is gone for the live_server tests that run after it.
    """
    if Group.objects.filter(name="Teachers").exists():
        return
    apps = MigrationLoader(connection).project_state().apps
    for module, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Use Debian's Chromium (no Playwright download) headless, sandbox-free for containers,
    # and quiet: no GPU, QUIC, first-run, sync or background/component-update traffic.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    """artifacts/screenshots/ under the repo root (git-ignored), created if missing."""
    path = REPO_ROOT / "artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
