"""deploy/stack.sh starts the whole site on one machine — nginx, two app servers, an event
server beside each, Redis — and stops it again."""

import os
import random
import socket
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
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


def _stack(tmp_path, **settings: str):
    """Start the stack on a SQLite file and free ports; stop it whatever the test does."""
    # Four ports in a row: nginx, two app servers, Redis; the event servers 21 and 22 on.
    candidates = [*range(8150, 8196, 5), *random.sample(range(20000, 60000, 30), 50)]
    base = next(p for p in candidates if ports_free(p, 4) and ports_free(p + 21, 2))
    env = {
        **os.environ,
        "STACK_PORT": str(base),
        "STACK_RUN": str(tmp_path / "run"),
        "STACK_WORKERS": "1",
        "STACK_ACCESSLOG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "baltic_quiz.settings",
        **settings,
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

    run.env = env
    started = run("start")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield base, tmp_path / "run", run
    finally:
        run("stop")


@pytest.fixture
def stack(tmp_path):
    yield from _stack(tmp_path)


@pytest.fixture
def small_stack(tmp_path):
    """The stack with room for one request per app server at a time."""
    yield from _stack(tmp_path, STACK_MAX_CONNS="1")


def test_the_stack_serves_the_site_through_nginx_from_two_app_servers(stack):
    port, run_dir, run = stack
    pids = {
        name: int((run_dir / f"{name}.pid").read_text())
        for name in ("gunicorn-1", "gunicorn-2", "events-1", "events-2", "redis", "nginx")
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


def manage_py(run, code: str) -> str:
    """Run Python against the stack's database and Redis, as another server would."""
    env = {**run.env, "REDIS_URL": f"redis://127.0.0.1:{int(run.env['STACK_PORT']) + 3}/0"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


START = """
from django.contrib.auth import get_user_model
from live.services import live_session_start
from quizzes.models import QuizSet
teacher = get_user_model().objects.create(username="stack-teacher", is_staff=True)
print(live_session_start(teacher=teacher, quiz_set=QuizSet.objects.first()).code)
"""
NEXT = """
from live.models import LiveSession
from live.services import live_session_advance
print(live_session_advance(session=LiveSession.objects.get(code="{code}")).version)
"""


def test_a_change_made_elsewhere_reaches_a_phones_stream_through_nginx_at_once(stack):
    port, _run_dir, run = stack
    code = manage_py(run, START)

    url = f"http://127.0.0.1:{port}/en/live/{code}/events/"
    with httpx.stream("GET", url, timeout=10) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"] == "text/event-stream"
        lines = stream.iter_lines()
        assert [next(lines), next(lines)] == ["retry: 1000", "data: v:1"]
        # Another process moves the room on; only Redis links it to the event server.
        version = manage_py(run, NEXT.format(code=code))
        assert version == "2"
        heard = next(line for line in lines if line)
    assert heard == "data: v:2"


def test_a_rush_beyond_what_the_servers_hold_is_told_busy_at_once_not_queued(small_stack):
    port, run_dir, _run = small_stack

    def get(_: int) -> httpx.Response:
        # The quiz list is rendered for each request (not a cached page): it holds a worker.
        return httpx.get(f"http://127.0.0.1:{port}/lv/quizzes/", timeout=30)

    # Threads, not asyncio: the browser tests leave an event loop running in this thread.
    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(pool.map(get, range(40)))

    statuses = Counter(response.status_code for response in responses)
    assert set(statuses) == {200, 503}, statuses
    assert statuses[200] >= 2
    busy = next(response for response in responses if response.status_code == 503)
    assert busy.headers["retry-after"] == "5"
    assert "Lūdzu, uzgaidiet mirkli" in busy.text and "Please wait a moment" in busy.text
    # The requests told "busy" never reached an app server: no time spent on them.
    served = sum(
        (run_dir / f"gunicorn-{app}-access.log").read_text().count("GET /lv/quizzes/")
        for app in (1, 2)
    )
    assert served == statuses[200]


def test_a_live_lessons_rush_waits_its_turn_instead_of_being_told_busy(small_stack):
    """A room's phones all join (and answer) at once: they queue for a moment, none refused."""
    port, run_dir, _run = small_stack

    def get(_: int) -> httpx.Response:
        return httpx.get(f"http://127.0.0.1:{port}/lv/live/", timeout=30)

    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(pool.map(get, range(40)))

    assert Counter(response.status_code for response in responses) == {200: 40}
    assert all("Pievienoties tiešraides stundai" in response.text for response in responses)
    served = sum(
        (run_dir / f"gunicorn-{app}-access.log").read_text().count("GET /lv/live/")
        for app in (1, 2)
    )
    assert served == 40
