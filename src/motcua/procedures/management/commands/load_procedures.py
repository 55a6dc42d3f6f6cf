"""`motcua load_procedures [FILE]`: load the demo TTHC catalogue (idempotent, keyed by national code)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.procedures.actions import DEMO_FILE, load_demo
from motcua.procedures.exchange import CatalogueFileError
from motcua.procedures.management.commands._progress import TextProgress


class Command(BaseCommand):
    help = (
        "Load the demo procedure catalogue (default: the shipped procedures/data/demo_catalogue.yaml) and build "
        "processes for the agencies in the database that match each template's kind and level."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEMO_FILE), help="YAML catalogue file")

    def handle(self, *args, file, **options):
        try:
            summary = load_demo(file, progress=TextProgress(self.stderr))
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except CatalogueFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error.sheet} #{error.row}, {error.column or '-'}: {error.reason}")
            raise CommandError(f"{len(exc.errors)} error(s) in {file}; nothing was loaded.") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for warning in summary.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {summary.fields} fields and {summary.procedures} procedures "
                f"({summary.procedures_created} new); {summary.processes} processes with {summary.steps} steps."
            )
        )
