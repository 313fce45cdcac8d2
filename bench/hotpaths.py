"""Profile a student's hot requests in-process: the question page and the answer response.

Run from the project root, on a database built by `make db` (it adds attempts to it):

    .venv/bin/python bench/hotpaths.py [--answers 300] [--top 25]

A student (Django's test client, so no network and no server) takes the `everything` quiz
set over and over: GET the question page, POST the answer with HTMX, hand in after the last.
Each of the two requests runs under its own cProfile; the report gives, per request, the mean
time, the CPU time, the function calls (which, unlike times, do not depend on how busy the
machine is), the queries and the response size, then the functions with the most cumulative
time.
The raw profiles go to bench-results/profile-<request>.pstats (open with `python -m pstats`
or snakeviz).

With `--start N` it profiles starting an attempt instead: N new students (a fresh client, so
a new anonymous learner, each POSTs start) and N resumes (the same POST by a student whose
attempt is open, as the soak's students do after each failed request).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "profile-only-key-not-secret-" + "x" * 40)
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import LOCATION, QUESTION_OF, parse_answer_form, pick_answer  # noqa: E402

FORM = "application/x-www-form-urlencoded"
NEXT_FORM = re.compile(r'action="(/en/attempts/[0-9a-f-]{36}/\d+/answer/)"')


class Request:
    """One kind of request: its profile, timings, query counts and sizes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.profile = cProfile.Profile()
        self.seconds: list[float] = []
        self.cpu: list[float] = []
        self.queries: list[int] = []
        self.sizes: list[int] = []

    def run(self, call, profiled: bool = True):
        if not profiled:  # warming up
            return call()
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            self.profile.enable()
            response = call()
            self.profile.disable()
            self.seconds.append(time.perf_counter() - started)
            self.cpu.append(time.process_time() - cpu)
        self.queries.append(len(queries))
        self.sizes.append(len(response.content))
        return response

    def report(self, top: int) -> str:
        n = len(self.seconds) or 1
        out = io.StringIO()
        out.write(
            f"== {self.name}: {len(self.seconds)} requests, "
            f"mean {sum(self.seconds) / n * 1000:.2f}"
            f" ms, queries min/max {min(self.queries, default=0)}/{max(self.queries, default=0)}"
            f", mean {sum(self.queries) / n:.1f}, body mean {sum(self.sizes) / n / 1024:.1f} KB\n"
        )
        stats = pstats.Stats(self.profile, stream=out)
        # Function calls per request do not depend on how busy the machine is; times do.
        out.write(
            f"   function calls per request {stats.total_calls / n:.0f}, CPU (profiled) "
            f"{sum(self.cpu) / n * 1000:.2f} ms per request\n"
        )
        stats.sort_stats("cumulative").print_stats(top)
        return out.getvalue()


def profile_starts(slug: str, starts: int, warmup: int, top: int) -> int:
    """Profile POST start by new students and by students resuming their open attempt."""
    new, resume = Request("start (POST, new student)"), Request("resume (POST, same student)")
    url = f"/en/quizzes/{slug}/start/"
    for n in range(-warmup, starts):
        # Each student from its own address, as the rate limit of anonymous starts expects.
        k = n + warmup
        client = Client(REMOTE_ADDR=f"10.13.{k // 256 % 256}.{k % 256}")
        response = new.run(lambda c=client: c.post(url), profiled=n >= 0)
        if response.status_code != 302:
            print(f"start refused: {response.status_code}", file=sys.stderr)
            return 1
        again = resume.run(lambda c=client: c.post(url), profiled=n >= 0)
        if again["Location"] != response["Location"]:
            print("resume drew a new attempt", file=sys.stderr)
            return 1
    print(f"database: {connection.vendor}; {starts} starts and {starts} resumes of {slug}")
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    for each, name in ((new, "start"), (resume, "resume")):
        print(each.report(top))
        each.profile.dump_stats(results / f"profile-{name}.pstats")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--slug", default="everything")
    parser.add_argument(
        "--warmup",
        type=int,
        default=300,
        help="answers given first, unprofiled, so that caches are as a running server has them",
    )
    parser.add_argument(
        "--start",
        type=int,
        metavar="N",
        help="profile N starts by new students and N resumes instead of answering",
    )
    args = parser.parse_args()
    if args.start:
        return profile_starts(args.slug, args.start, min(args.warmup, 20), args.top)
    rng = random.Random(13)
    client = Client()
    question, answer = Request("question page (GET)"), Request("answer (POST, HTMX)")
    carried = 0
    answered = -args.warmup
    while answered < args.answers:
        start = client.post(f"/en/quizzes/{args.slug}/start/")
        attempt_url = LOCATION.search(start["Location"])
        if attempt_url is None:
            print(f"start refused: {start.status_code}", file=sys.stderr)
            return 1
        url = client.get(f"/en/attempts/{attempt_url['id']}/")["Location"]
        html = None
        while url:
            if html is None:
                html = question.run(lambda u=url: client.get(u), profiled=answered >= 0)
                html = html.content.decode()
            total = int(QUESTION_OF.search(html)[2])
            parsed = parse_answer_form(html)
            number = int(LOCATION.search(url)["n"])
            if parsed is not None:
                data = pick_answer(*parsed, rng)
                response = answer.run(
                    # Form-encoded, as htmx and browsers send it (the test client's default
                    # is multipart, which costs the server more to read).
                    lambda u=url, d=data: client.post(
                        f"{u}answer/", urlencode(d), content_type=FORM, HTTP_HX_REQUEST="true"
                    ),
                    profiled=answered >= 0,
                )
                answered += 1
                body = response.content.decode()
                # The answer's response may carry the next question's form: no page view then.
                if NEXT_FORM.search(body) and f"/{number + 1}/answer/" in body:
                    carried += answered > 0
                    html = body
                else:
                    html = None
            else:
                html = None
            url = url.replace(f"/{number}/", f"/{number + 1}/") if number < total else None
        client.post(f"/en/attempts/{attempt_url['id']}/finish/")
    print(
        f"database: {connection.vendor}; {answered} answers, {carried} carried the next question"
    )
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    for each in (question, answer):
        print(each.report(args.top))
        each.profile.dump_stats(results / f"profile-{each.name.split()[0]}.pstats")
    return 0


if __name__ == "__main__":
    sys.exit(main())
