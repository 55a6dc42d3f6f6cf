"""Load the agencies of the configured province from divisions/data/agencies/<code>.yaml."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.divisions.actions import DataError, agencies_file, load_agencies
from motcua.divisions.constants import Tier
from motcua.divisions.selectors import current_province


class Command(BaseCommand):
    help = (
        "Load the agencies of the province MOTCUA_PROVINCE_CODE (or --file) with their QCVN 102:2016/BTTTT "
        "codes. Needs load_divisions first. Idempotent: keyed by (code, valid_from), updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=None, help="Agency YAML file (default: the province's).")

    def handle(self, *args, file=None, **options):
        code = settings.MOTCUA_PROVINCE_CODE
        path = file or agencies_file(code)
        if current_province() is None:
            raise CommandError(f"Province {code} is not loaded: run `motcua load_divisions` first.")
        if not path.exists():
            raise CommandError(f"No agency data for province {code} ({path}); write one like 82.yaml or pass --file.")
        try:
            report = load_agencies(path)
        except DataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Agencies from {path.name}:")
        for key in report.keys:
            period, tier = key
            self.stdout.write(
                f"  {period:<28} {Tier(tier).label!s:<15} {report.seen(key):>4}  (created {report.created[key]}, "
                f"updated {report.updated[key]}, unchanged {report.unchanged[key]})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"created {report.total('created')}, updated {report.total('updated')}, "
                f"unchanged {report.total('unchanged')}"
            )
        )
