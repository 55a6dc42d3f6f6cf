"""Bulk-load synthetic daily roll-up rows (for measuring the report at province scale, never in production).

Writes one DailyAgencyStat row per (agency, field, day) for `--years` whole years ending with `--last-year`,
about `--dossiers` receipts a year spread over the pairs and days (online / in person / by post ≈ 40/55/5,
ended ≈ received so the stocks stay plausible), then derives the monthly rows and the opening balances from
them. PostgreSQL: COPY; elsewhere: bulk_create. Refuses to run on a database that holds real dossiers unless --force.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from motcua.divisions.models import Agency
from motcua.dossiers.models import Dossier
from motcua.procedures.models import Field
from motcua.reports import rollups
from motcua.reports.models import COUNTERS, DailyAgencyStat, MonthlyAgencyStat, YearOpening


def _rows(pairs, years, per_row: float):
    """(agency, field, day, counters…) tuples; deterministic cheap arithmetic instead of a random generator."""
    spread = max(int(per_row * 2), 1)
    for year in years:
        day, last = date(year, 1, 1), date(year, 12, 31)
        n = 0
        while day <= last:
            for agency_id, field_id in pairs:
                n += 1
                received = (n * 7919) % (spread + 1)
                online, postal = received * 2 // 5, received // 20
                in_person = received - online - postal
                late = received // 10
                early = received // 3
                on_time = received - early - late - (1 if received > 8 else 0)
                withdrawn = 1 if received > 8 else 0
                overdue = late
                yield (agency_id, field_id, day, online, in_person, postal, early, on_time, late, withdrawn,
                       0, int(n % 7 == 0), overdue, overdue)  # fmt: skip
            day += timedelta(days=1)


class Command(BaseCommand):
    help = "Bulk-insert synthetic daily roll-up rows and their opening balances (measurements only)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=10_000_000, help="Receipts a year (default 10M).")
        parser.add_argument("--years", type=int, default=3, help="Whole years of history (default 3).")
        parser.add_argument("--last-year", type=int, default=date.today().year)
        parser.add_argument("--force", action="store_true", help="Run even if the database holds dossiers.")

    def handle(self, *args, dossiers: int, years: int, last_year: int, force: bool, **options):
        if Dossier.objects.exists() and not force:
            raise CommandError("This database holds dossiers; synthetic roll-ups would corrupt its reports (--force).")
        agencies = list(Agency.objects.values_list("pk", flat=True))
        fields = list(Field.objects.values_list("pk", flat=True))
        if not agencies or not fields:
            raise CommandError("Load agencies and procedures first (load_agencies, load_procedures).")
        pairs = [(a, f) for a in agencies for f in fields]
        per_row = dossiers / (len(pairs) * 365)
        span = list(range(last_year - years + 1, last_year + 1))
        started = time.perf_counter()
        with transaction.atomic():
            DailyAgencyStat.objects.all().delete()
            YearOpening.objects.all().delete()
            columns = ["agency_id", "field_id", "day", *COUNTERS]
            rows = _rows(pairs, span, per_row)
            if connection.vendor == "postgresql":
                table = DailyAgencyStat._meta.db_table
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
                ):
                    buffer = io.StringIO()
                    for n, row in enumerate(rows, 1):
                        buffer.write("\t".join(map(str, row)) + "\n")
                        if n % 100_000 == 0:
                            copy.write(buffer.getvalue())
                            buffer = io.StringIO()
                    copy.write(buffer.getvalue())
            else:
                batch = []
                for row in rows:
                    batch.append(DailyAgencyStat(**dict(zip(columns, row, strict=True))))
                    if len(batch) == 5000:
                        DailyAgencyStat.objects.bulk_create(batch)
                        batch = []
                DailyAgencyStat.objects.bulk_create(batch)
            loaded = time.perf_counter()
            months, openings = rollups.rebuild_derived()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {DailyAgencyStat._meta.db_table}")
                cursor.execute(f"ANALYZE {YearOpening._meta.db_table}")
                cursor.execute(f"ANALYZE {MonthlyAgencyStat._meta.db_table}")
        count = DailyAgencyStat.objects.count()
        self.stdout.write(
            f"reports_synthetic: {count:,} daily rows ({len(pairs):,} pairs × {years} years, ≈{dossiers:,} receipts "
            f"a year) in {loaded - started:.1f} s; {months:,} monthly rows and {openings:,} opening balances in "
            f"{time.perf_counter() - loaded:.1f} s."
        )
