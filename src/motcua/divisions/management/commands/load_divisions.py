"""Load administrative units: the configured province in both eras, or the whole country with --all."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.divisions.actions import DataError, load_divisions
from motcua.divisions.constants import Tier


class Command(BaseCommand):
    help = (
        "Load administrative units from vietnam-provinces (from 1/7/2025) and the shipped pre-2025 data: "
        "the province MOTCUA_PROVINCE_CODE with the old provinces merged into it, or the whole country "
        "with --all. Idempotent: rows are updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Load every province of both eras.")
        parser.add_argument(
            "--province", default=None, help="Province code from 1/7/2025 (default: MOTCUA_PROVINCE_CODE)."
        )

    def handle(self, *args, all=False, province=None, **options):
        code = None if all else (province or settings.MOTCUA_PROVINCE_CODE)
        started = time.monotonic()
        try:
            report = load_divisions(code)
        except DataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        what = "all provinces" if code is None else f"province {code} and its predecessors"
        self.stdout.write(f"Administrative units of {what} ({elapsed:.1f} s):")
        for key in report.keys:
            era, tier = key
            self.stdout.write(
                f"  {era:<17} {Tier(tier).label!s:<15} {report.seen(key):>6}  "
                f"(created {report.created[key]}, updated {report.updated[key]}, unchanged {report.unchanged[key]})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"created {report.total('created')}, updated {report.total('updated')}, "
                f"unchanged {report.total('unchanged')}"
            )
        )
