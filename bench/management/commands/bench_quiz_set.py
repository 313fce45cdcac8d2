"""Create the bench-only quiz set that phase "answer step alone" answers, and print its size.

Every question of the bank, unlimited attempts, no time limit, feedback at the end: a
student's attempt holds as many questions as possible to answer back to back.
"""

import json

from django.core.management.base import BaseCommand

from quizzes.models import QuizSet
from quizzes.selectors import quiz_set_questions

SLUG = "bench-all"


class Command(BaseCommand):
    help = "Create (or reset) the bench-only quiz set 'bench-all'; print its size as JSON."

    def handle(self, *args, **options) -> None:
        quiz_set, created = QuizSet.objects.update_or_create(
            slug=SLUG,
            defaults={
                "title_en": "Bench: all questions",
                "title_lv": "Bench: visi jautājumi",
                "mode": QuizSet.Mode.RULE,
                "question_kinds": [],
                "event_kinds": [],
                "period_start": None,
                "period_end": None,
                "question_count": None,
                "attempts_allowed": None,
                "time_limit_minutes": None,
                "feedback_mode": QuizSet.Feedback.END,
                "is_published": True,
                "available_from": None,
                "available_until": None,
                "shuffle_questions": True,
            },
        )
        quiz_set.countries.clear()
        self.stdout.write(
            json.dumps(
                {
                    "slug": quiz_set.slug,
                    "created": created,
                    "questions": quiz_set_questions(quiz_set).count(),
                }
            )
        )
