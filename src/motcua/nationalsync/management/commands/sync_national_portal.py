"""Push the due messages to the national portal once (for cron), or keep pushing with --loop."""

import time

from django.core.management.base import BaseCommand

from motcua.nationalsync import actions


class Command(BaseCommand):
    help = "Push due dossier records and progress updates to the national public service portal, in order."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many messages per run.")
        parser.add_argument("--loop", type=float, default=0, help="Run again every N seconds (0: once).")

    def handle(self, *args, limit=None, loop=0, **options):
        while True:
            outcomes = actions.send_pending(limit=limit)
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "nothing due")
            if not loop:
                return
            time.sleep(loop)
