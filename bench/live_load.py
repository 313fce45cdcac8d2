"""Load test of live lessons: simulated phones following one or more sessions over HTTP.

Run from the project root against a database that `make db` has filled (PostgreSQL is the
one meant for a classroom of phones):

    DATABASE_URL=postgres://… .venv/bin/python bench/live_load.py \
        [--sessions 1] [--students 200] [--questions 3] [--port 8201] [--workers 3] \
        [--transport poll|sse] [--stack NGINX_PORT]

It starts gunicorn on 127.0.0.1 (with `--transport sse` also a Redis server and uvicorn for
the event streams; with `--stack` it uses the servers `deploy/stack.sh start` runs instead,
through nginx), opens the sessions (as a teacher would from the start page), lets every
simulated student join over HTTP with a name, then, per question, has each session's teacher
press "Next" and measures how long until each phone has the question: by its 1-second poll,
by the stage its event stream carries (a new question comes in the event, no request), or
by fetching its stage when its event stream says only that the session changed. Every student
answers once and then sends the same answer again (a double tap); after "Reveal" one more
answer is sent and must be refused. The reveal comes in the event too, a stage per answer
given: a phone shows the one for the answer its stage says it gave, or fetches when there is
none for it (counted: a reveal seen by event or by fetch). It prints the latency after "Next"
until the last student sees the question (p50/p95/max), checks that every answer is stored
exactly once, and reports the servers' CPU time and memory, the PostgreSQL connections each
server held at their peak, and how often the servers' logs say that PostgreSQL or Redis could
not be reached. It stops by itself: the number of requests is bounded by students × questions
× polls (or events).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "live-load-password"
POLL_SECONDS = 1.0
JOIN_SECONDS = 8.0
SEEN_TIMEOUT = 15.0  # a phone that has not seen a question by then counts as failed
BUSY_JITTER = random.Random(0)  # when a phone tries again after "busy"
APP_NAME = "live_load"
# What the servers' logs say when PostgreSQL or Redis could not be reached, counted at the end.
LOG_TROUBLE = {
    "PostgreSQL out of connections": "too many clients",
    "database pool timeouts": "PoolTimeout",
    "Redis connect timeouts": "Timeout connecting to server",
    "streams that lost Redis": "lost Redis",
}


def django_env(args, server: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY", "live-load-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1",
    )
    if server:
        # libpq names the server's PostgreSQL connections after it (pg_stat_activity).
        env["PGAPPNAME"] = f"{APP_NAME} {server}"
    return env


def prepare(args) -> list[str]:
    """Make a teacher and open the sessions; return their join codes (setup, not measured)."""
    import django

    os.environ.update(django_env(args))
    django.setup()
    from django.contrib.auth import get_user_model

    from live.services import live_session_start
    from quizzes.models import QuizSet

    user, _ = get_user_model().objects.get_or_create(
        username="live-load-teacher", defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(PASSWORD)
    user.save()
    quiz_set = QuizSet.objects.get(slug=args.quiz_set)
    return [
        live_session_start(teacher=user, quiz_set=quiz_set, allow_change=False).code
        for _ in range(args.sessions)
    ]


def stored_counts(codes: list[str]) -> dict[str, int]:
    from django.db.models import Count

    from live.models import LiveAnswer

    rows = (
        LiveAnswer.objects.filter(item__session__code__in=codes)
        .values("participant_id", "item_id")
        .annotate(n=Count("id"))
    )
    counts = [r["n"] for r in rows]
    return {"pairs": len(counts), "rows": sum(counts), "duplicates": sum(n - 1 for n in counts)}


def proc_tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *map(int, children)]


def cpu_seconds(pid: int) -> float:
    total = 0
    for each in proc_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def name_of(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    return Path(command[0].decode()).name + ("" if len(command) < 2 else f" {pid}")


def _status_total(pid: int, field: str) -> int:
    """A /proc status field (a count, or kB) summed over a process and its children."""
    total = 0
    for each in proc_tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        match = re.search(rf"{field}:\s+(\d+)", status)
        total += int(match[1]) if match else 0
    return total


def threads(pid: int) -> int:
    return _status_total(pid, "Threads")


def rss_mib(pid: int) -> float:
    return _status_total(pid, "VmRSS") / 1024


def start_redis(args, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *("redis-server", "--port", str(args.redis_port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
        ],
        cwd=log.parent,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_uvicorn(args, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "uvicorn"),
        "baltic_quiz.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.events_port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=django_env(args, "uvicorn"),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stack_pids(run_dir: Path) -> list[int]:
    """The processes deploy/stack.sh started: app servers, event servers, Redis, nginx."""
    pids = []
    for file in sorted(run_dir.glob("*.pid")):
        try:
            pids.append(int(file.read_text().strip()))
        except (OSError, ValueError):
            continue
    return pids


def start_gunicorn(args, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "baltic_quiz.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        # Phones poll every second and the teacher waits between presses: keep connections.
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=django_env(args, "gunicorn"),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class Connections:
    """The PostgreSQL connections open while the bench runs, at their peak.

    Each server started here names its connections (PGAPPNAME); the whole server's count is
    there too, since max_connections is shared by every database on it.
    """

    def __init__(self):
        import psycopg

        self.connection = psycopg.connect(
            os.environ["DATABASE_URL"], autocommit=True, application_name=f"{APP_NAME} probe"
        )
        self.limit = int(self.connection.execute("SHOW max_connections").fetchone()[0])
        self.peak: dict[str, int] = {}

    def sample(self) -> None:
        rows = self.connection.execute(
            "SELECT CASE WHEN datname = current_database() THEN application_name END, count(*)"
            " FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1"
        ).fetchall()
        counts = {name: n for name, n in rows if name and name.startswith(APP_NAME)}
        counts["whole server"] = sum(n for _name, n in rows)
        for name, n in counts.items():
            self.peak[name] = max(self.peak.get(name, 0), n)

    def report(self) -> str:
        ours = ", ".join(
            f"{name.removeprefix(APP_NAME).strip()} {n}"
            for name, n in sorted(self.peak.items())
            if name.startswith(APP_NAME)
        )
        return (
            f"PostgreSQL connections at their peak: {ours or 'none named'}; the whole server"
            f" {self.peak.get('whole server', 0)} (max_connections {self.limit}, shared with"
            " whatever else runs)"
        )


def log_trouble(logs: list[Path]) -> str:
    found = dict.fromkeys(LOG_TROUBLE, 0)
    for log in logs:
        try:
            text = log.read_text(errors="replace")
        except OSError:
            continue
        for what, needle in LOG_TROUBLE.items():
            found[what] += text.count(needle)
    return ", ".join(f"{what} {n}" for what, n in found.items())


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(120):
            try:
                if (await client.get(f"{base}/en/live/")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def csrf_field(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


class Room:
    """What a session's phones and its teacher share: when each question was shown."""

    def __init__(self, code: str, size: int):
        self.code = code
        self.size = size
        self.next_sent: dict[int, float] = {}
        self.next_took: list[float] = []  # the teacher's "Next" request, until it answered
        self.seen: dict[int, list[float]] = {}
        self.seen_by = {"event": 0, "fetch": 0}  # how the phones got each new question
        self.reveal_seen_by = {"event": 0, "fetch": 0}  # and each reveal
        self.revealed: set[int] = set()
        self.ready = 0  # phones that show their first stage
        self.ended = False


class Stats:
    def __init__(self):
        self.statuses: dict[str, dict[int, int]] = {}
        self.polls = 0
        self.events = 0  # stream messages that made a phone fetch its stage
        self.stages = 0  # stages that came in the stream itself and were shown (no fetch)
        self.dropped = 0  # fetched stages dropped: a pushed stage had replaced the old one
        self.reveal_fetches = 0  # reveals in the stream with no stage for the phone's answer
        self.sizes: dict[str, list[int]] = {"stage": [], "reveal": []}  # bytes per event
        self.unchanged = 0
        self.errors = 0
        self.busy = 0  # 503 "busy" from nginx's admission control, tried again as a phone does
        self.acknowledged = 0  # answers the server took (200), one per student and question

    def count(self, what: str, status: int) -> None:
        bucket = self.statuses.setdefault(what, {})
        bucket[status] = bucket.get(status, 0) + 1


async def retried(stats: Stats, send, attempts: int = 5):
    """Send a request, again after a transport error (a refused or reset connection).

    Through nginx (`--stack`), a full site answers 503 "busy" with `Retry-After`: the phone
    waits that long (spread a little, as people do) and tries again, as its page tells it to.
    """
    for attempt in range(attempts):
        try:
            response = await send()
        except httpx.TransportError:
            stats.errors += 1
            await asyncio.sleep(0.2 * (attempt + 1))
            continue
        if response.status_code != 503 or "retry-after" not in response.headers:
            return response
        stats.busy += 1
        await asyncio.sleep(float(response.headers["retry-after"]) * (0.5 + BUSY_JITTER.random()))
    return await send()


class Phone:
    """What one phone shows: the session's version and the question on screen."""

    def __init__(self, room: Room):
        self.room = room
        self.version = ""
        self.position = 0
        self.answered: set[int] = set()
        self.pending: list[asyncio.Task] = []
        self.open = True
        # As in the browser: a pushed stage replaces the element a fetch in flight came from,
        # so that fetch's answer is dropped (a stale stage never covers a newer one).
        self.generation = 0
        self.wanted = ""  # the latest version a stream message announced
        self.fetching: asyncio.Task | None = None
        # What the stage shown says (as live.js reads it): its question and this phone's answer.
        self.question = ""
        self.key = ""
        self.sending = 0  # answers posted and not yet answered
        self.held = ""  # a reveal's event that came meanwhile, shown once the answer is back
        self.revealed: set[str] = set()

    def note(self, body: str) -> None:
        """Read the question and answer key of a stage shown (fetched, pushed or posted)."""
        question = re.search(r'data-question="(\d+)" data-answer="([^"]*)"', body)
        self.question, self.key = (question[1], question[2]) if question else ("", "")

    def show(self, body: str, client, headers, stats: Stats, rng, by: str = "fetch") -> None:
        if not self.version:
            self.room.ready += 1
        self.version = re.search(r'data-version="(\d+)"', body)[1]
        self.open = "hx-get=" in body  # an ended lesson's stage no longer asks for more
        self.note(body)
        if 'class="live-verdict' in body and self.question not in self.revealed:
            self.revealed.add(self.question)
            self.room.reveal_seen_by[by] += 1
        shown = re.search(r'name="position" value="(\d+)"', body)
        if shown and int(shown[1]) != self.position:
            self.position = int(shown[1])
            self.room.seen.setdefault(self.position, []).append(time.monotonic())
            self.room.seen_by[by] += 1
        if shown and self.position not in self.answered:
            self.answered.add(self.position)
            order = len(re.findall(r'name="rank-\d+"', body))
            self.pending.append(
                asyncio.create_task(
                    answer(client, self, self.position, headers, stats, rng, order)
                )
            )


async def fetch_stage(client, phone: Phone, headers, stats: Stats, rng):
    room = phone.room
    generation = phone.generation
    response = await client.get(
        f"/en/live/{room.code}/state/", params={"v": phone.version}, headers=headers
    )
    if response.status_code == 503 and "retry-after" in response.headers:
        return response  # busy: `retried` waits and asks again
    stats.polls += 1
    if response.status_code == 204:
        stats.unchanged += 1
    elif response.status_code == 200:
        if phone.generation == generation:
            phone.show(response.text, client, headers, stats, rng)
        else:
            stats.dropped += 1
    else:
        stats.count("poll", response.status_code)
    return response


async def fetch_wanted(client, phone: Phone, headers, stats: Stats, rng) -> None:
    """Fetch the stage until it shows the version the stream announced last."""
    for _attempt in range(3):  # a refused fetch is counted, not repeated for ever
        if not phone.wanted or int(phone.wanted) <= int(phone.version or 0):
            return
        await retried(stats, lambda: fetch_stage(client, phone, headers, stats, rng))


async def follow_stream(events: str, client, phone: Phone, headers, stats: Stats, rng) -> None:
    """Listen to the session's event stream, as static/live/live.js does.

    A "stage" event (a new question) is shown at once if it is newer than the stage shown;
    a version newer than the one shown makes the phone fetch its stage, without holding up
    the stream meanwhile (a browser goes on hearing events while it fetches).
    """
    room = phone.room

    async def listen() -> None:
        while True:
            try:
                async with client.stream(
                    "GET", f"{events}/en/live/{room.code}/events/", timeout=None
                ) as stream:
                    stats.count("stream", stream.status_code)
                    name, data = "message", []
                    async for line in stream.aiter_lines():
                        if line.startswith("event:"):
                            name = line[len("event:") :].strip()
                        elif line.startswith("data:"):
                            data.append(line[len("data:") :].removeprefix(" "))
                        elif not line and data:
                            on_event(name, "\n".join(data), client, phone, headers, stats, rng)
                            name, data = "message", []
            except httpx.TransportError:
                stats.errors += 1
                await asyncio.sleep(1.0)

    listener = asyncio.create_task(listen())
    while phone.open and not room.ended:
        await asyncio.sleep(0.5)
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener
    if phone.fetching:
        await phone.fetching


def on_event(name: str, data: str, client, phone: Phone, headers, stats, rng) -> None:
    if name == "stage":
        stats.sizes["stage"].append(len(data.encode()))
        version, html = data.split("\n", 1)
        if int(version) > int(phone.version or 0):
            stats.stages += 1
            phone.generation += 1
            phone.show(html, client, headers, stats, rng, by="event")
    elif name == "reveal":
        stats.sizes["reveal"].append(len(data.encode()))
        if phone.sending:
            # As live.js: which answer it gave is known once the answer's stage is back.
            phone.held = data
            return
        reveal(data, client, phone, headers, stats, rng)
    elif data.startswith("v:") and data[2:] != phone.version:
        stats.events += 1
        want(data[2:], client, phone, headers, stats, rng)


def reveal(data: str, client, phone: Phone, headers, stats, rng) -> None:
    """Show the stage for the phone's own answer from a reveal's event, or fetch."""
    revealed = json.loads(data)
    if int(revealed["v"]) > int(phone.version or 0):
        sure = phone.question == str(revealed["q"]) and phone.key
        html = None
        if sure:
            html = revealed["stages"].get(phone.key) or wrong_order(
                revealed.get("order"), phone.key
            )
        if html is None:
            # Not sure which is its own: it fetches, as live.js does.
            stats.reveal_fetches += 1
            want(str(revealed["v"]), client, phone, headers, stats, rng)
        else:
            stats.stages += 1
            phone.generation += 1
            phone.show(html, client, headers, stats, rng, by="event")


def wrong_order(order: dict | None, key: str) -> str | None:
    """A wrong order's stage put together from the event's parts, as live.js does."""
    if not order or not key.startswith("o:") or key == order["right"]:
        return None
    ids = key[2:].split("-")
    if sorted(ids) != sorted(order["items"]):
        return None
    head, middle, end = order["parts"]
    return head + key + middle + "".join(order["items"][i] for i in ids) + end


def want(version: str, client, phone: Phone, headers, stats, rng) -> None:
    phone.wanted = version
    if phone.fetching is None or phone.fetching.done():
        phone.fetching = asyncio.create_task(fetch_wanted(client, phone, headers, stats, rng))


async def student(
    base: str, room: Room, n: int, stats: Stats, rng: random.Random, events: str | None
) -> None:
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=4)
    ) as client:
        # A class joins over several seconds, not in one instant.
        await asyncio.sleep(rng.random() * JOIN_SECONDS)
        page = await retried(stats, lambda: client.get(f"/en/live/?code={room.code}"))
        joined = await retried(
            stats,
            lambda: client.post(
                "/en/live/",
                data={
                    "csrfmiddlewaretoken": csrf_field(page.text),
                    "code": room.code,
                    "display_name": f"Student {n:03d}",
                },
            ),
        )
        stats.count("join", joined.status_code)
        headers = {"HX-Request": "true", "X-CSRFToken": client.cookies.get("csrftoken", "")}
        phone = Phone(room)
        if events:
            await follow_stream(events, client, phone, headers, stats, rng)
        else:
            await asyncio.sleep(rng.random() * POLL_SECONDS)  # phones poll out of step
        while not events and not room.ended:
            started = time.monotonic()
            try:
                await fetch_stage(client, phone, headers, stats, rng)
            except httpx.TransportError:
                stats.errors += 1
                await asyncio.sleep(POLL_SECONDS)
                continue
            await asyncio.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - started)))
        await asyncio.gather(*phone.pending)


async def answer(client, phone: Phone, position: int, headers, stats: Stats, rng, order=0) -> None:
    """Think, answer, tap again at once; after the reveal, try once more (refused).

    The stage the answer gets back says which answer the phone gave (it is swapped in, as
    HTMX does), so that the phone can pick its own stage of the reveal.
    """
    room = phone.room
    await asyncio.sleep(0.3 + rng.random() * 2.0)
    data = {"position": position, "choice": rng.randrange(3)}
    if order:
        # An ordering question: a place for each event, each place once.
        places = rng.sample(range(1, order + 1), order)
        data = {"position": position, **{f"rank-{i}": p for i, p in enumerate(places)}}
    url = f"/en/live/{room.code}/answer/"
    phone.sending += 1
    try:
        first, again = await asyncio.gather(
            retried(stats, lambda: client.post(url, data=data, headers=headers)),
            retried(stats, lambda: client.post(url, data=data, headers=headers)),
        )
    finally:
        phone.sending -= 1
    for response in (first, again):
        if response.status_code == 200:
            phone.note(response.text)
    if phone.held and not phone.sending:
        held, phone.held = phone.held, ""
        reveal(held, client, phone, headers, stats, rng)
    stats.count("answer", first.status_code)
    stats.count("answer again", again.status_code)
    if 200 in (first.status_code, again.status_code):
        stats.acknowledged += 1
    while position not in room.revealed and not room.ended:
        await asyncio.sleep(0.2)
    late = await retried(stats, lambda: client.post(url, data=data, headers=headers))
    stats.count("after reveal", late.status_code)


async def teacher(base: str, room: Room, questions: int, stats: Stats, discuss: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        login = await client.get("/admin/login/")
        await client.post(
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": csrf_field(login.text),
                "username": "live-load-teacher",
                "password": PASSWORD,
            },
        )
        headers = {"X-CSRFToken": client.cookies.get("csrftoken", "")}
        # Let everyone join first.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page = await client.get(f"/en/teach/live/{room.code}/")
            if f"{room.size} students joined" in page.text:
                break
            await asyncio.sleep(1)
        # And every phone show the lobby (its stream open and its first stage fetched), as a
        # teacher waits for the room: "Next" is measured, not the phones' arrival.
        while room.ready < room.size and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        for position in range(1, questions + 1):
            room.next_sent[position] = time.monotonic()
            moved = await client.post(f"/en/teach/live/{room.code}/next/", headers=headers)
            room.next_took.append(time.monotonic() - room.next_sent[position])
            stats.count("next", moved.status_code)
            limit = time.monotonic() + SEEN_TIMEOUT
            while len(room.seen.get(position, [])) < room.size and time.monotonic() < limit:
                await asyncio.sleep(0.1)
            await asyncio.sleep(3.0)  # the answers come in
            shown = await client.post(f"/en/teach/live/{room.code}/reveal/", headers=headers)
            stats.count("reveal", shown.status_code)
            room.revealed.add(position)
            await asyncio.sleep(discuss)  # the room looks at the answer
        ended = await client.post(f"/en/teach/live/{room.code}/end/", headers=headers)
        stats.count("end", ended.status_code)
        await asyncio.sleep(1.0)
        room.ended = True


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(args, codes: list[str]) -> None:
    base = f"http://127.0.0.1:{args.stack or args.port}"
    events = None
    if args.transport == "sse":
        events = base if args.stack else f"http://127.0.0.1:{args.events_port}"
    await wait_ready(base)
    rooms = [Room(code, args.students) for code in codes]
    stats = Stats()
    rng = random.Random(args.seed)
    pids = args.server_pids
    each_before = [cpu_seconds(pid) for pid in pids]
    cpu_before, wall_before = sum(each_before), time.monotonic()
    client_before = time.process_time()
    rss_peak = 0.0
    threads_peak = dict.fromkeys(pids, 0)
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    connections = Connections() if postgres else None

    async def sample_memory():
        nonlocal rss_peak
        while not all(r.ended for r in rooms):
            rss_peak = max(rss_peak, sum(map(rss_mib, pids)))
            for pid in pids:
                threads_peak[pid] = max(threads_peak[pid], threads(pid))
            await asyncio.sleep(0.5)

    async def sample_connections():
        # Often: a rush of streams opens and closes its connections within a second.
        while connections and not all(r.ended for r in rooms):
            await asyncio.to_thread(connections.sample)
            await asyncio.sleep(0.1)

    tasks = [
        student(base, room, n, stats, random.Random(rng.random()), events)
        for room in rooms
        for n in range(args.students)
    ]
    tasks += [teacher(base, room, args.questions, stats, args.discuss) for room in rooms]
    await asyncio.gather(sample_memory(), sample_connections(), *tasks)
    each = [cpu_seconds(pid) - before for pid, before in zip(pids, each_before, strict=True)]
    cpu = sum(map(cpu_seconds, pids)) - cpu_before
    client_cpu = time.process_time() - client_before
    wall = time.monotonic() - wall_before

    last, every = [], []
    for room in rooms:
        for position, sent in room.next_sent.items():
            seen = [t - sent for t in room.seen.get(position, [])]
            every += seen
            missing = room.size - len(seen)
            last.append(max(seen) if not missing else float("inf"))
    counts = await asyncio.to_thread(stored_counts, codes)
    expected_pairs = stats.acknowledged
    print(f"sessions {len(rooms)} × students {args.students} × questions {args.questions}")
    if args.stack:
        print(
            f"deploy/stack.sh through nginx on 127.0.0.1:{args.stack}, transport {args.transport}"
        )
    else:
        print(
            f"gunicorn: {args.workers} workers × {args.threads} threads on 127.0.0.1:{args.port}"
            + (
                f"; uvicorn events on {args.events_port}, Redis on {args.redis_port}"
                if events
                else ""
            )
        )
    print(
        f"after Next, last phone of the room sees the question: "
        f"p50 {percentile(last, 50):.2f} s, p95 {percentile(last, 95):.2f} s, "
        f"max {max(last):.2f} s  ({len(last)} Next presses)"
    )
    took = [t for room in rooms for t in room.next_took]
    print(
        f"the teacher's Next request itself (queued behind the last reveal's fetches, if any): "
        f"p50 {percentile(took, 50):.2f} s, max {max(took):.2f} s; per press, last phone: "
        + ", ".join(f"{t:.2f}" for t in last)
    )
    print(
        f"after Next, each phone sees it: p50 {percentile(every, 50):.2f} s, "
        f"p95 {percentile(every, 95):.2f} s, max {max(every):.2f} s  ({len(every)} phones)"
    )
    by_event = sum(r.seen_by["event"] for r in rooms)
    by_fetch = sum(r.seen_by["fetch"] for r in rooms)
    print(
        f"new questions seen by the stage in the event {by_event}, by a fetch {by_fetch}"
        f" (stages shown from events {stats.stages}, fetched stages dropped {stats.dropped})"
    )
    reveal_event = sum(r.reveal_seen_by["event"] for r in rooms)
    reveal_fetch = sum(r.reveal_seen_by["fetch"] for r in rooms)
    print(
        f"reveals seen by the stages in the event {reveal_event}, by a fetch {reveal_fetch}"
        f" (reveal events with no stage for the phone's answer {stats.reveal_fetches})"
    )
    for kind, sizes in stats.sizes.items():
        if sizes:
            print(
                f"'{kind}' events: {len(sizes)}, bytes per phone mean "
                f"{sum(sizes) / len(sizes):.0f}, max {max(sizes)}"
            )
    print(
        f"stage fetches {stats.polls} ({stats.polls / wall:.0f}/s), unchanged (204) "
        f"{stats.unchanged}, asked for by an event {stats.events}, transport errors "
        f"{stats.errors}, busy (503) and tried again {stats.busy}"
    )
    print(f"responses: {stats.statuses}")
    print(
        f"answers stored: {counts['rows']} rows for {counts['pairs']} student-questions "
        f"(acknowledged {expected_pairs}; later ones came after the reveal, refused), "
        f"duplicates {counts['duplicates']}"
    )
    print(
        f"server CPU {cpu:.1f} s over {wall:.1f} s wall = {100 * cpu / wall:.0f} % of one core; "
        f"peak RSS {rss_peak:.0f} MiB (every server process measured)"
    )
    print(
        "server CPU per process (and its workers): "
        + ", ".join(f"{name_of(pid)} {t:.1f} s" for pid, t in zip(pids, each, strict=True))
    )
    requests = stats.polls + sum(sum(b.values()) for b in stats.statuses.values())
    print(
        f"server CPU per request {1000 * cpu / requests:.1f} ms over {requests} requests: "
        f"one free core would serve about {requests / cpu:.0f} of them a second"
    )
    print(f"load generator CPU {client_cpu:.1f} s ({100 * client_cpu / wall:.0f} % of one core)")
    print(
        "server threads at their peak: "
        + ", ".join(f"{name_of(pid)} {n}" for pid, n in threads_peak.items())
    )
    if connections:
        print(connections.report())
    print(f"the servers' logs: {log_trouble(args.server_logs)}")
    print(
        f"machine load average before {args.load_before:.1f}, at the end {os.getloadavg()[0]:.1f}"
    )
    ok = counts["duplicates"] == 0 and counts["pairs"] == expected_pairs and max(last) < 60
    print("OK" if ok else "PROBLEM: see above")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--students", type=int, default=200, help="per session")
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--quiz-set", default="everything")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--discuss", type=float, default=1.5, help="seconds from a reveal to the next Next"
    )
    parser.add_argument("--transport", choices=["poll", "sse"], default="poll")
    parser.add_argument("--redis-port", type=int, default=6400)
    parser.add_argument("--events-port", type=int, default=8202)
    parser.add_argument(
        "--stack",
        type=int,
        help="nginx port of a running deploy/stack.sh (started with "
        "DJANGO_SETTINGS_MODULE=bench.settings); nothing else is started",
    )
    parser.add_argument("--stack-run", default=str(ROOT / "deploy" / "run"))
    args = parser.parse_args()
    # Another benchmark on the same machine shows here (it is noted with the figures).
    args.load_before = os.getloadavg()[0]
    if not os.environ.get("DATABASE_URL"):
        print("note: no DATABASE_URL, so SQLite; a classroom of phones wants PostgreSQL")
    logs = ROOT / "artifacts"
    logs.mkdir(exist_ok=True)
    servers: list[subprocess.Popen] = []
    # The servers run in sessions of their own (a Ctrl-C does not reach them): stopped by the
    # `finally` below, also when this process is told to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.server_logs = []
    try:
        if args.transport == "sse" and not args.stack:
            os.environ["REDIS_URL"] = f"redis://127.0.0.1:{args.redis_port}/0"
            servers.append(start_redis(args, logs / "live_load_redis.log"))
        codes = prepare(args)
        if args.stack:
            args.server_pids = stack_pids(Path(args.stack_run))
            args.server_logs = sorted(Path(args.stack_run).glob("*.log"))
        else:
            for name, start in [("gunicorn", start_gunicorn), ("uvicorn", start_uvicorn)]:
                if name == "gunicorn" or args.transport == "sse":
                    args.server_logs.append(logs / f"live_load_{name}.log")
                    servers.append(start(args, args.server_logs[-1]))
            args.server_pids = [server.pid for server in servers]
        asyncio.run(run(args, codes))
    finally:
        for server in reversed(servers):
            stop(server)


def stop(server: subprocess.Popen) -> None:
    """Stop a server and everything it started, for sure."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        # uvicorn waits for its open streams: stop it, and still stop the others.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=20)
    # A worker left behind by its master (killed first) is in the same process group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
