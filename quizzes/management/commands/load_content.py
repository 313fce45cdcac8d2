from django.core.management.base import BaseCommand

from quizzes.content import content_load


class Command(BaseCommand):
    help = (
        "Load the shipped articles, history facts and quiz sets, creating only what is missing, "
        "and bring the question bank up to date. Never changes a row that exists: edits made "
        "in the admin survive. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", default="0", help="Seed for the question bank (default 0).")

    def handle(self, *args, seed: str, **options):
        for line in content_load(seed=seed).lines():
            self.stdout.write(line)
