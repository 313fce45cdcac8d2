from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.exports import FORMATS, export_file
from quizzes.models import QuizSet


class Command(BaseCommand):
    help = "Export quiz sets for Moodle, as Moodle XML or GIFT."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", help="Slugs of the quiz sets to export.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="moodle")
        parser.add_argument("--language", choices=["en", "lv"], default="en")
        parser.add_argument(
            "--chronology",
            choices=["ordering", "matching"],
            default="ordering",
            help="Moodle XML: chronology as an ordering question (Moodle 4.4 and later, the "
            "default) or as matching (older Moodle). GIFT always writes matching.",
        )
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, slugs, format, language, chronology, output, **options):
        quiz_sets = list(QuizSet.objects.filter(slug__in=slugs))
        missing = set(slugs) - {q.slug for q in quiz_sets}
        if missing:
            raise CommandError(f"No quiz set with slug: {', '.join(sorted(missing))}")
        result = export_file(
            quiz_sets, fmt=format, language=language, ordering=chronology == "ordering"
        )
        for key, reason in result.refused:
            self.stderr.write(f"Left out {key}: {reason}")
        if output:
            Path(output).write_text(result.text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}: {result.written} questions")
        else:
            self.stdout.write(result.text, ending="")
