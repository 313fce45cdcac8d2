"""Benchmark: simulated students taking quizzes against gunicorn, beside a bare view pair.

Run from the project root (see bench/README.md):

    .venv/bin/python bench/run.py [--database sqlite|postgres] [--students 8] [--duration 20]

One run prepares a fresh database, starts gunicorn (or the whole deploy/ stack: nginx in
front of two app servers), drives phase A ("quiz": students starting attempts, showing and
answering questions, taking the next question from the answer's response when it carries
one) and phase B ("bare pair": GET a bare question, POST a bare answer), optionally phase A2
("answer alone"), checks that every acknowledged answer was stored exactly once, prints a
table and writes the results to bench-results/ as JSON. The headline compares answers per
second of the whole student loop (A) with the bare pair (B), and gives the app servers' CPU
time per answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
VENV_BIN = Path(sys.executable).parent
SETTINGS = "bench.settings"
QUIZ_SLUG = "everything"
ALONE_SLUG = "bench-all"  # created by `manage.py bench_quiz_set` before phase A2
ALONE_STEP = "answer (alone)"
ALONE_MARGIN = 2.0  # prepare questions for twice the answers phase A's rate suggests
ALONE_MAX_ATTEMPTS = 5  # per student, when the count is chosen automatically
RATIO_GOAL = 75.0  # the student loop's answers/s against the bare pair's
CPU_GOAL_MS = 5.0  # app servers' CPU per answer
REQUEST_TIMEOUT = 30.0
READY_TIMEOUT = 60.0
OTHERS_CPU_WARNING = 25.0  # % of one core used by other processes during a phase

# The steps of phases A, A2 (and its setup) and B, with the status each one must answer.
EXPECTED = {
    "quiz list": 200,
    "start": 302,
    "attempt": 302,
    "show question": 200,
    "answer": 200,
    "finish": 302,
    ALONE_STEP: 200,
    "bare": 200,
    "bare question": 200,
    "bare answer": 200,
}
MAIN_STEPS = ("show question", "answer", "bare question", "bare answer", ALONE_STEP, "bare")
OTHER_STEPS = ("quiz list", "start", "attempt", "finish", "driver")

LOCATION = re.compile(r"/attempts/(?P<id>[0-9a-f-]{36})/(?:(?P<n>\d+)/)?$")
QUESTION_OF = re.compile(r"Question (\d+) of (\d+)")
ANSWER_FORM = re.compile(r"<form[^>]*/answer/.*?</form>", re.S)
TAG_ATTRS = re.compile(r'([\w-]+)="([^"]*)"')
INPUT_TAG = re.compile(r"<input\b[^>]*>")
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]*)"')
# The years a typed-year answer is drawn from: the span of the Baltic Entente.
TYPED_YEARS = range(1919, 1941)


class SetupError(Exception):
    """The bench could not prepare the database or start the server."""


# --- Measurements -----------------------------------------------------------------------


@dataclass
class Recorder:
    """Every request's step, status and latency, and why it counted as an error."""

    samples: list[tuple[str, int, float, bool]] = field(default_factory=list)
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    skipped_answered: int = 0
    out_of_questions: int = 0  # phase A2: students that answered every prepared question
    carried: int = 0  # answers whose response carried the next question's form

    def add(self, step: str, status: int, latency: float, error: str | None = None) -> None:
        self.samples.append((step, status, latency, error is None))
        if error is not None:
            self.errors[(step, error)] += 1

    def driver_error(self, message: str) -> None:
        """Count a failure of the simulated student itself (not a request)."""
        self.errors[("driver", message)] += 1


@dataclass
class StepStats:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    ok: int


@dataclass
class PhaseResult:
    name: str
    workers: int
    elapsed_s: float
    driver_cpu_percent: float
    server_cpu_percent: float | None
    database_cpu_percent: float | None
    machine_cpu_percent: float | None
    others_cpu_percent: float | None
    steps: dict[str, StepStats]
    errors: dict[str, int]
    skipped_answered: int = 0
    out_of_questions: int = 0
    server_cpu_s: float | None = None
    carried: int = 0

    def ok(self, step: str) -> int:
        stats = self.steps.get(step)
        return stats.ok if stats else 0

    def requests(self) -> int:
        return sum(stats.requests for stats in self.steps.values())


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0..100) of sorted values, interpolating linearly."""
    if not values:
        return 0.0
    position = (len(values) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def summarise(recorder: Recorder, elapsed: float) -> dict[str, StepStats]:
    """Group the samples by step into counts, rates and latency percentiles."""
    by_step: dict[str, list[tuple[int, float, bool]]] = {}
    for step, status, latency, ok in recorder.samples:
        by_step.setdefault(step, []).append((status, latency, ok))
    stats = {}
    for step, rows in by_step.items():
        latencies = sorted(latency for _, latency, _ in rows)
        ok = sum(1 for *_, good in rows if good)
        stats[step] = StepStats(
            requests=len(rows),
            rps=len(rows) / elapsed if elapsed else 0.0,
            p50_ms=percentile(latencies, 50) * 1000,
            p95_ms=percentile(latencies, 95) * 1000,
            p99_ms=percentile(latencies, 99) * 1000,
            errors=len(rows) - ok,
            ok=ok,
        )
    driver_errors = sum(n for (step, _), n in recorder.errors.items() if step == "driver")
    if driver_errors:
        stats["driver"] = StepStats(0, 0.0, 0.0, 0.0, 0.0, driver_errors, 0)
    return stats


# --- Processes ----------------------------------------------------------------------------


def server_cpu_seconds(pids: list[int]) -> float | None:
    """Return the CPU time used so far by gunicorn masters and their workers (Linux only).

    A master's cutime/cstime hold the workers it has reaped (a restarted worker's time).
    """
    total = 0
    for pid in pids:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            master = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += sum(int(value) for value in master[11:15])  # utime, stime, cutime, cstime
        for each in map(int, children):
            try:
                fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """Return the CPU time used by PostgreSQL's processes, ended backends included."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1]
        if name == "postgres":
            # utime, stime, and cutime, cstime: the postmaster's reaped backends.
            total += sum(int(value) for value in fields.split()[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float | None:
    """Return the CPU time all processes of the machine used so far (Linux only)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    busy = sum(map(int, fields)) - int(fields[3]) - int(fields[4])  # minus idle, iowait
    return busy / os.sysconf("SC_CLK_TCK")


def cpu_percent(before: float | None, after: float | None, elapsed: float) -> float | None:
    """Return CPU seconds used between two readings as a percentage of one core."""
    if before is None or after is None or not elapsed:
        return None
    return (after - before) / elapsed * 100


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    """Run one manage.py command with the bench settings; raise SetupError if it fails."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SetupError(
            f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    print(f"  manage.py {' '.join(args)}  ({time.monotonic() - started:.1f} s)")
    return done.stdout


def wipe_postgres(url: str) -> str:
    """Drop every table of the database DATABASE_URL names; return a short description."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    where = f"{config.get('USER')}@{config.get('HOST')}:{config.get('PORT')}/{name}"
    if "bench" not in name:
        raise SetupError(
            f"Refusing to wipe database {name!r}: the bench drops every table, so it only "
            "uses a database whose name contains 'bench' (e.g. baltic_bench)."
        )
    try:
        connection = psycopg.connect(
            dbname=name,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
            autocommit=True,
        )
    except psycopg.OperationalError as error:
        raise SetupError(
            f"Cannot connect to PostgreSQL at {where}: {error}\n"
            "Start the server and create the role and database first, e.g.:\n"
            "  pg_ctlcluster 15 main start\n"
            "  su postgres -c 'createuser --pwprompt baltic_ci'   # password: baltic_ci\n"
            "  su postgres -c 'createdb --owner baltic_ci baltic_bench'"
        ) from error
    with connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
        for (table,) in tables:
            connection.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version} at {where}"


def prepare_database(database: str, env: dict[str, str]) -> str:
    """Empty the database, then build it as `make db` does; return a description."""
    if database == "sqlite":
        path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        described = f"SQLite file {path.relative_to(ROOT)}"
    else:
        described = wipe_postgres(env["DATABASE_URL"])
    print(f"Preparing {described}")
    manage(env, "migrate", "--no-input", "--run-syncdb")
    manage(env, "loaddata", "fixtures/articles.yaml", "fixtures/history.yaml")
    manage(env, "generate_questions")
    manage(env, "loaddata", "fixtures/quizzes.yaml")
    return described


def row_counts(env: dict[str, str]) -> dict[str, int]:
    """Count the stored answers, duplicates, attempts and bare rows (bench_counts)."""
    return json.loads(manage(env, "bench_counts").strip().splitlines()[-1])


def start_server(
    env: dict[str, str], port: int, workers: int, log_path: Path, threads: int = 1
) -> subprocess.Popen[bytes]:
    """Start gunicorn in its own process group, its output going to log_path."""
    gunicorn = VENV_BIN / "gunicorn"
    if not gunicorn.exists():
        gunicorn_path = shutil.which("gunicorn")
        if gunicorn_path is None:
            raise SetupError("gunicorn is not installed in this virtualenv.")
        gunicorn = Path(gunicorn_path)
    command = [
        str(gunicorn),
        "baltic_quiz.wsgi:application",
        "--chdir",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        # Threads let a worker serve another request while one waits on the database.
        "--threads",
        str(threads),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    log = log_path.open("w")
    try:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn gracefully, or kill its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    print(f"gunicorn (pid {process.pid}) stopped.")


def wait_until_ready(
    base_url: str, process: subprocess.Popen[bytes] | None, log_path: Path
) -> None:
    """Poll the quiz list until it answers 200, or fail if gunicorn dies or never answers."""
    deadline = time.monotonic() + READY_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SetupError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            response = httpx.get(f"{base_url}/en/quizzes/", timeout=5)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            last = f"{type(error).__name__}"
        time.sleep(0.2)
    raise SetupError(f"gunicorn did not answer within {READY_TIMEOUT:.0f} s ({last}).")


# --- Simulated students ---------------------------------------------------------------------


@dataclass
class Response:
    """What the bench reads of a response (read whole, so the connection is free again)."""

    status_code: int
    headers: dict[str, str]  # names in lower case
    text: str


# What a request can fail with: no connection, a reset, a timeout.
HTTP_ERRORS = (aiohttp.ClientError, TimeoutError)


def browser(base_url: str, timeout: float = REQUEST_TIMEOUT) -> aiohttp.ClientSession:
    """One simulated browser: its own cookies, one connection, redirects not followed.

    aiohttp rather than httpx: its client costs about a seventh of the CPU per request (0.5 ms
    against 3.5 ms on the 2-core bench machine), and the load generator shares the machine's
    cores with the servers it measures.
    """
    return aiohttp.ClientSession(
        base_url,
        # Cookies for 127.0.0.1 too (an address, not a domain name).
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=timeout),
        connector=aiohttp.TCPConnector(limit=1),
    )


def cookie(client: aiohttp.ClientSession, name: str) -> str | None:
    found = next((c for c in client.cookie_jar if c.key == name), None)
    return None if found is None else found.value


async def send(client: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Response:
    """Send one request and read its whole answer; raise one of HTTP_ERRORS if it fails."""
    async with client.request(method, url, allow_redirects=False, **kwargs) as got:
        headers = {name.lower(): value for name, value in got.headers.items()}
        return Response(got.status, headers, await got.text())


async def call(
    client: aiohttp.ClientSession,
    recorder: Recorder,
    step: str,
    method: str,
    url: str,
    **kwargs: Any,
) -> Response | None:
    """Send one request and record it; return the response only if its status is expected."""
    started = time.perf_counter()
    try:
        response = await send(client, method, url, **kwargs)
    except HTTP_ERRORS as error:
        recorder.add(step, 0, time.perf_counter() - started, f"{type(error).__name__}")
        return None
    latency = time.perf_counter() - started
    if response.status_code != EXPECTED[step]:
        recorder.add(step, response.status_code, latency, f"HTTP {response.status_code}")
        return None
    recorder.add(step, response.status_code, latency)
    return response


def parse_answer_form(
    html: str, number: int | None = None
) -> tuple[list[str], dict[str, list[str]]] | None:
    """Return the radio values, and each select's options; None if no answer form.

    A typed year's number field counts as a select of the years the bank's questions span,
    so that every kind of question (choices, orders, timelines, years) can be answered.
    With a number, only the answer form of that question counts (one an answer's response
    carries for the next question).
    """
    if number is None:
        form = ANSWER_FORM.search(html)
    else:
        pattern = rf'<form[^>]*/{number}/answer/".*?</form>'
        form = re.search(pattern, html, re.S)
    if form is None:
        return None
    radios = []
    selects = {}
    for tag in INPUT_TAG.findall(form.group(0)):
        attrs = dict(TAG_ATTRS.findall(tag))
        if attrs.get("type") == "radio" and attrs.get("name") == "choice":
            radios.append(attrs["value"])
        elif attrs.get("type") == "number" and attrs.get("name"):
            selects[attrs["name"]] = [str(year) for year in TYPED_YEARS]
    for attributes, body in SELECT.findall(form.group(0)):
        name = dict(TAG_ATTRS.findall(attributes)).get("name", "")
        if name:
            selects[name] = [value for value in OPTION_VALUE.findall(body) if value]
    return radios, selects


def pick_answer(
    radios: list[str], selects: dict[str, list[str]], rng: random.Random
) -> dict[str, str]:
    """Choose a random answer: one radio, a permutation of the ranks, or a value per select."""
    answer = {}
    ranks = sorted(name for name in selects if name.startswith("rank-"))
    if ranks:
        places = list(selects[ranks[0]])
        rng.shuffle(places)
        answer.update(zip(ranks, places, strict=True))
    for name, values in selects.items():
        if not name.startswith("rank-"):
            answer[name] = rng.choice(values)
    if radios:
        answer["choice"] = rng.choice(radios)
    return answer


class QuizStudent:
    """One learner with their own cookie jar, taking `everything` quizzes until time is up."""

    def __init__(self, base_url: str, recorder: Recorder, deadline: float, seed: int) -> None:
        self.base_url = base_url
        self.recorder = recorder
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.stop = False

    def time_left(self) -> bool:
        return not self.stop and time.monotonic() < self.deadline

    async def run(self) -> None:
        async with browser(self.base_url) as client:
            while self.time_left():
                try:
                    finished = await self.take_attempt(client)
                except Exception as error:  # a bug or surprise in the page: count, go on
                    self.recorder.driver_error(f"{type(error).__name__}: {error}")
                    finished = False
                if not finished:
                    await asyncio.sleep(0.05)

    async def take_attempt(self, client: aiohttp.ClientSession) -> bool:
        """Start (or resume) an attempt, answer its questions and finish it."""
        list_url = "/en/quizzes/"
        if (
            cookie(client, "csrftoken") is None
            and await call(client, self.recorder, "quiz list", "GET", list_url) is None
        ):
            return False
        token = cookie(client, "csrftoken")
        headers = {"X-CSRFToken": token}
        form = {"csrfmiddlewaretoken": token}
        if not self.time_left():
            return True
        start_url = f"/en/quizzes/{QUIZ_SLUG}/start/"
        response = await call(
            client, self.recorder, "start", "POST", start_url, headers=headers, data=form
        )
        if response is None:
            if self.recorder.errors[("start", "HTTP 403")]:
                self.stop = True  # refused: the quiz set no longer allows attempts
            return False
        match = LOCATION.search(response.headers.get("location", ""))
        if match is None:
            self.recorder.driver_error("start redirected somewhere unexpected")
            return False
        attempt_url = f"/en/attempts/{match['id']}/"
        if not self.time_left():
            return True
        match = await first_question(client, self.recorder, match)
        if match is None:
            return False
        number, total = int(match["n"]), None
        carried: str | None = None
        while total is None or number <= total:
            if not self.time_left():
                return True
            url = f"{attempt_url}{number}/"
            if carried is not None:
                # The answer's response carried this question: no page view needed.
                html, carried = carried, None
            else:
                response = await call(client, self.recorder, "show question", "GET", url)
                if response is None:
                    return False
                html = response.text
            if total is None:
                counted = QUESTION_OF.search(html)
                if counted is None:
                    self.recorder.driver_error("no 'Question n of N' on the question page")
                    return False
                total = int(counted[2])
            parsed = parse_answer_form(html)
            if parsed is None:
                self.recorder.skipped_answered += 1  # answered before (a resumed attempt)
            else:
                if not self.time_left():
                    return True
                answered = await call(
                    client,
                    self.recorder,
                    "answer",
                    "POST",
                    f"{url}answer/",
                    headers={**headers, "HX-Request": "true"},
                    data={**form, **pick_answer(*parsed, self.rng)},
                )
                if answered is None:
                    return False
                if number < total and parse_answer_form(answered.text, number + 1):
                    self.recorder.carried += 1
                    carried = answered.text
            number += 1
        if not self.time_left():
            return True
        finish_url = f"{attempt_url}finish/"
        response = await call(
            client, self.recorder, "finish", "POST", finish_url, headers=headers, data=form
        )
        return response is not None


async def first_question(client: aiohttp.ClientSession, recorder: Recorder, started: re.Match):
    """Where a started attempt opens: the start's redirect names the question (older versions
    of the site sent the attempt's own address, which redirected there in turn)."""
    if started["n"] is not None:
        return started
    attempt_url = f"/en/attempts/{started['id']}/"
    response = await call(client, recorder, "attempt", "GET", attempt_url)
    if response is None:
        return None
    match = LOCATION.search(response.headers.get("location", ""))
    if match is None or match["n"] is None:
        recorder.driver_error("attempt did not redirect to a question")
        return None
    return match


BARE_QUESTION = re.compile(r'name="question" value="(\d+)"')
BARE_CHOICE = re.compile(r'name="choice" value="(\d+)"')


async def bare_pair_worker(base_url: str, recorder: Recorder, deadline: float, seed: int) -> None:
    """GET a bare question and POST a bare answer to it, in a loop until time is up."""
    rng = random.Random(seed)
    async with browser(base_url) as client:
        while time.monotonic() < deadline:
            page = await call(client, recorder, "bare question", "GET", "/bench/bare/question/")
            if page is None:
                await asyncio.sleep(0.05)
                continue
            question = BARE_QUESTION.search(page.text)
            choices = BARE_CHOICE.findall(page.text)
            if question is None or not choices or time.monotonic() >= deadline:
                continue
            data = {"question": question[1], "choice": rng.choice(choices)}
            if (
                await call(
                    client, recorder, "bare answer", "POST", "/bench/bare/answer/", data=data
                )
                is None
            ):
                await asyncio.sleep(0.05)


@dataclass
class PreparedAttempt:
    """A fresh attempt at the bench-only set, its learner's client, and every answer form."""

    client: aiohttp.ClientSession
    token: str
    # Each open question's answer URL, radio values and rank selects (parse_answer_form).
    questions: list[tuple[str, list[str], dict[str, list[str]]]]


@dataclass
class AloneSetup:
    """What phase A2 prepared before its clock started."""

    questions_per_attempt: int
    attempts_per_student: int
    attempts: int
    questions: int
    elapsed_s: float
    errors: dict[str, int]


async def prepare_attempt(
    client: aiohttp.ClientSession, recorder: Recorder
) -> PreparedAttempt | None:
    """Start an attempt at the bench-only set as a new learner and read every question page."""
    if await call(client, recorder, "quiz list", "GET", "/en/quizzes/") is None:
        return None
    token = cookie(client, "csrftoken")
    response = await call(
        client,
        recorder,
        "start",
        "POST",
        f"/en/quizzes/{ALONE_SLUG}/start/",
        headers={"X-CSRFToken": token},
        data={"csrfmiddlewaretoken": token},
    )
    if response is None:
        return None
    match = LOCATION.search(response.headers.get("location", ""))
    if match is None:
        recorder.driver_error("start redirected somewhere unexpected")
        return None
    attempt_url = f"/en/attempts/{match['id']}/"
    match = await first_question(client, recorder, match)
    if match is None:
        return None
    prepared = PreparedAttempt(client, token, [])
    number, total = int(match["n"]), None
    while total is None or number <= total:
        url = f"{attempt_url}{number}/"
        response = await call(client, recorder, "show question", "GET", url)
        if response is None:
            number += 1
            continue
        if total is None:
            counted = QUESTION_OF.search(response.text)
            if counted is None:
                recorder.driver_error("no 'Question n of N' on the question page")
                return None
            total = int(counted[2])
        parsed = parse_answer_form(response.text)
        if parsed is None:
            recorder.driver_error("a fresh attempt's question has no answer form")
        else:
            prepared.questions.append((f"{url}answer/", *parsed))
        number += 1
    return prepared


async def answer_alone(
    attempts: list[PreparedAttempt], recorder: Recorder, deadline: float, seed: int
) -> None:
    """POST answers to the prepared questions in order, back to back, until time is up."""
    rng = random.Random(seed)
    for attempt in attempts:
        headers = {"X-CSRFToken": attempt.token, "HX-Request": "true"}
        form = {"csrfmiddlewaretoken": attempt.token}
        for url, radios, selects in attempt.questions:
            if time.monotonic() >= deadline:
                return
            data = {**form, **pick_answer(radios, selects, rng)}
            if (
                await call(
                    attempt.client, recorder, ALONE_STEP, "POST", url, headers=headers, data=data
                )
                is None
            ):
                await asyncio.sleep(0.05)
    if time.monotonic() < deadline:
        recorder.out_of_questions += 1  # this student stops early: the phase understates


async def run_alone_phase(
    base_url: str,
    students: int,
    attempts_per_student: int,
    questions_per_attempt: int,
    duration: float,
    server_pids: list[int],
    postgres: bool,
) -> tuple[AloneSetup, PhaseResult]:
    """Prepare every student's attempts (untimed), then run phase A2 on them."""
    setup = Recorder()
    clients: list[aiohttp.ClientSession] = []

    async def prepare_student() -> list[PreparedAttempt]:
        prepared = []
        for _ in range(attempts_per_student):
            # A learner has one open attempt per set, so each attempt gets its own learner.
            client = browser(base_url)
            clients.append(client)
            try:
                attempt = await prepare_attempt(client, setup)
            except Exception as error:  # a surprise in the page: count it, go on
                setup.driver_error(f"{type(error).__name__}: {error}")
                attempt = None
            if attempt is not None:
                prepared.append(attempt)
        return prepared

    try:
        started = time.monotonic()
        plans = await asyncio.gather(*(prepare_student() for _ in range(students)))
        errors = Counter[str]()
        for (step, message), count in setup.errors.items():
            errors[f"{step}: {message}"] += count
        prepared = AloneSetup(
            questions_per_attempt=questions_per_attempt,
            attempts_per_student=attempts_per_student,
            attempts=sum(len(plan) for plan in plans),
            questions=sum(len(a.questions) for plan in plans for a in plan),
            elapsed_s=time.monotonic() - started,
            errors=dict(errors),
        )
        print(
            f"  prepared {prepared.attempts} attempts, {prepared.questions} question pages "
            f"read in {prepared.elapsed_s:.1f} s (untimed); {sum(errors.values())} errors"
        )

        def worker(recorder: Recorder, deadline: float, i: int) -> Awaitable[None]:
            return answer_alone(plans[i], recorder, deadline, seed=1000 + i)

        print("Phase A2: answer alone …")
        phase = await run_phase("answer alone", students, duration, server_pids, postgres, worker)
    finally:
        await asyncio.gather(*(client.close() for client in clients))
    return prepared, phase


async def run_phase(
    name: str,
    workers: int,
    duration: float,
    server_pids: list[int],
    postgres: bool,
    make_worker: Callable[[Recorder, float, int], Awaitable[None]],
) -> PhaseResult:
    """Run `workers` concurrent workers for `duration` seconds and summarise what they did."""
    recorder = Recorder()
    server_before = server_cpu_seconds(server_pids)
    machine_before = machine_cpu_seconds()
    database_before = postgres_cpu_seconds() if postgres else None
    driver_before = time.process_time()
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(*(make_worker(recorder, deadline, i) for i in range(workers)))
    elapsed = time.monotonic() - started
    driver_cpu = (time.process_time() - driver_before) / elapsed * 100
    server_after = server_cpu_seconds(server_pids)
    server_cpu = cpu_percent(server_before, server_after, elapsed)
    machine_cpu = cpu_percent(machine_before, machine_cpu_seconds(), elapsed)
    database_cpu = (
        cpu_percent(database_before, postgres_cpu_seconds(), elapsed) if postgres else None
    )
    # What neither gunicorn, the driver nor PostgreSQL used: other processes, kernel work.
    others_cpu = (
        max(machine_cpu - server_cpu - driver_cpu - (database_cpu or 0.0), 0.0)
        if machine_cpu is not None and server_cpu is not None
        else None
    )
    errors = Counter[str]()
    for (step, message), count in recorder.errors.items():
        errors[f"{step}: {message}"] += count
    return PhaseResult(
        name=name,
        workers=workers,
        elapsed_s=elapsed,
        driver_cpu_percent=driver_cpu,
        server_cpu_percent=server_cpu,
        database_cpu_percent=database_cpu,
        machine_cpu_percent=machine_cpu,
        others_cpu_percent=others_cpu,
        steps=summarise(recorder, elapsed),
        errors=dict(errors),
        skipped_answered=recorder.skipped_answered,
        out_of_questions=recorder.out_of_questions,
        server_cpu_s=(
            server_after - server_before
            if server_before is not None and server_after is not None
            else None
        ),
        carried=recorder.carried,
    )


# --- Report --------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    """Format a percentage, or '?' when it could not be measured."""
    return "?" if value is None else f"{value:.0f} %"


@dataclass
class Outcome:
    """What one run measured, ready to print and store."""

    described: str
    target: str
    quiz: PhaseResult
    bare: PhaseResult
    counts_after_quiz: dict[str, int]
    counts_after_bare: dict[str, int]
    alone_setup: AloneSetup | None = None
    alone: PhaseResult | None = None

    @property
    def phases(self) -> list[PhaseResult]:
        return [self.quiz, self.bare] + ([self.alone] if self.alone else [])

    @property
    def loop_acknowledged(self) -> int:
        return self.quiz.ok("answer")

    @property
    def alone_acknowledged(self) -> int:
        return self.alone.ok(ALONE_STEP) if self.alone else 0

    @property
    def acknowledged(self) -> int:
        return self.loop_acknowledged + self.alone_acknowledged

    @property
    def loop_answer_rps(self) -> float:
        return self.loop_acknowledged / self.quiz.elapsed_s

    @property
    def bare_answer_rps(self) -> float:
        return self.bare.ok("bare answer") / self.bare.elapsed_s

    @property
    def ratio(self) -> float:
        """The headline: answers/s of the whole student loop against the bare pair's."""
        return self.loop_answer_rps / self.bare_answer_rps * 100 if self.bare_answer_rps else 0.0

    @property
    def loop_requests_per_answer(self) -> float:
        """Page views and answers of phase A per acknowledged answer (1.0: one request each)."""
        asked = self.quiz.ok("show question") + self.quiz.ok("answer")
        return asked / self.loop_acknowledged if self.loop_acknowledged else 0.0

    @property
    def common_path_requests_per_answer(self) -> float:
        """The same, leaving out each attempt's first question page (one GET per attempt)."""
        asked = self.quiz.ok("show question") - self.quiz.ok("start") + self.quiz.ok("answer")
        return max(asked, 0) / self.loop_acknowledged if self.loop_acknowledged else 0.0

    @staticmethod
    def cpu_ms_per_answer(phase: PhaseResult, answers: int) -> float | None:
        if phase.server_cpu_s is None or not answers:
            return None
        return phase.server_cpu_s / answers * 1000

    @property
    def loop_cpu_ms(self) -> float | None:
        return self.cpu_ms_per_answer(self.quiz, self.loop_acknowledged)

    @property
    def bare_cpu_ms(self) -> float | None:
        return self.cpu_ms_per_answer(self.bare, self.bare.ok("bare answer"))

    @property
    def cpu_ratio(self) -> float | None:
        """The bare pair's CPU per answer over the loop's: the throughput ratio to expect when
        the app servers' CPU is what limits both (it depends less on a busy machine)."""
        if not self.loop_cpu_ms or self.bare_cpu_ms is None:
            return None
        return self.bare_cpu_ms / self.loop_cpu_ms * 100

    @property
    def loop_kind(self) -> str:
        if self.quiz.carried and self.loop_requests_per_answer < 1.5:
            return "one request per answer (the next question comes with the answer)"
        return "page view + answer (the next question is fetched with a GET)"

    def checks(self) -> dict[str, tuple[bool, str]]:
        """Return each pass/fail check with the numbers behind it."""
        setup_errors = sum(self.alone_setup.errors.values()) if self.alone_setup else 0
        errors = setup_errors + sum(sum(phase.errors.values()) for phase in self.phases)
        rows = self.counts_after_bare["answers"]
        duplicates = self.counts_after_bare["duplicate_answer_pairs"]
        checks = {
            "errors == 0": (errors == 0, f"{errors} errors"),
            "answer rows == acknowledged answers": (
                rows == self.acknowledged,
                f"{rows} rows, {self.acknowledged} acknowledged",
            ),
            "no duplicate (attempt, question) answers": (
                duplicates == 0,
                f"{duplicates} duplicate pairs",
            ),
        }
        if self.alone:
            out = self.alone.out_of_questions
            checks["no student ran out of questions in phase A2"] = (
                out == 0,
                f"{out} of {self.alone.workers} students",
            )
        checks[f"student loop / bare pair >= {RATIO_GOAL:g} %"] = (
            self.ratio >= RATIO_GOAL,
            f"{self.ratio:.1f} %",
        )
        checks["<= 1 request per answer on the common path"] = (
            self.common_path_requests_per_answer <= 1.0,
            f"{self.common_path_requests_per_answer:.2f}; "
            f"{self.loop_requests_per_answer:.2f} with each attempt's first page",
        )
        cpu = self.loop_cpu_ms
        checks[f"app server CPU per answer <= {CPU_GOAL_MS:g} ms"] = (
            cpu is not None and cpu <= CPU_GOAL_MS,
            "?" if cpu is None else f"{cpu:.1f} ms",
        )
        return checks


def print_table(phases: list[PhaseResult]) -> None:
    """Print the main steps of every phase, then the quiz phase's other steps."""
    steps = {name: stats for phase in phases for name, stats in phase.steps.items()}
    header = (
        f"{'step':<16}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}"
    )
    print(header)
    print("-" * len(header))

    def row(name: str) -> None:
        s = steps[name]
        print(
            f"{name:<16}{s.requests:>9}{s.rps:>9.1f}{s.p50_ms:>9.1f}{s.p95_ms:>9.1f}"
            f"{s.p99_ms:>9.1f}{s.errors:>8}"
        )

    for name in MAIN_STEPS:
        if name in steps:
            row(name)
    others = [name for name in OTHER_STEPS if name in steps]
    if others:
        print("  other quiz steps:")
        for name in others:
            row(name)


def print_cpu(phase: PhaseResult) -> None:
    """Print who used the CPU during a phase, warning when other processes competed."""
    parts = [
        f"gunicorn {percent(phase.server_cpu_percent)}",
        f"load driver {percent(phase.driver_cpu_percent)}",
    ]
    if phase.database_cpu_percent is not None:
        parts.append(f"PostgreSQL {percent(phase.database_cpu_percent)}")
    parts.append(f"other processes {percent(phase.others_cpu_percent)}")
    print(
        f"phase {phase.name}: {phase.elapsed_s:.1f} s; CPU (100 % = one core): "
        f"{', '.join(parts)}; whole machine {percent(phase.machine_cpu_percent)} "
        f"of {100 * (os.cpu_count() or 1)} %"
    )
    if (phase.others_cpu_percent or 0) > OTHERS_CPU_WARNING:
        print(
            "  WARNING: other processes were busy during this phase; "
            "its numbers understate what the server can do."
        )


def print_report(args: argparse.Namespace, outcome: Outcome) -> None:
    """Print the headline, the table, CPU use, row counts, errors and the checks."""
    print()
    print(
        f"Database: {outcome.described}; {outcome.target}; {args.students} students; "
        f"{args.duration:g} s per phase; {os.cpu_count()} CPUs; load average before: "
        f"{args.load_before}"
    )
    print_table(outcome.phases)
    print()
    for phase in outcome.phases:
        print_cpu(phase)
    counts_quiz, counts_bare = outcome.counts_after_quiz, outcome.counts_after_bare
    print(
        f"phase A: attempts started {counts_quiz['attempts']}, finished "
        f"{counts_quiz['finished_attempts']}; questions found already answered: "
        f"{outcome.quiz.skipped_answered}; answers whose response carried the next question: "
        f"{outcome.quiz.carried}"
    )
    print(
        f"phase B: bare rows {counts_bare['bare_rows']} "
        f"(acknowledged {outcome.bare.ok('bare answer')})"
    )
    setup = outcome.alone_setup
    if setup and outcome.alone:
        print(
            f"phase A2: {setup.attempts} attempts at '{ALONE_SLUG}', {setup.questions} question "
            f"pages read beforehand in {setup.elapsed_s:.1f} s; answer alone "
            f"{outcome.alone_acknowledged / outcome.alone.elapsed_s:.1f}/s"
        )
        for message, count in sorted(setup.errors.items(), key=lambda item: -item[1])[:10]:
            print(f"  error (answer alone setup) × {count}: {message}")
    for phase in outcome.phases:
        for message, count in sorted(phase.errors.items(), key=lambda item: -item[1])[:10]:
            print(f"  error ({phase.name}) × {count}: {message}")
    print()

    def ms(value: float | None) -> str:
        return "?" if value is None else f"{value:.1f} ms"

    print(f"student loop measured: {outcome.loop_kind}")
    print(
        f"HEADLINE answers/s: student loop {outcome.loop_answer_rps:.1f} / bare pair "
        f"{outcome.bare_answer_rps:.1f} = {outcome.ratio:.1f} % (goal >= {RATIO_GOAL:g} %); "
        f"requests per answer {outcome.loop_requests_per_answer:.2f} "
        f"({outcome.common_path_requests_per_answer:.2f} on the common path); app server CPU per "
        f"answer: loop {ms(outcome.loop_cpu_ms)}, bare pair {ms(outcome.bare_cpu_ms)}"
    )
    if outcome.cpu_ratio is not None:
        print(
            f"CPU ratio (bare pair CPU per answer / loop CPU per answer): "
            f"{outcome.cpu_ratio:.1f} % — the headline ratio a CPU-bound quiet machine would show"
        )
    for name, (passed, detail) in outcome.checks().items():
        print(f"{'PASS' if passed else 'FAIL'}  {name}  ({detail})")


def write_json(path: Path, args: argparse.Namespace, outcome: Outcome, log: Path) -> None:
    """Store the whole outcome, with the arguments and the machine, as JSON."""
    result = {
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "arguments": vars(args),
        "database": outcome.described,
        "target": outcome.target,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": args.load_before,
            "load_after": load_average(),
        },
        "phases": [asdict(phase) for phase in outcome.phases],
        "answer_alone_setup": asdict(outcome.alone_setup) if outcome.alone_setup else None,
        "loop": outcome.loop_kind,
        "loop_answer_rps": outcome.loop_answer_rps,
        "bare_pair_answer_rps": outcome.bare_answer_rps,
        "ratio_percent": outcome.ratio,
        "ratio_basis": "student loop answers/s (phase A) / bare pair answers/s (phase B)",
        "ratio_goal_percent": RATIO_GOAL,
        "requests_per_answer": outcome.loop_requests_per_answer,
        "requests_per_answer_common_path": outcome.common_path_requests_per_answer,
        "cpu_ms_per_answer_loop": outcome.loop_cpu_ms,
        "cpu_ms_per_answer_bare_pair": outcome.bare_cpu_ms,
        "cpu_ratio_percent": outcome.cpu_ratio,
        "acknowledged_answers": outcome.acknowledged,
        "counts_after_quiz": outcome.counts_after_quiz,
        "counts_after_bare": outcome.counts_after_bare,
        "checks": {
            name: {"passed": passed, "detail": detail}
            for name, (passed, detail) in outcome.checks().items()
        },
        "server_log": str(log),
    }
    path.write_text(json.dumps(result, indent=2))


def load_average() -> str:
    """Return the machine's 1, 5 and 15 minute load averages, as uptime prints them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --- Main ----------------------------------------------------------------------------------


def alone_attempts_per_student(
    args: argparse.Namespace, quiz: PhaseResult, questions_per_attempt: int
) -> int:
    """How many attempts each student of phase A2 needs so as not to run out of questions.

    Phase A's rate of successful requests (page views and answers) bounds what the server
    does per second; answering alone may be faster, hence the margin.
    """
    if args.alone_attempts:
        return args.alone_attempts
    served = sum(stats.ok for stats in quiz.steps.values()) / quiz.elapsed_s
    per_student = ALONE_MARGIN * served * args.duration / args.students
    wanted = math.ceil(per_student / max(questions_per_attempt, 1))
    return min(max(wanted, 1), ALONE_MAX_ATTEMPTS)


STACK_RUN = RESULTS / "stack"


def start_stack(env: dict[str, str], args: argparse.Namespace, log: Path) -> list[int]:
    """Start deploy/stack.sh (Redis, app servers, nginx) on the bench database; return the
    gunicorn masters' pids."""
    stack_env = {
        **env,
        "STACK_PORT": str(args.stack_port),
        "STACK_APPS": str(args.apps),
        "STACK_WORKERS": str(args.workers),
        "STACK_RUN": str(STACK_RUN),
        "STACK_FRESH": "1",  # the bench has just built the database
    }
    with log.open("w") as out:
        done = subprocess.run(
            ["bash", "deploy/stack.sh", "start"],
            cwd=ROOT,
            env=stack_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise SetupError(f"deploy/stack.sh start failed:\n{log.read_text()}")
    return [int((STACK_RUN / f"gunicorn-{i}.pid").read_text()) for i in range(1, args.apps + 1)]


def stop_stack(env: dict[str, str], args: argparse.Namespace) -> None:
    stack_env = {
        **env,
        "STACK_PORT": str(args.stack_port),
        "STACK_APPS": str(args.apps),
        "STACK_RUN": str(STACK_RUN),
    }
    subprocess.run(["bash", "deploy/stack.sh", "stop"], cwd=ROOT, env=stack_env, check=False)


def measure(args: argparse.Namespace, env: dict[str, str], log: Path) -> Outcome:
    """Prepare the database, serve it, run the phases; always stop the servers."""
    described = prepare_database(args.database, env)
    postgres = args.database == "postgres"
    server = None
    if args.stack:
        base_url = f"http://127.0.0.1:{args.stack_port}"
        target = f"nginx → {args.apps} app servers × {args.workers} sync workers, Redis cache"
    else:
        port = args.port or free_port()
        base_url = f"http://127.0.0.1:{port}"
        target = f"gunicorn {args.workers} workers × {args.threads} threads, local cache"
    try:
        if args.stack:
            pids = start_stack(env, args, log)
            wait_until_ready(base_url, None, log)
        else:
            server = start_server(env, port, args.workers, log, args.threads)
            pids = [server.pid]
            wait_until_ready(base_url, server, log)
        print(
            f"serving on {base_url}: {target}; {args.students} students, "
            f"{args.duration:g} s per phase"
        )

        def student(recorder: Recorder, deadline: float, i: int) -> Awaitable[None]:
            return QuizStudent(base_url, recorder, deadline, seed=i).run()

        def bare(recorder: Recorder, deadline: float, i: int) -> Awaitable[None]:
            return bare_pair_worker(base_url, recorder, deadline, seed=500 + i)

        print("Phase A: student loop …")
        quiz = asyncio.run(
            run_phase("quiz", args.students, args.duration, pids, postgres, student)
        )
        counts_after_quiz = row_counts(env)
        print("Phase B: bare pair …")
        bare_phase = asyncio.run(
            run_phase("bare pair", args.students, args.duration, pids, postgres, bare)
        )
        counts_after_bare = row_counts(env)
        outcome = Outcome(
            described, target, quiz, bare_phase, counts_after_quiz, counts_after_bare
        )
        if args.alone:
            print("Phase A2 setup (untimed) …")
            quiz_set = json.loads(manage(env, "bench_quiz_set").strip().splitlines()[-1])
            questions = quiz_set["questions"]
            attempts = alone_attempts_per_student(args, quiz, questions)
            outcome.alone_setup, outcome.alone = asyncio.run(
                run_alone_phase(
                    base_url, args.students, attempts, questions, args.duration, pids, postgres
                )
            )
            outcome.counts_after_bare = row_counts(env)
    finally:
        if server is not None:
            stop_server(server)
        if args.stack:
            stop_stack(env, args)
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 if every check passed, 1 if one failed, 2 on setup errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--students", type=int, default=8, help="concurrent students (A, A2) and bare clients (B)"
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (more than 1: gthread)"
    )
    parser.add_argument(
        "--stack",
        action="store_true",
        help="serve with deploy/stack.sh: nginx in front of --apps app servers, and Redis",
    )
    parser.add_argument("--apps", type=int, default=2, help="app servers behind nginx (--stack)")
    parser.add_argument("--stack-port", type=int, default=8100, help="nginx's port (--stack)")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument("--alone", action="store_true", help="also run phase A2, answer alone")
    parser.add_argument(
        "--alone-attempts",
        type=int,
        default=0,
        help="attempts prepared per student for phase A2 (default: from phase A's rate)",
    )
    args = parser.parse_args(argv)
    args.load_before = load_average()

    if args.database == "sqlite":
        database_url = f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    else:
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")):
            print(
                "--database postgres needs DATABASE_URL=postgres://user:password@host:port/db "
                "in the environment, e.g. "
                "postgres://baltic_ci:baltic_ci@127.0.0.1:5432/baltic_bench",
                file=sys.stderr,
            )
            return 2
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log = RESULTS / f"{args.database}-{stamp}-gunicorn.log"
    # Stop cleanly (gunicorn included) when asked to terminate, as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        outcome = measure(args, env, log)
    except SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130

    print_report(args, outcome)
    result_path = RESULTS / f"{args.database}-{stamp}.json"
    write_json(result_path, args, outcome, log)
    print(f"Results: {result_path.relative_to(ROOT)}")
    print(f"gunicorn log: {log.relative_to(ROOT)}")
    return 0 if all(passed for passed, _ in outcome.checks().values()) else 1


if __name__ == "__main__":
    sys.exit(main())
