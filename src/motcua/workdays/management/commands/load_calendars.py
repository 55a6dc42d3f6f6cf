"""`motcua load_calendars`: the province's default calendar and the national holidays (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.workdays import statutory
from motcua.workdays.actions import DEFAULT_YEARS, load_calendars


class Command(BaseCommand):
    help = (
        "Create the province's default working calendar if missing and load holidays (statutory days from "
        "the `holidays` package merged with workdays/data/holidays_vn.json). Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            default=f"{DEFAULT_YEARS[0]}-{DEFAULT_YEARS[-1]}",
            help="Year or range of years to load, e.g. 2026 or 2025-2027 (default %(default)s).",
        )

    def handle(self, *args, years, **options):
        try:
            first, _, last = years.partition("-")
            span = range(int(first), int(last or first) + 1)
        except ValueError as exc:
            raise CommandError(f"--years {years!r}: expected YYYY or YYYY-YYYY") from exc
        if not span or len(span) > 50:
            raise CommandError(f"--years {years!r}: expected an increasing range of at most 50 years")
        report = load_calendars(tuple(span))
        verb = "created" if report.calendar_created else "kept"
        self.stdout.write(f"Calendar {verb}: {report.calendar} (id {report.calendar.pk})")
        self.stdout.write(
            f"Holidays {span.start}–{span.stop - 1}: {len(report.created)} created, "
            f"{len(report.updated)} updated, {report.unchanged} unchanged"
        )
        for year, coverage in statutory.data_file_years().items():
            if int(year) in span:
                self.stdout.write(f"  {year}: {coverage}")
