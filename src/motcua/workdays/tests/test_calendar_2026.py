"""Worked examples on the real 2026 calendar; each expected answer cites the document it follows.

Windows: Mon–Fri 07:00–11:30 and 13:30–17:00 (8 working hours a day); cut-off 15:00.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays import statutory
from motcua.workdays.engine import Duration, OpenStatus, Timeliness

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = statutory.builtin_calendar()


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


WD = Duration.working_days
WH = Duration.working_hours
CD = Duration.calendar_days
SAME = Duration.same_day()

EXAMPLES = [
    # Tết Bính Ngọ: off Sat 14/2 – Sun 22/2/2026 (Thông báo 9441/TB-BNV ngày 16/10/2025).
    ("tet-1-day", at(2026, 2, 13, 10), WD(1), at(2026, 2, 23, 10)),
    ("tet-window-end-stays", at(2026, 2, 13, 7), WD(1), at(2026, 2, 13, 17)),
    ("tet-received-on-a-day-off", at(2026, 2, 18, 9), WD(1), at(2026, 2, 23, 17)),
    ("tet-same-day-after-cutoff", at(2026, 2, 13, 16), SAME, at(2026, 2, 23, 17)),
    ("tet-same-day-before-cutoff", at(2026, 2, 13, 14, 59), SAME, at(2026, 2, 13, 17)),
    ("tet-same-day-at-cutoff", at(2026, 2, 13, 15), SAME, at(2026, 2, 23, 17)),
    ("tet-calendar-days-land-on-tet", at(2026, 2, 13, 10), CD(3), at(2026, 2, 23, 17)),
    # New Year: off Thu 1/1 – Sun 4/1/2026, Friday 2/1 worked on Saturday 10/1 (Công văn 12729/VPCP-KGVX).
    ("new-year", at(2025, 12, 31, 10), WD(1), at(2026, 1, 5, 10)),
    ("compensatory-saturday-10-1", at(2026, 1, 9, 10), WD(1), at(2026, 1, 10, 10)),
    # Hùng Kings' day Sun 26/4/2026, compensated Mon 27/4 (Labour Code 2019 art. 111(3)); 30/4 Thu, 1/5 Fri
    # (art. 112(1)(c)(d)).
    ("hung-kings-compensation", at(2026, 4, 24, 10), WD(1), at(2026, 4, 28, 10)),
    ("30-4-and-1-5", at(2026, 4, 29, 14), WD(1), at(2026, 5, 4, 14)),
    # National Day: off Sat 29/8 – Wed 2/9/2026, Monday 31/8 worked on Saturday 22/8 (Thông báo 9441/TB-BNV).
    ("compensatory-saturday-22-8", at(2026, 8, 21, 10), WD(1), at(2026, 8, 22, 10)),
    ("national-day", at(2026, 8, 28, 10), WD(1), at(2026, 9, 3, 10)),
    ("national-day-3-days", at(2026, 8, 27, 9), WD(3), at(2026, 9, 4, 9)),
    # Vietnam Culture Day Tue 24/11/2026 (Resolution 80-NQ/TW; holidays 0.109).
    ("culture-day", at(2026, 11, 23, 10), WD(1), at(2026, 11, 25, 10)),
    ("culture-day-after-hours", at(2026, 11, 23, 17), WH(1), at(2026, 11, 25, 8)),
    ("calendar-days-plain", at(2026, 11, 20, 9), CD(3), at(2026, 11, 23, 17)),
    # Lunch break is not working time: 10:00 + 2 h = 11:30 + 0.5 h → 14:00.
    ("lunch-break", at(2026, 3, 2, 10), WH(2), at(2026, 3, 2, 14)),
    ("half-a-day-is-4-hours", at(2026, 3, 2, 7), WD("0.5"), at(2026, 3, 2, 11)),
    ("received-at-11-30", at(2026, 3, 2, 11, 30), WH(1), at(2026, 3, 2, 14, 30)),
]


@pytest.mark.parametrize(("label", "start", "duration", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_worked_example(label, start, duration, expected):
    assert CAL.due_date(start, duration) == expected


def test_the_2026_days_off_and_working_saturdays():
    off = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 2, 16), date(2026, 2, 20), date(2026, 4, 27)]
    off += [date(2026, 4, 30), date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)]
    off += [date(2026, 11, 24)]
    for day in off:
        assert not CAL.is_working_day(day), day
    for day in (date(2026, 1, 10), date(2026, 8, 22)):
        assert CAL.is_working_day(day), day


def test_a_pause_pushes_the_due_date_by_the_working_time_paused():
    # Received Mon 2/3 08:00, 2 working days → Wed 4/3 08:00. Supplement requested Mon 13:30 → Tue 13:30
    # (3.5 h + 4.5 h = 8 working hours) → one working day later.
    start = at(2026, 3, 2, 8)
    assert CAL.due_date(start, WD(2)) == at(2026, 3, 4, 8)
    pause = (at(2026, 3, 2, 13, 30), at(2026, 3, 3, 13, 30))
    assert CAL.due_date(start, WD(2), [pause]) == at(2026, 3, 5, 8)
    # A pause over a weekend only counts its working time: Fri 16:00 → Mon 08:00 = 1 h + 1 h.
    weekend = (at(2026, 3, 6, 16), at(2026, 3, 9, 8))
    assert CAL.working_time_between(*weekend) == timedelta(hours=2)


def test_working_time_between():
    assert CAL.working_time_between(at(2026, 2, 13, 7), at(2026, 2, 23, 17)) == timedelta(hours=16)
    assert CAL.working_time_between(at(2026, 2, 23, 17), at(2026, 2, 13, 7)) == -timedelta(hours=16)


def test_finished_dossiers_are_early_on_time_or_late():
    due = at(2026, 2, 23, 10)
    assert CAL.classify_finished(due, at(2026, 2, 13, 15)) is Timeliness.EARLY
    assert CAL.classify_finished(due, at(2026, 2, 23, 7, 30)) is Timeliness.ON_TIME
    assert CAL.classify_finished(due, due) is Timeliness.ON_TIME
    assert CAL.classify_finished(due, due + timedelta(seconds=1)) is Timeliness.LATE


def test_open_dossiers_are_in_time_due_soon_or_overdue():
    due = at(2026, 2, 23, 10)
    assert CAL.classify_open(due, at(2026, 2, 12, 10)) is OpenStatus.IN_TIME  # 11 working hours left
    assert CAL.classify_open(due, at(2026, 2, 13, 9)) is OpenStatus.IN_TIME  # 2.5 + 3.5 + 3 = 9 h left
    assert CAL.classify_open(due, at(2026, 2, 13, 10)) is OpenStatus.DUE_SOON  # 8 h left: threshold included
    assert CAL.classify_open(due, at(2026, 2, 20, 12)) is OpenStatus.DUE_SOON  # Tết: 3 h left
    assert CAL.classify_open(due, due) is OpenStatus.DUE_SOON
    assert CAL.classify_open(due, due + timedelta(seconds=1)) is OpenStatus.OVERDUE


def test_2027_has_only_statutory_days_until_a_notice_is_published():
    assert "2027" in statutory.data_file_years()
    assert not [r for r in statutory.data_file_rows() if r.date.year == 2027]
    # Tết Đinh Mùi: mùng 1 is Sat 6/2/2027; the package's days off (5/2 eve, 8–9/2, compensations 4/2, 10/2).
    for day in (date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10)):
        assert not CAL.is_working_day(day), day
