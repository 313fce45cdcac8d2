"""Measure the abuse limits over real HTTP: the project under gunicorn with its production
settings (DEBUG off, the default limits), driven from 127.0.0.1 by a bounded script.

    .venv/bin/python bench/limits.py [--port 8300] [--flood 300]

For each limit it repeats the request past the limit and prints the statuses, then floods
anonymous quiz starts, counts the rows before and after, and runs the clean-up command
(`purge_anonymous_learners`) to show what it removes. Every step is bounded in count; the
server is stopped at the end. One gunicorn worker with threads: the limits live in the
"default" cache, which is per process unless a shared cache (Redis) is configured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    ROOT,
    manage,
    prepare_database,
    start_server,
    stop_server,
    wait_until_ready,
)

COUNT_ROWS = (
    "import json; from django.apps import apps; "
    "print(json.dumps({m._meta.label: m.objects.count() for m in apps.get_models() "
    "if m._meta.app_label in ('quizzes', 'auth', 'classrooms')}))"
)


def token(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def post(client: httpx.Client, path: str, data: dict, form_path: str | None = None):
    data = {**data, "csrfmiddlewaretoken": token(client, form_path or path)}
    return client.post(path, data=data, headers={"Referer": str(client.base_url) + path})


def run(name: str, attempts: int, send) -> dict:
    statuses, retry_after = [], None
    for i in range(attempts):
        response = send(i)
        statuses.append(response.status_code)
        if response.status_code == 429:
            retry_after = response.headers.get("Retry-After")
    first_refused = statuses.index(429) + 1 if 429 in statuses else None
    line = {
        "limit": name,
        "requests": attempts,
        "statuses": dict(Counter(statuses)),
        "first 429 at": first_refused,
        "Retry-After": retry_after,
    }
    print(json.dumps(line, ensure_ascii=False))
    return line


def rows(env) -> dict:
    return json.loads(manage(env, "shell", "-c", COUNT_ROWS).strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--flood", type=int, default=300, help="anonymous start POSTs")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "baltic_quiz.settings",
        "DEBUG": "false",
        "SECRET_KEY": "limits-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'bench-results' / 'limits.sqlite3'}"
        ),
    }
    (ROOT / "bench-results").mkdir(exist_ok=True)
    database = "sqlite" if env["DATABASE_URL"].startswith("sqlite") else "postgres"
    prepare_database(database, env)
    manage(env, "collectstatic", "--no-input")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('root', 'root@example.org', 'right-password-1934'); "
        "User.objects.create_user('anna', 'anna@example.org', 'right-password-1934')",
    )
    log = ROOT / "bench-results" / "limits-gunicorn.log"
    server = start_server(env, args.port, workers=1, log_path=log, threads=4)
    base = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        wait_until_ready(base, server, log)
        fresh = lambda: httpx.Client(base_url=base, timeout=30)  # noqa: E731
        client = fresh()
        login = "/en/accounts/login/"
        results.append(
            run(
                "login_account (site)",
                8,
                lambda i: post(
                    client,
                    login,
                    {"username": "anna", "password": "right-password-1934" if i == 7 else "no"},
                ),
            )
        )
        results.append(
            run(
                "login_account (admin, superuser)",
                8,
                lambda i: post(
                    client,
                    "/admin/login/",
                    {"username": "root", "password": "right-password-1934" if i == 7 else "no"},
                ),
            )
        )
        results.append(
            run(
                "login_address (other names)",
                15,
                lambda i: post(client, login, {"username": f"guess{i}", "password": "no"}),
            )
        )
        reset = "/en/accounts/password/reset/"
        results.append(
            run(
                "password_reset_email",
                5,
                lambda i: post(fresh(), reset, {"email": "anna@example.org"}),
            )
        )
        results.append(
            run(
                "password_reset_address",
                10,
                lambda i: post(client, reset, {"email": f"n{i}@example.org"}),
            )
        )
        signup = "/en/accounts/signup/"
        student = fresh()

        def sign_up(i):
            target = student if i == 0 else fresh()
            return post(
                target,
                signup,
                {
                    "username": f"student{i}",
                    "email": f"s{i}@example.org",
                    "password1": "a long enough passphrase",
                    "password2": "a long enough passphrase",
                },
            )

        results.append(run("signup_address", 12, sign_up))
        join = "/en/classes/join/"
        results.append(
            run(
                "join_user",
                13,
                lambda i: post(student, join, {"code": "WRONGCDE"}, form_path="/en/classes/"),
            )
        )
        before = rows(env)
        start = "/en/quizzes/the-1934-treaty/start/"

        def anonymous_start(i):
            browser = fresh()  # no learner cookie: every start is a new anonymous learner
            return post(browser, start, {}, form_path="/en/quizzes/")

        started = time.monotonic()
        results.append(run("anonymous_start (flood)", args.flood, anonymous_start))
        flood_seconds = time.monotonic() - started
        after = rows(env)
    finally:
        stop_server(server)
    time.sleep(2)
    purged = manage(env, "purge_anonymous_learners", "--days", str(1 / 86400)).strip()
    cleaned = rows(env)
    again = manage(env, "purge_anonymous_learners", "--days", str(1 / 86400)).strip()
    keys = ["quizzes.Learner", "quizzes.Attempt", "quizzes.AttemptQuestion", "auth.User"]
    print(f"\nflood: {args.flood} anonymous start POSTs in {flood_seconds:.1f} s")
    print("| rows | before flood | after flood | after clean-up |")
    print("| --- | --- | --- | --- |")
    for key in keys:
        print(f"| {key} | {before.get(key)} | {after.get(key)} | {cleaned.get(key)} |")
    print(purged.splitlines()[-1])
    print("again:", again.splitlines()[-1])


if __name__ == "__main__":
    main()
