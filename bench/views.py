"""Bare views: the floor any real request of the project is compared with.

`bare_question` and `bare_answer` are the bare pair a student loop is measured against: GET a
question (2 queries: its row and its choices) and POST an answer (1 SELECT + 1 INSERT), with
all the project's middleware and no more work than that. `bare` is the older single write.
"""

import random
from functools import cache

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from bench.models import BareRow
from quizzes.models import Choice, Question


@cache
def _question_ids() -> tuple[int, ...]:
    """Return the question bank's ids, read once per worker process."""
    return tuple(Question.objects.order_by("pk").values_list("pk", flat=True))


@csrf_exempt
@require_POST
def bare(request: HttpRequest) -> HttpResponse:
    """Read one random question row and insert one BareRow: one read, one write."""
    ids = _question_ids()
    question = Question.objects.only("pk").filter(pk=random.choice(ids)).first() if ids else None
    BareRow.objects.create(question_id=question.pk if question else None)
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bare_question(request: HttpRequest) -> HttpResponse:
    """Show a random question and its choices as a form: two queries, no template."""
    question = Question.objects.only("pk", "prompt_en").get(pk=random.choice(_question_ids()))
    choices = Choice.objects.filter(question_id=question.pk).only("pk", "text_en")
    radios = format_html_join(
        "",
        '<label><input type="radio" name="choice" value="{}"> {}</label>',
        ((c.pk, c.text_en) for c in choices),
    )
    return HttpResponse(
        format_html(
            '<form method="post" action="/bench/bare/answer/"><h1>{}</h1>'
            '<input type="hidden" name="question" value="{}">{}</form>',
            question.prompt_en,
            question.pk,
            radios,
        )
    )


@csrf_exempt
@require_POST
def bare_answer(request: HttpRequest) -> HttpResponse:
    """Store an answer: read the question's row, insert one row (1 SELECT + 1 INSERT)."""
    question = Question.objects.only("pk").filter(pk=request.POST.get("question") or 0).first()
    if question is None:
        return HttpResponseBadRequest("no such question")
    BareRow.objects.create(question_id=question.pk)
    return HttpResponse("ok", content_type="text/plain")
