from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnership.services.retention import (
    RetentionIncomplete,
    retention_apply,
    retention_plan,
)


class Command(BaseCommand):
    help = (
        "Show what the retention schedule would delete or anonymise today, kind by kind "
        "(changing nothing), or with --apply do it now, as the weekly task does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="delete and anonymise what is due, and write it to the audit log",
        )

    def handle(self, *args, apply=False, **options):
        today = timezone.localdate()
        if apply:
            self._apply(today)
        else:
            self._plan(today)

    def _plan(self, today):
        self.stdout.write(f"Retention plan for {today:%-d %B %Y}: a dry run, nothing changed.")
        for row in retention_plan(today=today):
            rule = row.rule
            oldest = f", the oldest from {row.oldest:%-d %B %Y}" if row.oldest else ""
            self.stdout.write(
                f"- {rule.label.capitalize()}: kept {row.period} "
                f"({rule.counted_from} before {row.kept_from:%-d %B %Y}), then "
                f"{rule.action.label.lower()}: {row.count} due{oldest}"
            )
        self.stdout.write("Run again with --apply to carry this out.")

    def _apply(self, today):
        try:
            done = retention_apply(today=today)
        except RetentionIncomplete as incomplete:
            self._report(incomplete.done)
            raise CommandError(
                f"{incomplete} (rolled back; the kinds above were applied)"
            ) from incomplete
        self._report(done)
        self.stdout.write(self.style.SUCCESS("Retention applied; each kind is in the audit log."))

    def _report(self, done):
        for removal in done:
            rule = removal.rule
            self.stdout.write(f"- {rule.action.done.capitalize()} {removal.count} {rule.label}")
