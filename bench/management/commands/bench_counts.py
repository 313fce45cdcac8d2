"""Print, as JSON, the row counts the benchmark checks its acknowledged writes against."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count

from bench.models import BareRow
from quizzes.models import Answer, Attempt


class Command(BaseCommand):
    help = "Print row counts for the benchmark's integrity check, as JSON."

    def handle(self, *args, **options) -> None:
        duplicates = (
            Answer.objects.values("attempt_id", "question_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        counts = {
            "answers": Answer.objects.count(),
            "duplicate_answer_pairs": duplicates,
            "attempts": Attempt.objects.count(),
            "finished_attempts": Attempt.objects.filter(finished_at__isnull=False).count(),
            "bare_rows": BareRow.objects.count(),
        }
        self.stdout.write(json.dumps(counts))
