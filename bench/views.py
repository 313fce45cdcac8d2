"""A bare write view: the floor any real write request of the project is compared with."""

import random
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench.models import BareRow
from quizzes.models import Question


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
