from datetime import date

from django.core.management import call_command

from motcua.workdays.constants import HolidayKind
from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow


def _snapshot():
    return (
        sorted(WorkingCalendar.objects.values_list("pk", "name", "province_id", "updated_at")),
        sorted(WorkingWindow.objects.values_list("pk", "calendar_id", "weekday", "start", "end")),
        sorted(Holiday.objects.values_list("pk", "date", "kind", "name", "source", "updated_at")),
    )


def test_it_is_idempotent(db):
    call_command("load_calendars", stdout=None)
    first = _snapshot()
    call_command("load_calendars")
    assert _snapshot() == first
    assert WorkingCalendar.objects.count() == 1
    assert WorkingWindow.objects.count() == 10  # Mon–Fri, two windows each


def test_it_loads_statutory_days_and_the_data_file_which_wins(db):
    call_command("load_calendars")
    swap = Holiday.objects.get(date=date(2026, 8, 22))
    assert swap.kind == HolidayKind.COMPENSATORY_WORKING_DAY
    assert "9441/TB-BNV" in swap.source
    assert Holiday.objects.get(date=date(2026, 1, 2)).kind == HolidayKind.SWAPPED_DAY_OFF  # not in the package
    tet = Holiday.objects.get(date=date(2026, 2, 17))
    assert tet.kind == HolidayKind.STATUTORY and "9441/TB-BNV" in tet.source  # data file over package
    assert Holiday.objects.get(date=date(2027, 9, 2)).kind == HolidayKind.STATUTORY  # package only
    assert all(h.source for h in Holiday.objects.all())
    assert not Holiday.objects.filter(date__year__in=[2024, 2028]).exists()


def test_it_repairs_an_edited_row_and_keeps_extra_ones(db):
    call_command("load_calendars")
    Holiday.objects.filter(date=date(2026, 8, 22)).update(kind=HolidayKind.STATUTORY)
    Holiday.objects.create(date=date(2026, 12, 31), name="Local", kind=HolidayKind.SWAPPED_DAY_OFF, source="QĐ 1")
    call_command("load_calendars")
    assert Holiday.objects.get(date=date(2026, 8, 22)).kind == HolidayKind.COMPENSATORY_WORKING_DAY
    assert Holiday.objects.filter(date=date(2026, 12, 31)).exists()


def test_it_creates_the_province_calendar_when_the_province_is_loaded(province):
    call_command("load_calendars")
    calendar = WorkingCalendar.objects.get()
    assert calendar.province == province and calendar.agency is None
    call_command("load_calendars")
    assert WorkingCalendar.objects.count() == 1
