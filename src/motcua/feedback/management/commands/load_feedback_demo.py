"""Load the demo feedback and petitions (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.feedback import demo


class Command(BaseCommand):
    help = "Load ~20 demo feedback items on real Đồng Tháp procedures and agencies (invented people)."

    def handle(self, *args, **options):
        try:
            result = demo.load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"feedback: {result['created']} created, {result['skipped']} already there")
