import time

from django.core.management.base import BaseCommand

from quizzes.services import question_bank_sync


class Command(BaseCommand):
    help = "Generate the question bank from the history facts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", default="0", help="Seed for shuffling (default 0).")

    def handle(self, *args, seed: str, **options):
        started = time.perf_counter()
        report = question_bank_sync(seed=seed)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Question bank: {report} ({elapsed:.2f} s)")
