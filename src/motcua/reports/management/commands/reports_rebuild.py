"""Rebuild the roll-up tables from the dossiers (idempotent): for data created before the subscriber existed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.reports import rollups


class Command(BaseCommand):
    help = "Replace the dossier-statistics roll-ups and opening balances with a full recount from the dossiers."

    def handle(self, *args, **options):
        rows = rollups.rebuild()
        self.stdout.write(self.style.SUCCESS(f"reports: {rows} daily rows and their opening balances rebuilt."))
