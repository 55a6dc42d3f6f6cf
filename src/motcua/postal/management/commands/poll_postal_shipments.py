"""Ask the carriers about the shipments with no news (a lost webhook) and apply what is new (for cron)."""

from django.core.management.base import BaseCommand

from motcua.postal import actions


class Command(BaseCommand):
    help = "Query the carriers' tracking service for items not final and without news; apply new statuses."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="At most this many shipments per run.")
        parser.add_argument(
            "--older-than", type=int, default=None, help="Minutes without news (default POSTAL_POLL_AFTER_MINUTES)."
        )

    def handle(self, *args, limit=100, older_than=None, **options):
        report = actions.poll_shipments(batch=limit, older_than_minutes=older_than)
        self.stdout.write(f"polled: {report.polled} applied: {report.applied} failed: {report.failed}")
