"""The only code that writes calendars and holidays (besides the admin)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from motcua.divisions.selectors import current_province
from motcua.workdays import engine, statutory
from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow

DEFAULT_YEARS = (2025, 2026, 2027)


@dataclass
class LoadReport:
    calendar: WorkingCalendar | None = None
    calendar_created: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0


def _create_default_windows(calendar: WorkingCalendar) -> None:
    WorkingWindow.objects.bulk_create(
        WorkingWindow(calendar=calendar, weekday=weekday, start=start, end=end)
        for weekday, windows in enumerate(engine.DEFAULT_WEEK)
        for start, end in windows
    )


def ensure_default_calendar() -> tuple[WorkingCalendar, bool]:
    """The province's default calendar (or, when the province is not loaded, one without a province)."""
    province = current_province()
    if province is not None:
        found = WorkingCalendar.objects.filter(province=province, agency__isnull=True).first()
        name = f"Lịch làm việc {province.name}"
    else:
        found = WorkingCalendar.objects.filter(province__isnull=True, agency__isnull=True).order_by("pk").first()
        name = "Lịch làm việc mặc định"
    if found is not None:
        return found, False
    calendar = WorkingCalendar.objects.create(
        name=name,
        province=province,
        source="Giờ hành chính mặc định: 07:00–11:30, 13:30–17:00, thứ Hai–thứ Sáu",
    )
    _create_default_windows(calendar)
    return calendar, True


@transaction.atomic
def load_calendars(years=DEFAULT_YEARS) -> LoadReport:
    """Idempotent: create the default calendar if missing and upsert the national holidays of `years`.

    Statutory days come from the `holidays` package, merged with workdays/data/holidays_vn.json (the data
    file wins). Rows are written only when something differs, so a second run changes nothing.
    """
    report = LoadReport()
    report.calendar, report.calendar_created = ensure_default_calendar()
    existing = {h.date: h for h in Holiday.objects.filter(calendar__isnull=True, date__year__in=list(years))}
    for day, row in statutory.merged_holidays(years).items():
        wanted = {"name": row.name, "kind": row.kind, "source": row.source[:300], "note": row.note}
        holiday = existing.get(day)
        if holiday is None:
            report.created.append(Holiday.objects.create(date=day, calendar=None, **wanted))
        elif any(getattr(holiday, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(holiday, key, value)
            holiday.save()
            report.updated.append(holiday)
        else:
            report.unchanged += 1
    return report
