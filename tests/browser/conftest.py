"""Fixtures for the browser tests: a local headless Chromium and a screenshot folder."""

import os
from pathlib import Path

import pytest

# live_server runs Django beside Playwright's sync API, whose event loop makes Django
# refuse ORM calls from the test thread unless async-unsafe access is allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]


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
