from datetime import date

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.recompute import recompute_due_dates


class Command(BaseCommand):
    help = (
        "Recompute the appointments of open dossiers after the working calendar changed (a day off or a swapped "
        "working day added or removed). Dossiers extended with an apology or already overdue are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dates",
            default="",
            help="Comma-separated YYYY-MM-DD days whose status changed: only dossiers spanning them are examined "
            "(default: every open dossier).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would move; write nothing.")
        parser.add_argument("--batch", type=int, default=2000, help="Dossiers per batch and transaction.")
        parser.add_argument("--reason", default="", help="Recorded on each moved dossier's timeline.")

    def handle(self, *args, dates, dry_run, batch, reason, **options):
        try:
            days = [date.fromisoformat(d.strip()) for d in dates.split(",") if d.strip()]
        except ValueError as exc:
            raise CommandError(f"--dates: {exc}") from exc
        report = recompute_due_dates(dates=days or None, dry_run=dry_run, batch=batch, reason=reason)
        self.stdout.write(str(report))
        for pk, old, new in report.samples:
            self.stdout.write(f"  dossier #{pk}: {old} → {new}")
