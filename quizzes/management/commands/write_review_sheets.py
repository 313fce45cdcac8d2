from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.generators import LANGUAGES
from quizzes.review import review_sheet

REVIEW_DIR = Path(settings.BASE_DIR) / "fixtures" / "review"


def sheet_path(language: str) -> Path:
    return REVIEW_DIR / f"questions.{language}.txt"


class Command(BaseCommand):
    help = "Write the active question bank, per language, as plain-text proofreading sheets."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if a sheet differs from the bank."
        )

    def handle(self, *args, check: bool, **options):
        stale = []
        for language in LANGUAGES:
            path = sheet_path(language)
            text = review_sheet(language)
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {path}")
        if stale:
            raise CommandError(f"Out of date: {', '.join(stale)}")
