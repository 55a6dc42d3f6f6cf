from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.management import call_command

from motcua.workdays import selectors, statutory
from motcua.workdays.engine import Duration
from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_without_any_calendar_the_builtin_one_is_used(db):
    assert selectors.default_calendar() is None
    assert selectors.compiled_calendar(None) is statutory.builtin_calendar()


def test_calendar_for_agency_prefers_its_own_then_its_province(commune_agency, department, province):
    assert selectors.calendar_for_agency(department) is None
    call_command("load_calendars")
    province_calendar = WorkingCalendar.objects.get(province=province)
    assert selectors.calendar_for_agency(commune_agency) == province_calendar  # commune → province
    own = WorkingCalendar.objects.create(name="own", agency=commune_agency, province=province)
    assert selectors.calendar_for_agency(commune_agency) == own
    assert selectors.calendar_for_agency(department) == province_calendar
    assert selectors.default_calendar() == province_calendar


def test_a_calendar_without_a_province_is_the_default_when_the_province_is_not_loaded(db):
    call_command("load_calendars")
    assert selectors.default_calendar() == WorkingCalendar.objects.get(province__isnull=True)


def test_the_compiled_calendar_is_cached_and_rebuilt_on_change(db):
    call_command("load_calendars")
    calendar = selectors.default_calendar()
    compiled = selectors.compiled_calendar(calendar)
    assert selectors.compiled_calendar(selectors.default_calendar()) is compiled
    start = datetime(2026, 3, 6, 10, tzinfo=TZ)  # Friday
    assert compiled.due_date(start, Duration.working_hours(8)) == datetime(2026, 3, 9, 10, tzinfo=TZ)
    WorkingWindow.objects.create(calendar=calendar, weekday=5, start=time(7), end=time(11, 30))  # Saturday
    rebuilt = selectors.compiled_calendar(selectors.default_calendar())
    assert rebuilt is not compiled
    assert rebuilt.due_date(start, Duration.working_hours(8)) == datetime(
        2026, 3, 7, 10, tzinfo=TZ
    )  # 5 h Friday + 3 h Saturday


def test_years_without_stored_holidays_fall_back_to_the_statutory_days(db):
    call_command("load_calendars")
    assert not Holiday.objects.filter(date__year=2028).exists()
    compiled = selectors.compiled_calendar(selectors.default_calendar())
    assert not compiled.is_working_day(date(2028, 1, 26))  # mùng 1 Tết Mậu Thân
    assert not compiled.is_working_day(date(2026, 1, 2))  # stored swap (Công văn 12729/VPCP-KGVX)


def test_a_calendar_holiday_overrides_the_national_row(db):
    call_command("load_calendars")
    calendar = selectors.default_calendar()
    Holiday.objects.create(
        calendar=calendar, date=date(2026, 8, 22), name="Không làm bù", kind="swapped_day_off", source="QĐ 2/QĐ-UBND"
    )
    compiled = selectors.compiled_calendar(selectors.default_calendar())
    assert not compiled.is_working_day(date(2026, 8, 22))
