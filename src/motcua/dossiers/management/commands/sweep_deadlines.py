from django.core.management.base import BaseCommand

from motcua.dossiers.actions import mark_overdue


class Command(BaseCommand):
    help = "Mark dossiers that passed their appointment and attribute the lateness (run every few minutes)."

    def handle(self, *args, **options):
        total = 0
        while True:
            marked = mark_overdue()
            total += marked
            if marked == 0:
                break
        self.stdout.write(f"{total} dossier(s) newly overdue")
