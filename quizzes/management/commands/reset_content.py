from django.core.management.base import BaseCommand, CommandError

from quizzes.content import content_reset

WARNING = """This puts the shipped content back as shipped, OVERWRITING edits made in the admin to:
  - the two articles and their paragraphs,
  - the countries, places, people and events, with their participants, roles and citations,
  - the shipped quiz sets (titles, rules, options, publishing, pass mark, picked questions);
objects taken out in the admin come back. Then the question bank is synced with the facts.
Kept as they are: questions and quiz sets that were not shipped, parts added to shipped ones,
learners, attempts, answers, practice boxes and classes."""


class Command(BaseCommand):
    help = "Overwrite the shipped content with its shipped version (asks first; --yes to skip)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )
        parser.add_argument("--seed", default="0", help="Seed for the question bank (default 0).")

    def handle(self, *args, yes: bool, seed: str, **options):
        self.stdout.write(WARNING)
        if not yes:
            try:
                reply = input("Type 'yes' to overwrite: ")
            except EOFError:
                reply = ""
            if reply.strip().lower() != "yes":
                raise CommandError("Reset cancelled; nothing was changed.")
        bank = content_reset(seed=seed)
        self.stdout.write(f"Shipped content restored. Question bank: {bank}")
