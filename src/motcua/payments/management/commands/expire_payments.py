from django.core.management.base import BaseCommand

from motcua.payments.actions import expire_payments


class Command(BaseCommand):
    help = "Mark pending payments past their expiry as expired (safe to run often; a late payment is still recorded)."

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_payments()} payment(s) expired")
