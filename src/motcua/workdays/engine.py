"""The deadline engine: pure functions over a compiled working calendar. No Django, no ORM, no I/O.

Model
-----
A calendar is a set of working *windows* (e.g. Mon–Fri 07:00–11:30 and 13:30–17:00, local time), minus
days off (statutory holidays, swapped days off), plus compensatory working days (ngày làm bù, e.g. a
Saturday), which use the calendar's standard windows (those of its first weekday with windows).

`compile_calendar(spec)` lays every window of the horizon (`first_year`..`last_year`) on a time line of
integer microseconds since the Unix epoch and records, for each window, the working time accumulated
before it. Two monotone maps follow, each one `bisect`:

* ``position(t)``: working time from the horizon's start up to instant ``t`` (flat outside windows);
* ``instant(T)``: the earliest instant whose position is ``T`` — found with ``bisect_left`` over the
  window *ends*, so a position that lands exactly on a window's end stays there (17:00 is returned as
  17:00 of that day, never as 07:00 of the next working day).

A duration of working time ``d`` from ``start`` is due at ``instant(position(start) + d)``. Consequences
(checked by the property tests): due ≥ start; monotone in start and in duration; adding ``a`` then ``b``
equals adding ``a + b``; a start outside working time counts from the next opening; every due instant
is inside a window or at its end; ``working_time_between(start, due) == d``.

Rules chosen (documented in the API schema and the tests):

* Windows are half-open ``[open, close)``: a dossier received at exactly 17:00 (or 11:30) is outside
  working time and counts from the next opening. A due instant may be a window's close.
* Working days are 8 working hours each (``CalendarSpec.working_day``), counted through the windows
  (procedure time limits are stated in working days; Labour Code 2019 art. 105 sets the normal day at
  8 hours).
* Calendar days: N days after the (effective) receipt date, at close of business; if that day is not a
  working day, the close of the next working day.
* Same day: received (effective start) strictly before the cut-off (default 15:00) → close of business
  that day; at or after it → close of the next working day.
* The effective start of every kind is the receipt instant, or the next opening when received outside
  working time (the project's rule, DOMAIN.md "Deadlines"; the article of Decree 118/2025/NĐ-CP saying
  so was not located).
* Pauses (supplement requested, financial obligation pending) push the due instant by the working time
  spent paused; overlapping pauses are merged first, so no time is counted twice.
* Finished dossiers: LATE if finished after the due instant; EARLY if finished on a calendar day before
  the due instant's day; ON_TIME otherwise (on the due day, at or before the due instant). This follows
  the three columns "trước hạn / đúng hạn / quá hạn" of the statistics forms of Circular 03/2025/TT-VPCP
  (previously Circular 01/2018/TT-VPCP); the text defining the columns could not be located, so the
  day-based boundary between "early" and "on time" is our documented reading.
* Open dossiers: OVERDUE after the due instant (the due instant itself is still in time); DUE_SOON
  when the working time left is at most the calendar's threshold (default 8 working hours, a local
  convention); IN_TIME otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = 1_000_000  # microseconds per second
HOUR = 3600 * US
ONE_DAY = timedelta(days=1)

Window = tuple[time, time]
# Giờ hành chính: 07:00–11:30 and 13:30–17:00 is the common provincial schedule.
DEFAULT_WINDOWS: tuple[Window, ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
DEFAULT_WEEK: tuple[tuple[Window, ...], ...] = (DEFAULT_WINDOWS,) * 5 + ((), ())  # Mon..Sun
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_FIRST_YEAR = 2018  # Decree 61/2018/NĐ-CP: old dossiers must still resolve
DEFAULT_LAST_YEAR = 2040


class DeadlineError(ValueError):
    """Base of the engine's errors; `code` is a stable machine-readable string."""

    code = "invalid"


class NaiveDatetimeError(DeadlineError):
    code = "naive_datetime"


class OutOfHorizonError(DeadlineError):
    code = "out_of_range"


class InvalidDurationError(DeadlineError):
    code = "invalid_duration"


class InvalidCalendarError(DeadlineError):
    code = "invalid_calendar"


class DurationKind(StrEnum):
    WORKING_DAYS = "working_days"  # ngày làm việc
    WORKING_HOURS = "working_hours"  # giờ làm việc
    CALENDAR_DAYS = "calendar_days"  # ngày (lịch)
    SAME_DAY = "same_day"  # trong ngày


class Timeliness(StrEnum):
    """Finished dossiers (hồ sơ đã giải quyết)."""

    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


class OpenStatus(StrEnum):
    """Dossiers in progress (hồ sơ đang giải quyết)."""

    IN_TIME = "in_time"  # trong hạn
    DUE_SOON = "due_soon"  # sắp đến hạn
    OVERDUE = "overdue"  # quá hạn


def _decimal(value) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidDurationError(f"not a number: {value!r}") from exc
    if not amount.is_finite():
        raise InvalidDurationError(f"not a finite number: {value!r}")
    return amount


@dataclass(frozen=True, slots=True)
class Duration:
    """A processing time (thời hạn giải quyết). `amount` is ignored for SAME_DAY."""

    kind: DurationKind
    amount: Decimal = Decimal(0)

    def __post_init__(self):
        object.__setattr__(self, "kind", DurationKind(self.kind))
        if self.kind is DurationKind.SAME_DAY:
            object.__setattr__(self, "amount", Decimal(0))
            return
        amount = _decimal(self.amount)
        if amount <= 0:
            raise InvalidDurationError("a duration must be positive")
        if self.kind is DurationKind.CALENDAR_DAYS and amount != amount.to_integral_value():
            raise InvalidDurationError("calendar days must be a whole number")
        object.__setattr__(self, "amount", amount)

    @classmethod
    def working_days(cls, n) -> Duration:
        return cls(DurationKind.WORKING_DAYS, n)

    @classmethod
    def working_hours(cls, h) -> Duration:
        return cls(DurationKind.WORKING_HOURS, h)

    @classmethod
    def calendar_days(cls, n) -> Duration:
        return cls(DurationKind.CALENDAR_DAYS, n)

    @classmethod
    def same_day(cls) -> Duration:
        return cls(DurationKind.SAME_DAY)


@dataclass(frozen=True)
class CalendarSpec:
    """Everything the engine needs to know about a calendar; hashable, so compiled forms are cached."""

    name: str
    weekly: tuple[tuple[Window, ...], ...] = DEFAULT_WEEK  # index 0 = Monday
    days_off: frozenset[date] = field(default_factory=frozenset)  # statutory + swapped days off
    extra_working_days: frozenset[date] = field(default_factory=frozenset)  # ngày làm bù
    cutoff: time = time(15, 0)  # same-day cut-off (received after → next working day)
    due_soon: timedelta = timedelta(hours=8)
    working_day: timedelta = timedelta(hours=8)
    timezone: str = DEFAULT_TIMEZONE
    first_year: int = DEFAULT_FIRST_YEAR
    last_year: int = DEFAULT_LAST_YEAR

    def __post_init__(self):
        if len(self.weekly) != 7:
            raise InvalidCalendarError("weekly needs 7 entries, Monday first")
        for windows in self.weekly:
            previous_end = None
            for start, end in windows:
                if start.tzinfo is not None or end.tzinfo is not None:
                    raise InvalidCalendarError("window times are local, without tzinfo")
                if not start < end:
                    raise InvalidCalendarError(f"window {start}–{end} is empty")
                if previous_end is not None and start < previous_end:
                    raise InvalidCalendarError("windows of a day must be sorted and must not overlap")
                previous_end = end
        if not any(self.weekly) and not self.extra_working_days:
            raise InvalidCalendarError("a calendar needs at least one working window")
        both = self.days_off & self.extra_working_days
        if both:
            raise InvalidCalendarError(f"days both off and working: {sorted(both)}")
        if self.working_day <= timedelta(0) or self.due_soon < timedelta(0):
            raise InvalidCalendarError("working_day must be positive and due_soon not negative")
        if self.first_year > self.last_year:
            raise InvalidCalendarError("first_year after last_year")
        try:
            ZoneInfo(self.timezone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError on odd keys
            raise InvalidCalendarError(f"unknown time zone {self.timezone!r}") from exc

    @property
    def standard_windows(self) -> tuple[Window, ...]:
        """Windows of a compensatory working day: those of the first weekday that has windows."""
        for windows in self.weekly:
            if windows:
                return windows
        return DEFAULT_WINDOWS

    def windows_on(self, day: date) -> tuple[Window, ...]:
        if day in self.days_off:
            return ()
        if day in self.extra_working_days:
            return self.standard_windows
        return self.weekly[day.weekday()]


def _us(dt: datetime) -> int:
    """Aware datetime → integer microseconds since the epoch (exact; a naive datetime is an error)."""
    try:
        td = dt - EPOCH
    except TypeError as exc:
        raise NaiveDatetimeError("datetimes must be timezone-aware") from exc
    return (td.days * 86400 + td.seconds) * US + td.microseconds


class CompiledCalendar:
    """A calendar laid out on the time line over its horizon. Build with `compile_calendar`."""

    __slots__ = (
        "_close",
        "_cum_end",
        "_cum_start",
        "_ends",
        "_hi",
        "_lo",
        "_starts",
        "_working_ordinals",
        "cutoff",
        "due_soon_us",
        "name",
        "spec",
        "tz",
        "working_day_us",
    )

    def __init__(self, spec: CalendarSpec):
        self.spec = spec
        self.name = spec.name
        self.tz = tz = ZoneInfo(spec.timezone)
        self.cutoff = spec.cutoff
        self.due_soon_us = _td_us(spec.due_soon)
        self.working_day_us = _td_us(spec.working_day)
        starts: list[int] = []
        ends: list[int] = []
        cum_start: list[int] = []
        cum_end: list[int] = []
        close: dict[int, int] = {}
        ordinals: list[int] = []
        total = 0
        day = date(spec.first_year, 1, 1)
        last = date(spec.last_year, 12, 31)
        while day <= last:
            windows = spec.windows_on(day)
            if windows:
                ordinals.append(day.toordinal())
                for open_at, close_at in windows:
                    s = _us(datetime.combine(day, open_at, tzinfo=tz))
                    e = _us(datetime.combine(day, close_at, tzinfo=tz))
                    starts.append(s)
                    ends.append(e)
                    cum_start.append(total)
                    total += e - s
                    cum_end.append(total)
                close[day.toordinal()] = ends[-1]
            day += ONE_DAY
        if not starts:
            raise InvalidCalendarError("no working window in the horizon")
        self._starts, self._ends, self._cum_start, self._cum_end = starts, ends, cum_start, cum_end
        self._close = close
        self._working_ordinals = ordinals
        self._lo = _us(datetime.combine(date(spec.first_year, 1, 1), time(0), tzinfo=tz))
        self._hi = _us(datetime.combine(date(spec.last_year + 1, 1, 1), time(0), tzinfo=tz))

    def __repr__(self) -> str:
        return f"<CompiledCalendar {self.name!r} {self.spec.first_year}–{self.spec.last_year}>"

    # --- the two maps -------------------------------------------------------------------------------
    def _position(self, t: int) -> int:
        if t < self._lo or t > self._hi:
            raise OutOfHorizonError(f"outside the calendar's horizon {self.spec.first_year}–{self.spec.last_year}")
        i = bisect_right(self._starts, t) - 1
        if i < 0:
            return 0
        end = self._ends[i]
        return self._cum_start[i] + ((end if t >= end else t) - self._starts[i])

    def _instant(self, position: int) -> int:
        j = bisect_left(self._cum_end, position)
        if j >= len(self._cum_end):
            raise OutOfHorizonError(f"beyond the calendar's horizon (end of {self.spec.last_year})")
        return self._starts[j] + (position - self._cum_start[j])

    def _to_datetime(self, t: int) -> datetime:
        return (EPOCH + timedelta(microseconds=t)).astimezone(self.tz)

    def _effective(self, t: int) -> int:
        """`t` if inside a window (half-open), else the next opening."""
        if t < self._lo or t > self._hi:
            raise OutOfHorizonError(f"outside the calendar's horizon {self.spec.first_year}–{self.spec.last_year}")
        i = bisect_right(self._starts, t) - 1
        if i >= 0 and t < self._ends[i]:
            return t
        if i + 1 >= len(self._starts):
            raise OutOfHorizonError(f"no opening before the end of {self.spec.last_year}")
        return self._starts[i + 1]

    def _close_on_or_after(self, ordinal: int) -> int:
        k = bisect_left(self._working_ordinals, ordinal)
        if k >= len(self._working_ordinals):
            raise OutOfHorizonError(f"no working day before the end of {self.spec.last_year}")
        return self._close[self._working_ordinals[k]]

    def _paused(self, pauses: Iterable[tuple[datetime, datetime]]) -> int:
        spans = sorted((_us(a), _us(b)) for a, b in pauses)
        total = 0
        current_start = current_end = None
        for a, b in spans:
            if b < a:
                raise InvalidDurationError("a pause ends before it starts")
            if current_end is None or a > current_end:
                if current_end is not None:
                    total += self._position(current_end) - self._position(current_start)
                current_start, current_end = a, b
            elif b > current_end:
                current_end = b
        if current_end is not None:
            total += self._position(current_end) - self._position(current_start)
        return total

    # --- public API ---------------------------------------------------------------------------------
    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The instant when `amount` (> 0) of working time has elapsed since `start`."""
        us = _td_us(amount)
        if us <= 0:
            raise InvalidDurationError("a duration must be positive")
        return self._to_datetime(self._instant(self._position(_us(start)) + us))

    def add_working_us(self, start: datetime, us: int) -> datetime:
        """Hot path of `add_working_time` (bulk recomputation): `us` > 0 microseconds of working time."""
        return (EPOCH + timedelta(microseconds=self._instant(self._position(_us(start)) + us))).astimezone(self.tz)

    def due_date(
        self, start: datetime, duration: Duration, pauses: Iterable[tuple[datetime, datetime]] = ()
    ) -> datetime:
        """Due instant (hạn giải quyết) of a dossier received at `start`; see the module doc for the rules."""
        t = _us(start)
        kind = duration.kind
        if kind is DurationKind.WORKING_DAYS:
            due = self._instant(self._position(t) + _amount_us(duration.amount * self.working_day_us))
        elif kind is DurationKind.WORKING_HOURS:
            due = self._instant(self._position(t) + _amount_us(duration.amount * HOUR))
        else:
            effective = self._effective(t)
            local = self._to_datetime(effective)
            ordinal = local.toordinal()
            if kind is DurationKind.CALENDAR_DAYS:
                due = self._close_on_or_after(ordinal + int(duration.amount))
            elif local.time() < self.cutoff:
                due = self._close[ordinal]  # effective start is inside a window, so that day works
            else:
                due = self._close_on_or_after(ordinal + 1)
        if pauses:
            paused = self._paused(pauses)
            if paused:
                due = self._instant(self._position(due) + paused)
        return self._to_datetime(due)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b` (negative when `b` is before `a`)."""
        return timedelta(microseconds=self._position(_us(b)) - self._position(_us(a)))

    def is_working_time(self, t: datetime) -> bool:
        us = _us(t)
        return self._effective(us) == us

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself when inside a window, else the next window's opening."""
        return self._to_datetime(self._effective(_us(t)))

    def is_working_day(self, day: date) -> bool:
        return day.toordinal() in self._close

    def close_of_business(self, day: date) -> datetime:
        """Close of `day` if it is a working day, else of the next working day."""
        return self._to_datetime(self._close_on_or_after(day.toordinal()))

    def classify_finished(self, due: datetime, finished: datetime) -> Timeliness:
        if _us(finished) > _us(due):
            return Timeliness.LATE
        if finished.astimezone(self.tz).date() < due.astimezone(self.tz).date():
            return Timeliness.EARLY
        return Timeliness.ON_TIME

    def classify_open(self, due: datetime, now: datetime) -> OpenStatus:
        due_us, now_us = _us(due), _us(now)
        if now_us > due_us:
            return OpenStatus.OVERDUE
        if self._position(due_us) - self._position(now_us) <= self.due_soon_us:
            return OpenStatus.DUE_SOON
        return OpenStatus.IN_TIME


def _td_us(td: timedelta) -> int:
    return (td.days * 86400 + td.seconds) * US + td.microseconds


def _amount_us(value: Decimal) -> int:
    return int(value.to_integral_value())


@lru_cache(maxsize=64)
def compile_calendar(spec: CalendarSpec) -> CompiledCalendar:
    """Compile (and cache, keyed by the spec's value) a calendar."""
    return CompiledCalendar(spec)


# Module-level functions: the same operations, calendar first.
def due_date(
    calendar: CompiledCalendar,
    start: datetime,
    duration: Duration,
    pauses: Iterable[tuple[datetime, datetime]] = (),
) -> datetime:
    return calendar.due_date(start, duration, pauses)


def add_working_time(calendar: CompiledCalendar, start: datetime, amount: timedelta) -> datetime:
    return calendar.add_working_time(start, amount)


def working_time_between(calendar: CompiledCalendar, a: datetime, b: datetime) -> timedelta:
    return calendar.working_time_between(a, b)


def classify_finished(calendar: CompiledCalendar, due: datetime, finished: datetime) -> Timeliness:
    return calendar.classify_finished(due, finished)


def classify_open(calendar: CompiledCalendar, due: datetime, now: datetime) -> OpenStatus:
    return calendar.classify_open(due, now)
