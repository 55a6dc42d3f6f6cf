"""`motcua export_procedures FILE.xlsx`: write the whole TTHC catalogue to Excel (re-importable)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.procedures.actions import export_tables
from motcua.procedures.exchange import write_workbook
from motcua.procedures.management.commands._progress import TextProgress


class Command(BaseCommand):
    help = "Export the procedure catalogue to an Excel workbook that import_procedures reads back."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .xlsx workbook to write")

    def handle(self, *args, file, **options):
        progress = TextProgress(self.stderr)
        tables = export_tables()
        sheets = list(tables)
        for done, sheet in enumerate(sheets, start=1):
            progress(done, len(sheets), sheet)
        write_workbook(file, tables)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(tables['procedures'])} procedures and {len(tables['steps'])} steps to {file}."
            )
        )
