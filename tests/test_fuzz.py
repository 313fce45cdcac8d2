"""No input gets a 500: every URL pattern, GET and POST, as a visitor, a student and a teacher,
with a table of hostile inputs; and a refused request changes no row.

The table is fixed, so the run is bounded: every pattern gets its real parameters (objects
that exist) with each hostile query string and body, and its parameters replaced by hostile
values with one plain GET and POST.
"""

import json
import re
import uuid
from collections import Counter, defaultdict
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from classrooms.models import Classroom, Membership
from history.models import Article, Event
from quizzes import services
from quizzes.models import QuizSet
from tests.classrooms.factories import AssignmentFactory, ClassroomFactory
from tests.history.factories import CitationFactory, ParagraphFactory, RoleFactory
from tests.quizzes.factories import TeacherFactory, UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"  # one past the largest 64-bit integer
MEGABYTE = "x" * 1_000_000

GET_QUERIES = {
    "plain": "",
    "numbers and filters": (
        "p=" + HUGE + "0000&o=abc.-x&sort=__class__&seed=1e400&number=-1&answers=1"
        "&classroom=abc&quiz_set=abc&place=" + HUGE + "&events=1,abc&due_at__year=99999999999"
        "&start_date__year=9999&start_date__month=12&start_date__day=31&kind=%FF&country="
        + HUGE
        + "&is_published__exact=2&id__in=1,abc"
    ),
    "long, bytes and repeats": (
        "q=" + "x" * 10_000 + "&next=//evil.example&_popup=1&_to_field=password&e=1"
        "&s=%FF%FE%00&%00=%00&format=%00&kind=date&kind=place&format=csv&format=xml"
    ),
}

# Every field name a form of the site or the admin reads, each with something hostile.
FIELDS = [
    "choice", "order", "rank-0", "code", "username", "password", "email", "password1",
    "password2", "old_password", "new_password1", "new_password2", "language", "next",
    "action", "_selected_action", "select_across", "index", "q", "title_en", "title_lv",
    "slug", "prompt_en", "name", "quiz_set", "classroom", "due_at_0", "opens_at_0", "post",
    "mode", "question_count", "attempts_allowed", "is_published", "teachers", "kind",
    "events", "sources", "place", "country", "countries", "person", "on_behalf_of", "event",
    "paragraph", "entries-0-question", "assignments-0-quiz_set", "citations-0-paragraph",
    "entries-TOTAL_FORMS", "assignments-TOTAL_FORMS", "choices-TOTAL_FORMS",
]  # fmt: skip
HOSTILE_VALUES = [HUGE, "-1", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "1e400"]


def form(values) -> bytes:
    return urlencode(values, doseq=True).encode()


FORM = "application/x-www-form-urlencoded"
POST_BODIES = {
    "hostile fields": (FORM, form({f: HOSTILE_VALUES[i % 6] for i, f in enumerate(FIELDS)})),
    "megabyte": (FORM, form({"username": MEGABYTE, "code": MEGABYTE[:500_000], "choice": "0"})),
    "repeated": (FORM, form([(f, v) for f in FIELDS[:12] for v in ("0", "1", HUGE)])),
    "utf-16": (FORM + "; charset=utf-16", "choice=1&code=ABC".encode("utf-16")),
    "broken multipart": (
        "multipart/form-data; boundary=xyz",
        b'--xyz\r\nContent-Disposition: form-data; name="choice"\r\n\r\n1',
    ),
    "json": ("application/json", b'{"choice": [' * 50),
    "too big": (FORM, b"q=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)),
}
# These go through the CSRF check (a browser without the page's token): the failure path
# must answer them too.
STRICT_BODIES = {"utf-16", "hostile fields"}

# Rows of the tables people change; a refused request must leave them exactly as they were.
WATCHED = [
    "auth.User",
    "auth.Group",
    "quizzes.Learner",
    "quizzes.Attempt",
    "quizzes.AttemptQuestion",
    "quizzes.Answer",
    "quizzes.PracticeCard",
    "quizzes.QuizSet",
    "quizzes.QuizSetQuestion",
    "quizzes.Question",
    "quizzes.Choice",
    "classrooms.Classroom",
    "classrooms.Membership",
    "classrooms.Assignment",
    "history.Event",
    "history.Article",
]


def _fingerprint_sql() -> str:
    """One query summing every column of the watched tables: any change shows in it."""
    parts = []
    for label in WATCHED:
        meta = apps.get_model(label)._meta
        table = connection.ops.quote_name(meta.db_table)
        exprs = ["COUNT(*)"]
        for field in meta.concrete_fields:
            column = connection.ops.quote_name(field.column)
            kind = field.get_internal_type()
            if kind == "BooleanField":
                exprs.append(f"SUM(CASE WHEN {column} THEN 1 ELSE 0 END)")
            elif "Integer" in kind or kind.endswith(("AutoField", "ForeignKey", "OneToOneField")):
                exprs.append(f"SUM({column})")
            elif kind in ("CharField", "TextField", "SlugField", "EmailField", "JSONField"):
                exprs.append(f"SUM(LENGTH(CAST({column} AS TEXT)))")
            elif kind == "UUIDField":
                exprs.append(f"COUNT(DISTINCT {column})")
            else:  # dates and times
                exprs.append(f"COUNT({column})")
                exprs.append(f"MAX({column})")
        parts.append(f"(SELECT {', '.join(exprs)} FROM {table}) AS t{len(parts)}")
    return "SELECT * FROM " + ", ".join(parts)


def fingerprint() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def patterns(resolvers=None, prefix=""):
    """Every URL pattern as (route, name), the admin's and each app's under /en/."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name or ""


def first_pk(route: str) -> str:
    """The pk of an existing object of the model an admin route is about."""
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    try:
        model = apps.get_model(match[1], match[2]) if match else None
    except LookupError:
        model = None
    if model is None:
        return "1"
    return str(model.objects.order_by("pk").values_list("pk", flat=True).first() or 1)


def fill(route: str, real: dict) -> str:
    """Turn a route into a path with the given values for its parameters."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<app_label>[^)]*\)", "quizzes", route)
    route = re.sub(r"\(\?P<url>\.\*\)", "no/such/page", route)
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>", lambda m: real.get(m[2], real.get(m[1] or "str", "x")), route
    )


@pytest.fixture
def world():
    """A little of everything, owned by a teacher and used by a student."""
    teacher = TeacherFactory()
    quiz_set = picked_quiz_set(questions=3, chronology=1, created_by=teacher)
    classroom = ClassroomFactory(teachers=[teacher])
    assignment = AssignmentFactory(classroom=classroom, quiz_set=quiz_set, created_by=teacher)
    student = UserFactory(email="student@example.org")
    Membership.objects.create(classroom=classroom, student=student)
    attempt = services.attempt_start(
        learner=services.learner_for_user(user=student), quiz_set=quiz_set
    )
    CitationFactory(paragraph=ParagraphFactory(), event=RoleFactory().event)
    return {
        "teacher": teacher,
        "student": student,
        "real": {
            "slug": QuizSet.objects.get(pk=quiz_set.pk).slug,
            "public_id": str(attempt.public_id),
            "number": "1",
            "pk": str(assignment.pk),
            "id": str(student.pk),
            "content_type_id": str(ContentType.objects.get_for_model(Classroom).pk),
            "uidb64": "MQ",
            "token": "set-password",
        },
        "article": Article.objects.first().slug,
        "event": Event.objects.first().slug,
        "assignment": assignment,
    }


def real_values(route: str, world) -> dict:
    real = dict(world["real"])
    real["object_id"] = first_pk(route)
    if "/articles/" in route:
        real["slug"] = world["article"]
    elif "/events/" in route:
        real["slug"] = world["event"]
    elif "classroom/<int:pk>" in route:
        real["pk"] = str(world["assignment"].classroom_id)
    elif "quizset/<int:pk>" in route:
        real["pk"] = str(world["assignment"].quiz_set_id)
    elif "/r/" in route:
        real["object_id"] = str(world["assignment"].classroom_id)
    return real


HOSTILE_PARAMS = {
    "int": HUGE,
    "path": HUGE + "/%00",
    "slug": "x" * 300,
    "uuid": str(uuid.UUID(int=0)),
    "str": "%00%FF" + "A" * 300,
}


def clients(who: str, world) -> tuple[Client, Client]:
    lax, strict = Client(), Client(enforce_csrf_checks=True)
    # A CSRF cookie but not the page's token: the check reads the form, then refuses it.
    strict.cookies["csrftoken"] = "a" * 32
    if who != "visitor":
        for client in (lax, strict):
            client.force_login(world[who])
    return lax, strict


@pytest.mark.parametrize("who", ["visitor", "student", "teacher"])
def test_no_input_gets_a_server_error_and_refusals_change_nothing(world, who):
    errors, changed = [], []
    tally: dict[str, Counter] = defaultdict(Counter)
    # Deleting and logging out last: a teacher may delete their own assignment, and should.
    routes = sorted(set(patterns()), key=lambda r: ("delete" in r[0] or "logout" in r[0], r))
    before = fingerprint()

    def send(client, method, path, label, query="", content_type=None, body=None):
        nonlocal before
        if method == "GET":
            response = client.get(path, QUERY_STRING=query)
        else:
            response = client.generic("POST", path, body, content_type=content_type)
        tally[path.split("?")[0]][response.status_code] += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            errors.append((method, path, label, repr(exc[1]) if exc else response.status_code))
        after = fingerprint()
        refused = response.status_code >= 400 or (method == "POST" and response.status_code == 200)
        if refused and after != before:
            changed.append((method, path, label, response.status_code))
        before = after

    for route, _name in routes:
        lax, strict = clients(who, world)
        lax.raise_request_exception = strict.raise_request_exception = False
        before = fingerprint()  # signing in the clients stamped the user's last log-in
        path = fill(route, real_values(route, world))
        for label, query in GET_QUERIES.items():
            send(lax, "GET", path, label, query=query)
        for label, (content_type, body) in POST_BODIES.items():
            send(lax, "POST", path, label, content_type=content_type, body=body)
            if label in STRICT_BODIES:
                send(strict, "POST", path, label + " (CSRF)", content_type=content_type, body=body)
        if "<" in route:
            hostile = fill(route, HOSTILE_PARAMS)
            send(lax, "GET", hostile, "hostile path")
            content_type, body = POST_BODIES["hostile fields"]
            send(lax, "POST", hostile, "hostile path", content_type=content_type, body=body)

    total = sum(sum(counter.values()) for counter in tally.values())
    print(f"\n{who}: {total} requests over {len(tally)} paths")
    print(json.dumps({p: dict(c) for p, c in sorted(tally.items())}, sort_keys=True))
    assert errors == [], "\n".join(map(str, errors))
    assert changed == [], "\n".join(map(str, changed))
    # Every pattern was tried: the table above reached all of them.
    assert len(tally) >= len(routes) > 100
