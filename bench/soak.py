"""Soak: a whole school's worth of students at once, through nginx and two app servers.

Run from the project root (see bench/README.md):

    DATABASE_URL=postgres://dev:dev@127.0.0.1:5432/baltic_bench .venv/bin/python bench/soak.py

An open-loop run: each simulated student (1,000 by default, each with its own cookies) joins
at a random moment of the first --ramp seconds (30), starts an attempt, and then answers one
question every --interval seconds on average (exponential gaps, scheduled in advance, so a
slow server does not slow the offered load down), with a page view half-way between two
answers: the next question's page, or, when the answer's response already carried the next
question, one of the read-only history pages. After the last question it hands in and starts
again; after a failed request it tries again a little later. It stops by itself after
--duration seconds (5 minutes at most), waits for the requests in flight, counts the answers
in the database and reports latency percentiles, errors and whether every acknowledged answer
was stored exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    HTTP_ERRORS,
    LOCATION,
    QUESTION_OF,
    RESULTS,
    ROOT,
    SETTINGS,
    SetupError,
    browser,
    cookie,
    load_average,
    machine_cpu_seconds,
    parse_answer_form,
    percentile,
    pick_answer,
    prepare_database,
    row_counts,
    send,
    server_cpu_seconds,
)

MAX_DURATION = 300.0
QUIZ_SLUG = "everything"
READ_ONLY_PAGES = [
    "/en/timeline/",
    "/en/map/",
    "/lv/timeline/",
    "/lv/map/",
    "/en/events/baltic-entente-treaty/",
]
P95_GOAL_MS, P99_GOAL_MS = 100.0, 250.0


class TimeUp(Exception):
    """The soak's time is up: the student sends nothing more."""


class Soak:
    """Every request's step, status and latency, and the answers acknowledged."""

    def __init__(self, base_url: str, deadline: float, interval: float) -> None:
        self.base_url = base_url
        self.deadline = deadline
        self.interval = interval
        self.latencies: dict[str, list[float]] = {}
        self.errors: Counter[str] = Counter()
        # Counted per (attempt, question): a question answered again (a resumed attempt that
        # lands on its last question) is one row, however often it was acknowledged.
        self.acknowledged_pairs: set[tuple[str, int]] = set()
        self.failed_pairs: set[tuple[str, int]] = set()  # failed or timed out: stored or not
        self.sending_pairs: set[tuple[str, int]] = set()
        self.carried = 0
        self.late = 0  # actions that started more than a second after their schedule
        self.in_flight = 0  # requests sent and not yet answered

    @property
    def acknowledged(self) -> int:
        return len(self.acknowledged_pairs)

    @property
    def unacknowledged(self) -> int:
        """Answers that may or may not be stored: their request failed, none acknowledged."""
        return len((self.failed_pairs | self.sending_pairs) - self.acknowledged_pairs)

    async def call(self, client, step, method, url, expected, **kwargs):
        # No request starts after the end, not even the next step of an attempt under way.
        if time.monotonic() >= self.deadline:
            raise TimeUp
        started = time.perf_counter()
        self.in_flight += 1
        try:
            response = await send(client, method, url, **kwargs)
        except HTTP_ERRORS as error:
            self.errors[f"{step}: {type(error).__name__}"] += 1
            return None
        finally:
            # Still counted when the request is abandoned at the end (cancelled).
            self.in_flight -= 1
        self.latencies.setdefault(step, []).append(time.perf_counter() - started)
        if response.status_code != expected:
            self.errors[f"{step}: HTTP {response.status_code}"] += 1
            return None
        return response

    async def at(self, when: float) -> bool:
        """Sleep until `when` (monotonic); False once the soak's time is up."""
        now = time.monotonic()
        if when >= self.deadline:
            return False
        if when > now:
            await asyncio.sleep(when - now)
        elif now - when > 1.0:
            self.late += 1
        return True

    async def student(self, seed: int, join_at: float) -> None:
        """One student's whole soak: attempts one after the other until time is up.

        A failed request does not end the student: like a person, it tries again a little
        later (POST start resumes the open attempt at its first unanswered question).
        """
        rng = random.Random(seed)
        if not await self.at(join_at):
            return
        async with browser(self.base_url, timeout=30.0) as client:
            clock = [time.monotonic()]  # when the student last answered (or joined)
            while time.monotonic() < self.deadline:
                try:
                    outcome = await self.attempt(client, rng, clock)
                except TimeUp:
                    return
                if outcome is None:  # time is up
                    return
                if not outcome:
                    clock[0] = time.monotonic() + rng.expovariate(1 / self.interval)
                    if not await self.at(clock[0]):
                        return

    async def attempt(
        self, client: aiohttp.ClientSession, rng: random.Random, clock
    ) -> bool | None:
        """Start or resume an attempt and answer it to the end.

        Return True when it was handed in, False when a request failed, None when time is up.
        """
        if (
            cookie(client, "csrftoken") is None
            and await self.call(client, "quiz list", "GET", "/en/quizzes/", 200) is None
        ):
            return False
        token = cookie(client, "csrftoken")
        headers = {"X-CSRFToken": token}
        form = {"csrfmiddlewaretoken": token}
        start = await self.call(
            client,
            "start",
            "POST",
            f"/en/quizzes/{QUIZ_SLUG}/start/",
            302,
            headers=headers,
            data=form,
        )
        if start is None or not (match := LOCATION.search(start.headers["location"])):
            return False
        attempt_url = f"/en/attempts/{match['id']}/"
        where = match
        if where["n"] is None:
            # Older versions of the site sent the attempt's own address first.
            first = await self.call(client, "attempt", "GET", attempt_url, 302)
            if first is None:
                return False
            where = LOCATION.search(first.headers.get("location", ""))
        if where is None or where["n"] is None:  # every question answered: hand in
            return await self.finish(client, attempt_url, headers, form)
        number = int(where["n"])
        page = await self.call(client, "question page", "GET", f"{attempt_url}{number}/", 200)
        if page is None:
            return False
        html, total = page.text, int(QUESTION_OF.search(page.text)[2])
        if number == total and (match["id"], number) in self.acknowledged_pairs:
            # Resumed with every question answered (the hand-in failed): hand in, as a
            # student would, instead of answering the last question again.
            return await self.finish(client, attempt_url, headers, form)
        while number <= total:
            parsed = parse_answer_form(html)
            if parsed is None:
                self.errors["driver: no answer form"] += 1
                return False
            answer_at = clock[0] + rng.expovariate(1 / self.interval)
            if not await self.at(answer_at):
                return None
            pair = (match["id"], number)
            # A pair still here when the soak abandons its task was sent: stored or not.
            self.sending_pairs.add(pair)
            try:
                answered = await self.call(
                    client,
                    "answer",
                    "POST",
                    f"{attempt_url}{number}/answer/",
                    200,
                    headers={**headers, "HX-Request": "true"},
                    data={**form, **pick_answer(*parsed, rng)},
                )
            except TimeUp:
                self.sending_pairs.discard(pair)  # never sent
                raise
            self.sending_pairs.discard(pair)
            clock[0] = answer_at
            if answered is None:
                self.failed_pairs.add(pair)
                return False
            self.acknowledged_pairs.add(pair)
            if number == total:
                break
            # Half-way to the next answer, the page view.
            if not await self.at(answer_at + rng.expovariate(1 / self.interval) / 2):
                return None
            carried = parse_answer_form(answered.text, number + 1)
            number += 1
            if carried is not None:
                self.carried += 1
                html = answered.text
                read = rng.choice(READ_ONLY_PAGES)
                if await self.call(client, "read-only page", "GET", read, 200) is None:
                    return False
            else:
                page = await self.call(
                    client, "question page", "GET", f"{attempt_url}{number}/", 200
                )
                if page is None:
                    return False
                html = page.text
        return await self.finish(client, attempt_url, headers, form)

    async def finish(self, client, attempt_url: str, headers: dict, form: dict) -> bool:
        finished = await self.call(
            client, "finish", "POST", f"{attempt_url}finish/", 302, headers=headers, data=form
        )
        return finished is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=10.0, help="mean seconds per answer")
    parser.add_argument("--duration", type=float, default=MAX_DURATION, help="at most 300")
    parser.add_argument(
        "--ramp", type=float, default=30.0, help="seconds over which students join"
    )
    parser.add_argument("--apps", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per app server")
    parser.add_argument("--stack-port", type=int, default=8100)
    args = parser.parse_args(argv)
    duration = min(args.duration, MAX_DURATION)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("The soak runs on PostgreSQL: set DATABASE_URL (a database named *bench*).")
        return 2
    # One connection per student, and nginx's and the servers' beside them.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))

    from bench.run import start_stack, stop_stack  # the same stack as bench/run.py --stack

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
    log = RESULTS / f"soak-{stamp}-stack.log"
    load_before = load_average()
    try:
        described = prepare_database("postgres", env)
        args.threads, args.alone = 1, False
        pids = start_stack(env, args, log)
    except SetupError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    base_url = f"http://127.0.0.1:{args.stack_port}"
    try:
        print(
            f"Soak: {args.students} students, one answer per {args.interval:g} s on average, "
            f"{duration:g} s, through nginx on {base_url} ({args.apps} app servers × "
            f"{args.workers} workers); load average before: {load_before}"
        )
        cpu_before, machine_before = server_cpu_seconds(pids), machine_cpu_seconds()
        driver_before = time.process_time()
        started = time.monotonic()
        soak = Soak(base_url, started + duration, args.interval)
        joins = [started + random.Random(i).uniform(0, args.ramp) for i in range(args.students)]

        async def run() -> int:
            tasks = [
                asyncio.ensure_future(soak.student(i, joins[i])) for i in range(args.students)
            ]
            # Bounded: whatever is still in flight 35 s after the end is abandoned, and
            # counted: an abandoned request is an error, an abandoned answer unacknowledged.
            _done, pending = await asyncio.wait(tasks, timeout=duration + 35)
            abandoned = soak.in_flight
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            if abandoned:
                soak.errors["abandoned: no response 35 s after the end"] += abandoned
            return abandoned

        asyncio.run(run())
        elapsed = time.monotonic() - started
        cpu_after, machine_after = server_cpu_seconds(pids), machine_cpu_seconds()
        driver_cpu = time.process_time() - driver_before
        counts = row_counts(env)
    finally:
        stop_stack(env, args)

    all_latencies = sorted(x for values in soak.latencies.values() for x in values)
    requests = len(all_latencies) + sum(soak.errors.values())

    def pct(values: list[float], q: float) -> float:
        return percentile(sorted(values), q) * 1000

    steps = {
        step: {
            "requests": len(values),
            "p50_ms": pct(values, 50),
            "p95_ms": pct(values, 95),
            "p99_ms": pct(values, 99),
            "max_ms": max(values) * 1000,
        }
        for step, values in sorted(soak.latencies.items())
    }
    overall = {
        "p50_ms": pct(all_latencies, 50),
        "p95_ms": pct(all_latencies, 95),
        "p99_ms": pct(all_latencies, 99),
        "max_ms": all_latencies[-1] * 1000 if all_latencies else 0.0,
    }
    errors = sum(soak.errors.values())
    rows, duplicates = counts["answers"], counts["duplicate_answer_pairs"]
    exactly_once = duplicates == 0 and (
        soak.acknowledged <= rows <= soak.acknowledged + soak.unacknowledged
    )
    cpu_ms = (
        (cpu_after - cpu_before) / soak.acknowledged * 1000
        if cpu_before is not None and cpu_after is not None and soak.acknowledged
        else None
    )
    print(f"\nDatabase: {described}; {elapsed:.0f} s; load average after: {load_average()}")
    print(f"{'step':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for step, row in steps.items():
        print(
            f"{step:<16}{row['requests']:>9}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['max_ms']:>9.1f}"
        )
    print(
        f"{'all':<16}{len(all_latencies):>9}{overall['p50_ms']:>9.1f}{overall['p95_ms']:>9.1f}"
        f"{overall['p99_ms']:>9.1f}{overall['max_ms']:>9.1f}"
    )
    machine = (
        (machine_after - machine_before) / elapsed * 100
        if machine_before is not None and machine_after is not None
        else None
    )
    print(
        f"{requests} requests ({requests / elapsed:.1f}/s), {soak.acknowledged} answers "
        f"acknowledged ({soak.acknowledged / elapsed:.1f}/s), {soak.carried} carried the next "
        f"question; actions late by > 1 s: {soak.late}; app server CPU per answer: "
        + ("?" if cpu_ms is None else f"{cpu_ms:.1f} ms")
        + ("" if machine is None else f"; whole machine {machine:.0f} % of 200 %")
    )
    print(
        f"load generator (this process): {driver_cpu:.1f} s CPU, "
        f"{driver_cpu / elapsed * 100:.0f} % of one core"
    )
    for message, count in soak.errors.most_common(10):
        print(f"  error × {count}: {message}")
    checks = {
        f"p95 < {P95_GOAL_MS:g} ms": overall["p95_ms"] < P95_GOAL_MS,
        f"p99 < {P99_GOAL_MS:g} ms": overall["p99_ms"] < P99_GOAL_MS,
        "errors == 0": errors == 0,
        "every acknowledged answer stored exactly once": exactly_once,
    }
    print(
        f"answers in the database: {rows} (acknowledged {soak.acknowledged}, unacknowledged "
        f"{soak.unacknowledged}); duplicate (attempt, question) pairs: {duplicates}"
    )
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    result = {
        "finished_at": datetime.now().isoformat(timespec="seconds"),
        "arguments": vars(args),
        "database": described,
        "elapsed_s": elapsed,
        "load_before": load_before,
        "load_after": load_average(),
        "requests": requests,
        "steps": steps,
        "overall": overall,
        "errors": dict(soak.errors),
        "acknowledged": soak.acknowledged,
        "unacknowledged": soak.unacknowledged,
        "carried": soak.carried,
        "late_actions": soak.late,
        "answer_rows": rows,
        "duplicate_answer_pairs": duplicates,
        "cpu_ms_per_answer": cpu_ms,
        "machine_cpu_percent": machine,
        "load_generator_cpu_s": driver_cpu,
        "checks": checks,
    }
    path = RESULTS / f"soak-{stamp}.json"
    path.write_text(json.dumps(result, indent=2))
    print(f"Results: {path.relative_to(ROOT)}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
