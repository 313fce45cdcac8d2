from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.services import learner_purge_idle_anonymous


class Command(BaseCommand):
    help = (
        "Delete anonymous learners (browsers that never signed in) idle for some days, with "
        "their attempts, answers and practice boxes. Accounts are never touched. Safe to run "
        "from cron: it only deletes what is idle, in short batches, and says what it did."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=float,
            default=settings.ANONYMOUS_LEARNER_IDLE_DAYS,
            help="Idle for at least this many days (default %(default)s, from settings).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, days: float, dry_run: bool, **options):
        if days <= 0:
            raise CommandError("--days must be more than 0.")
        report = learner_purge_idle_anonymous(idle=timedelta(days=days), dry_run=dry_run)
        what = ", ".join(f"{count} {name}" for name, count in report.items())
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} anonymous learners idle for {days:g} days: {what}.")
