"""Prove the roll-ups and the opening balances equal a full recount from the dossiers; exit 1 and print the
differences if not."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from motcua.reports import rollups


class Command(BaseCommand):
    help = "Recount the dossier statistics from the dossiers and compare them with the roll-up tables."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="Differences to print (default 50).")

    def handle(self, *args, limit: int, **options):
        table = rollups.recount()
        diffs = rollups.differences(table, rollups.stored())
        diffs += rollups.differences(rollups.months_of(table), rollups.stored_months())
        opening = rollups.opening_differences(rollups.openings_of(table), rollups.stored_openings())
        if not diffs and not opening:
            self.stdout.write(
                self.style.SUCCESS("reports: daily and monthly roll-ups and opening balances match the recount.")
            )
            return
        if diffs:
            self.stdout.write("agency\tfield\tday (or month)\tcounter\trecounted\tstored")
            for (agency, field, day), counter, expected, actual in diffs[:limit]:
                self.stdout.write(f"{agency}\t{field}\t{day}\t{counter}\t{expected}\t{actual}")
        if opening:
            self.stdout.write("agency\tfield\tyear\trecounted (open, overdue)\tstored")
            for (agency, field, year), expected, actual in opening[:limit]:
                self.stdout.write(f"{agency}\t{field}\t{year}\t{expected}\t{actual}")
        self.stderr.write(
            f"reports: {len(diffs)} daily or monthly cells and {len(opening)} opening balances differ "
            "(run reports_rebuild to repair)."
        )
        sys.exit(1)
