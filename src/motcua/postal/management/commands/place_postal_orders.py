"""Place the postal orders the carriers have not accepted yet (for cron)."""

from django.core.management.base import BaseCommand

from motcua.postal import actions


class Command(BaseCommand):
    help = "Send the orders of shipments still without a waybill to their carriers (retry)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="At most this many shipments per run.")

    def handle(self, *args, limit=100, **options):
        self.stdout.write(f"placed: {actions.place_pending_orders(batch=limit)}")
