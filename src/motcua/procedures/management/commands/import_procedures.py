"""`motcua import_procedures FILE.xlsx`: import the TTHC catalogue from Excel, all or nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.procedures.actions import import_tables
from motcua.procedures.exchange import CatalogueFileError, read_workbook
from motcua.procedures.management.commands._progress import TextProgress


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue from an Excel workbook (sheets fields, procedures, performers, documents, "
        "fees, steps). Any bad row is reported by sheet, row and column, and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .xlsx workbook")
        parser.add_argument("--keep-processes", action="store_true", help="Do not replace the processes (steps)")

    def handle(self, *args, file, keep_processes=False, **options):
        try:
            tables = read_workbook(file)
            summary = import_tables(tables, replace_processes=not keep_processes, progress=TextProgress(self.stderr))
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except CatalogueFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error.sheet} row {error.row}, column {error.column or '-'}: {error.reason}")
            raise CommandError(f"{len(exc.errors)} bad row(s); nothing was imported.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.fields} fields, {summary.procedures} procedures "
                f"({summary.procedures_created} new), {summary.processes} processes, {summary.steps} steps."
            )
        )
