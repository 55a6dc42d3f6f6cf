"""Vietnamese days off without Django: statutory days from the `holidays` package merged with our data file.

`merged_holidays(years)` is what `motcua load_calendars` writes to the Holiday table and what the built-in
calendar (used when no calendar exists in the database) is made of. On the same date the data file wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from motcua.workdays import engine

DATA_FILE = Path(__file__).resolve().parent / "data" / "holidays_vn.json"

# Holiday kinds (same values as constants.HolidayKind, kept here without Django).
STATUTORY = "statutory"
SWAPPED_DAY_OFF = "swapped_day_off"
COMPENSATORY_WORKING_DAY = "compensatory_working_day"
KINDS = (STATUTORY, SWAPPED_DAY_OFF, COMPENSATORY_WORKING_DAY)
DAY_OFF_KINDS = (STATUTORY, SWAPPED_DAY_OFF)

LABOUR_CODE_HOLIDAYS = "Bộ luật Lao động 2019, Điều 112 khoản 1"
LABOUR_CODE_COMPENSATION = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)"


@dataclass(frozen=True)
class HolidayRow:
    date: date
    kind: str
    name: str
    source: str
    note: str = ""


def package_holidays(years) -> dict[date, HolidayRow]:
    """Statutory days off of the `holidays` package (Vietnam), with their compensations and swaps."""
    import holidays

    years = list(years)
    names_vi = holidays.country_holidays("VN", years=years, language="vi")
    names_en = holidays.country_holidays("VN", years=years, language="en_US")
    # Without the observed rule the package gives the statutory days and the Government's swaps only;
    # what the rule adds are compensatory days off (nghỉ bù) for holidays falling on a weekend.
    plain = holidays.country_holidays("VN", years=years, observed=False)
    version = getattr(holidays, "__version__", "?")
    rows = {}
    for day, name in sorted(names_vi.items()):
        english = names_en.get(day, "")
        compensation = day not in plain or "observed" in english
        swapped = "substituted" in english or "Day off" in english
        kind = SWAPPED_DAY_OFF if compensation or swapped else STATUTORY
        source = LABOUR_CODE_COMPENSATION if compensation else LABOUR_CODE_HOLIDAYS
        if swapped:
            source = "Hoán đổi ngày làm việc theo thông báo của Chính phủ"
        rows[day] = HolidayRow(day, kind, name, f"{source} (holidays {version})")
    return rows


@lru_cache(maxsize=4)
def _data_file(path: Path) -> tuple[dict, tuple[HolidayRow, ...]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for item in raw["rows"]:
        row = HolidayRow(
            date=date.fromisoformat(item["date"]),
            kind=item["kind"],
            name=item["name"],
            source=item["source"],
            note=item.get("note", ""),
        )
        if row.kind not in KINDS:
            raise ValueError(f"{path}: unknown kind {row.kind!r} on {row.date}")
        if not row.source:
            raise ValueError(f"{path}: row {row.date} has no source")
        rows.append(row)
    return raw.get("years", {}), tuple(rows)


def data_file_rows(path: Path = DATA_FILE) -> tuple[HolidayRow, ...]:
    return _data_file(path)[1]


def data_file_years(path: Path = DATA_FILE) -> dict[str, str]:
    """Per year, what the data file covers (e.g. that no 2027 notice was published yet)."""
    return _data_file(path)[0]


def merged_holidays(years, path: Path = DATA_FILE) -> dict[date, HolidayRow]:
    """Package days of `years` overlaid by the data file's rows of those years (the data file wins)."""
    years = sorted(set(years))
    merged = package_holidays(years)
    wanted = set(years)
    for row in data_file_rows(path):
        if row.date.year in wanted:
            merged[row.date] = row
    return dict(sorted(merged.items()))


def spec_from_rows(name: str, rows, **kwargs) -> engine.CalendarSpec:
    """A CalendarSpec whose days off and compensatory working days come from `rows` (HolidayRow-like)."""
    days_off = frozenset(r.date for r in rows if r.kind in DAY_OFF_KINDS)
    working = frozenset(r.date for r in rows if r.kind == COMPENSATORY_WORKING_DAY)
    return engine.CalendarSpec(name=name, days_off=days_off, extra_working_days=working, **kwargs)


@lru_cache(maxsize=4)
def builtin_spec(
    first_year: int = engine.DEFAULT_FIRST_YEAR, last_year: int = engine.DEFAULT_LAST_YEAR
) -> engine.CalendarSpec:
    """The built-in calendar: default windows, cut-off and threshold; package days + data file."""
    rows = merged_holidays(range(first_year, last_year + 1)).values()
    return spec_from_rows("Lịch làm việc mặc định (built-in)", rows, first_year=first_year, last_year=last_year)


def builtin_calendar(
    first_year: int = engine.DEFAULT_FIRST_YEAR, last_year: int = engine.DEFAULT_LAST_YEAR
) -> engine.CompiledCalendar:
    return engine.compile_calendar(builtin_spec(first_year, last_year))
