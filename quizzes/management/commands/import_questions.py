from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.imports.preview import plan_lines
from quizzes.imports.readers import ImportFileError
from quizzes.imports.services import MAX_IMPORT_BYTES, question_import_plan, questions_import


class Command(BaseCommand):
    help = (
        "Import a GIFT or Moodle XML question file: show what will be created and skipped, "
        "then (after a yes, or with --yes) create the questions, owned by --owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A GIFT (.txt, .gift) or Moodle XML (.xml) file.")
        parser.add_argument("--owner", required=True, help="Username of the teacher.")
        parser.add_argument("--language", choices=["en", "lv"], default="en")
        parser.add_argument("--yes", action="store_true", help="Import without asking.")
        parser.add_argument("--dry-run", action="store_true", help="Only show the preview.")

    def handle(self, *args, file, owner, language, yes, dry_run, **options):
        path = Path(file)
        try:
            user = get_user_model().objects.get(username=owner)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {owner!r}.") from None
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(
                f"{file} is {path.stat().st_size / 2**20:.1f} MB; "
                f"the limit is {MAX_IMPORT_BYTES // 2**20} MB."
            )
        data = path.read_bytes()
        options = {"data": data, "language": language, "user": user, "default_category": path.stem}
        try:
            plan = question_import_plan(**options)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        for line in plan_lines(plan):
            self.stdout.write(line)
        if dry_run or not plan.create:
            self.stdout.write("Nothing was saved.")
            return
        if not yes and input(f"Create {len(plan.create)} questions? [y/N] ").lower() != "y":
            self.stdout.write("Nothing was saved.")
            return
        result = questions_import(**options)
        self.stdout.write(
            f"Created {len(result.questions)} questions in "
            + ", ".join(f"“{s.title}” ({s.slug})" for s in result.quiz_sets)
            + "."
        )
