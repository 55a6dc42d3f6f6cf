"""Properties of the deadline engine on the real calendar (statutory days + announced swaps, 2025–2027)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import engine, statutory
from motcua.workdays.engine import Duration

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = statutory.builtin_calendar()
SPEC = CAL.spec

starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 11, 30), timezones=st.just(TZ))
# Up to 30 working days, to the second; a few microsecond-precise amounts as well.
amounts = st.one_of(
    st.integers(min_value=1, max_value=30 * 8 * 3600).map(lambda s: timedelta(seconds=s)),
    st.integers(min_value=1, max_value=10**10).map(lambda us: timedelta(microseconds=us)),
)
pauses = st.tuples(starts, st.integers(min_value=0, max_value=10 * 86400)).map(
    lambda p: (p[0], p[0] + timedelta(seconds=p[1]))
)
fast = settings(max_examples=150, deadline=None)


def in_or_at_end_of_window(t: datetime) -> bool:
    local = t.astimezone(TZ)
    return any(start < local.time() <= end for start, end in SPEC.windows_on(local.date()))


@fast
@given(starts, amounts)
def test_due_is_not_before_start_and_ends_in_a_window(start, amount):
    due = CAL.add_working_time(start, amount)
    assert due > start
    assert due.tzinfo is not None and due.utcoffset() == timedelta(hours=7)
    assert CAL.is_working_day(due.astimezone(TZ).date())
    assert in_or_at_end_of_window(due)


@fast
@given(starts, starts, amounts)
def test_monotone_in_start(a, b, amount):
    a, b = sorted((a, b))
    assert CAL.add_working_time(a, amount) <= CAL.add_working_time(b, amount)


@fast
@given(starts, amounts, amounts)
def test_monotone_in_duration(start, x, y):
    x, y = sorted((x, y))
    assert CAL.add_working_time(start, x) <= CAL.add_working_time(start, y)


@fast
@given(starts, amounts, amounts)
def test_adding_a_then_b_equals_adding_a_plus_b(start, a, b):
    assert CAL.add_working_time(CAL.add_working_time(start, a), b) == CAL.add_working_time(start, a + b)


@fast
@given(starts, amounts)
def test_working_time_between_start_and_due_is_the_duration(start, amount):
    assert CAL.working_time_between(start, CAL.add_working_time(start, amount)) == amount


@fast
@given(starts, st.integers(min_value=1, max_value=40))
def test_working_days_are_eight_working_hours(start, days):
    assert CAL.due_date(start, Duration.working_days(days)) == CAL.add_working_time(start, timedelta(hours=8 * days))


@fast
@given(starts, st.integers(min_value=1, max_value=60))
def test_calendar_days_and_same_day_end_at_a_close_of_business(start, days):
    for duration in (Duration.calendar_days(days), Duration.same_day()):
        due = CAL.due_date(start, duration)
        assert due >= start
        local = due.astimezone(TZ)
        assert local.time() == SPEC.windows_on(local.date())[-1][1]


@fast
@given(starts, amounts, pauses, pauses)
def test_pauses_push_the_due_date_by_their_working_time(start, amount, p1, p2):
    duration = Duration.working_hours(Decimal(amount // timedelta(microseconds=1)) / Decimal(3_600_000_000))
    assert CAL.due_date(start, duration) == CAL.add_working_time(start, amount)
    base = CAL.due_date(start, duration)
    pushed = CAL.due_date(start, duration, [p1])
    assert CAL.working_time_between(base, pushed) == CAL.working_time_between(*p1)
    # The same pause twice is counted once; two disjoint pauses add up.
    assert CAL.due_date(start, duration, [p1, p1]) == pushed
    if p1[1] <= p2[0] or p2[1] <= p1[0]:
        both = CAL.due_date(start, duration, [p1, p2])
        paused = CAL.working_time_between(*p1) + CAL.working_time_between(*p2)
        assert CAL.working_time_between(base, both) == paused


@fast
@given(starts, amounts)
def test_classification_of_open_and_finished_dossiers_is_consistent(start, amount):
    due = CAL.add_working_time(start, amount)
    assert CAL.classify_open(due, due) is not engine.OpenStatus.OVERDUE
    assert CAL.classify_open(due, due + timedelta(microseconds=1)) is engine.OpenStatus.OVERDUE
    assert CAL.classify_finished(due, due) is engine.Timeliness.ON_TIME
    assert CAL.classify_finished(due, due + timedelta(microseconds=1)) is engine.Timeliness.LATE


def test_naive_datetimes_are_refused():
    with pytest.raises(engine.NaiveDatetimeError):
        CAL.due_date(datetime(2026, 3, 2, 8), Duration.working_days(1))
    with pytest.raises(engine.NaiveDatetimeError):
        CAL.working_time_between(datetime(2026, 3, 2, 8), datetime(2026, 3, 3, 8, tzinfo=TZ))


def test_instants_outside_the_horizon_are_refused():
    with pytest.raises(engine.OutOfHorizonError):
        CAL.due_date(datetime(2017, 6, 1, 8, tzinfo=TZ), Duration.working_days(1))
    with pytest.raises(engine.OutOfHorizonError):
        CAL.due_date(datetime(2040, 12, 20, 8, tzinfo=TZ), Duration.working_days(100))


@pytest.mark.parametrize("amount", [0, -1, "nan", "inf", "abc"])
def test_non_positive_or_non_numeric_durations_are_refused(amount):
    with pytest.raises(engine.InvalidDurationError):
        Duration.working_days(amount)


def test_calendar_days_must_be_whole():
    with pytest.raises(engine.InvalidDurationError):
        Duration.calendar_days("1.5")


def test_other_time_zones_give_the_same_instant():
    start = datetime(2026, 3, 2, 1, 0, tzinfo=ZoneInfo("UTC"))  # 08:00 in Hồ Chí Minh City
    due = CAL.due_date(start, Duration.working_days(1))
    assert due == datetime(2026, 3, 3, 8, 0, tzinfo=TZ)
    assert due.tzinfo == TZ


def test_a_spec_with_overlapping_windows_is_invalid():
    from datetime import time

    with pytest.raises(engine.InvalidCalendarError):
        engine.CalendarSpec(name="x", weekly=(((time(7), time(12)), (time(11), time(17))),) + ((),) * 6)


@fast
@given(starts, starts, st.integers(min_value=1, max_value=60))
def test_calendar_days_and_same_day_are_monotone_in_start(a, b, days):
    a, b = sorted((a, b))
    for duration in (Duration.calendar_days(days), Duration.same_day()):
        assert CAL.due_date(a, duration) <= CAL.due_date(b, duration)
    assert CAL.due_date(a, Duration.calendar_days(days)) <= CAL.due_date(a, Duration.calendar_days(days + 1))
