"""deploy/stack.sh starts the whole site on one machine — nginx, two app servers, Redis — and
stops it again."""

import os
import random
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def ports_free(first: int, count: int) -> bool:
    for port in range(first, first + count):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def stack(tmp_path):
    """Start the stack on a SQLite file and free ports; stop it whatever the test does."""
    # Four ports in a row: nginx, two app servers, Redis.
    candidates = [*range(8150, 8196, 5), *random.sample(range(20000, 60000, 10), 50)]
    base = next(p for p in candidates if ports_free(p, 4))
    env = {
        **os.environ,
        "STACK_PORT": str(base),
        "STACK_RUN": str(tmp_path / "run"),
        "STACK_WORKERS": "1",
        "STACK_ACCESSLOG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "baltic_quiz.settings",
    }
    env.pop("SECRET_KEY", None)

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "deploy/stack.sh", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    started = run("start")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield base, tmp_path / "run", run
    finally:
        run("stop")


def test_the_stack_serves_the_site_through_nginx_from_two_app_servers(stack):
    port, run_dir, run = stack
    pids = {
        name: int((run_dir / f"{name}.pid").read_text())
        for name in ("gunicorn-1", "gunicorn-2", "redis", "nginx")
    }

    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        pages = [client.get("/en/timeline/") for _ in range(6)]
        quiz_list = client.get("/lv/quizzes/")
        css = client.get("/static/css/site.css")

    assert all(page.status_code == 200 for page in pages)
    assert quiz_list.status_code == 200 and '<html lang="lv">' in quiz_list.text
    assert css.status_code == 200 and css.headers["server"].startswith("nginx")
    assert css.content == (ROOT / "static" / "css" / "site.css").read_bytes()
    # nginx shared the pages out between both app servers.
    for app in (1, 2):
        served = (run_dir / f"gunicorn-{app}-access.log").read_text()
        assert "GET /en/timeline/" in served
    assert "running" in run("status").stdout

    stopped = run("stop")

    assert stopped.returncode == 0
    assert not any(alive(pid) for pid in pids.values())
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/en/")
