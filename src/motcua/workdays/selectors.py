"""Read queries of the workdays app: which calendar applies, and its compiled form (cached)."""

from __future__ import annotations

import threading
from datetime import time, timedelta

from django.db.models import Count, Max

from motcua.divisions.constants import Tier
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.divisions.selectors import current_province
from motcua.workdays import engine, statutory
from motcua.workdays.models import Holiday, WorkingCalendar

_lock = threading.Lock()
_compiled: dict[tuple, engine.CompiledCalendar] = {}


def clear_cache() -> None:
    """Forget compiled calendars of this process (called on every calendar, window or holiday change)."""
    with _lock:
        _compiled.clear()


def province_of(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The province-level ancestor of a unit (itself if it is a province)."""
    seen = 0
    while unit is not None and unit.tier != Tier.PROVINCE and seen < 5:
        unit = unit.parent
        seen += 1
    return unit if unit is not None and unit.tier == Tier.PROVINCE else None


def default_calendar() -> WorkingCalendar | None:
    """The installation's calendar: its province's (settings.MOTCUA_PROVINCE_CODE), else one with no province."""
    province = current_province()
    if province is not None:
        calendar = WorkingCalendar.objects.filter(province=province, agency__isnull=True).first()
        if calendar is not None:
            return calendar
    return WorkingCalendar.objects.filter(province__isnull=True, agency__isnull=True).order_by("pk").first()


def calendar_for_agency(agency: Agency) -> WorkingCalendar | None:
    """The agency's own calendar, else its province's, else the installation's default (None if none exist)."""
    own = WorkingCalendar.objects.filter(agency=agency).first()
    if own is not None:
        return own
    province = province_of(agency.unit)
    if province is not None:
        calendar = WorkingCalendar.objects.filter(province=province, agency__isnull=True).first()
        if calendar is not None:
            return calendar
    return default_calendar()


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).select_related("unit__parent__parent").first()


def _holidays_stamp() -> tuple:
    # One cheap aggregate: any insert, update or delete of a holiday changes it, in every process.
    stamp = Holiday.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return stamp["n"], stamp["last"]


def _hours(value) -> timedelta:
    return timedelta(seconds=round(float(value) * 3600))


def calendar_spec(calendar: WorkingCalendar, first_year=None, last_year=None) -> engine.CalendarSpec:
    """Build the engine's spec of a stored calendar.

    Days: national holiday rows overlaid by this calendar's rows. Years of the horizon without any
    stored row fall back to the statutory days of the `holidays` package plus our data file, so a
    dossier of 2028 does not count Tết as working time before the administrator loads 2028.
    A calendar without windows gets the default windows (Mon–Fri 07:00–11:30, 13:30–17:00).
    """
    first_year = first_year or engine.DEFAULT_FIRST_YEAR
    last_year = last_year or engine.DEFAULT_LAST_YEAR
    weekly: list[list[tuple[time, time]]] = [[] for _ in range(7)]
    windows = list(calendar.windows.all())
    for window in windows:
        weekly[window.weekday].append((window.start, window.end))
    week = tuple(tuple(sorted(day)) for day in weekly) if windows else engine.DEFAULT_WEEK
    rows = {h.date: h for h in Holiday.objects.filter(calendar__isnull=True)}
    rows.update({h.date: h for h in Holiday.objects.filter(calendar=calendar)})
    stored_years = {day.year for day in rows}
    missing = [y for y in range(first_year, last_year + 1) if y not in stored_years]
    merged = dict(statutory.merged_holidays(missing)) if missing else {}
    merged.update(rows)
    return statutory.spec_from_rows(
        calendar.name,
        merged.values(),
        weekly=week,
        cutoff=calendar.same_day_cutoff,
        due_soon=_hours(calendar.due_soon_hours),
        working_day=_hours(calendar.working_day_hours),
        timezone=calendar.timezone,
        first_year=first_year,
        last_year=last_year,
    )


def compiled_calendar(calendar: WorkingCalendar | None) -> engine.CompiledCalendar:
    """The compiled calendar (the built-in one when `calendar` is None), cached until something changes."""
    if calendar is None:
        return statutory.builtin_calendar()
    key = (calendar.pk, calendar.updated_at, _holidays_stamp())
    with _lock:
        found = _compiled.get(key)
    if found is not None:
        return found
    compiled = engine.CompiledCalendar(calendar_spec(calendar))
    with _lock:
        if len(_compiled) > 64:
            _compiled.clear()
        _compiled[key] = compiled
    return compiled
