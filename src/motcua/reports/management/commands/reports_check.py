"""Prove the roll-ups equal a full recount from the dossiers; exit 1 and print the differences if not."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from motcua.reports import rollups


class Command(BaseCommand):
    help = "Recount the dossier statistics from the dossiers and compare them with the roll-up tables."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="Differences to print (default 50).")

    def handle(self, *args, limit: int, **options):
        diffs = rollups.differences(rollups.recount(), rollups.stored())
        if not diffs:
            self.stdout.write(self.style.SUCCESS("reports: roll-ups match the recount."))
            return
        self.stdout.write("agency\tfield\tday\tcounter\trecounted\tstored")
        for (agency, field, day), counter, expected, actual in diffs[:limit]:
            self.stdout.write(f"{agency}\t{field}\t{day}\t{counter}\t{expected}\t{actual}")
        self.stderr.write(f"reports: {len(diffs)} cells differ (run reports_rebuild to repair).")
        sys.exit(1)
