"""Keeping `DailyAgencyStat` current: a dossiers subscriber, a full recount, a rebuild and a check.

How the roll-ups stay consistent with the dossiers:

- `on_dossier_event` is registered with `dossiers.actions.subscribe` and runs *inside the transaction of
  every action* (and of the overdue sweep), after its event is written: the counter moves if and only if
  the state change commits.
- Each counter is changed by one `UPDATE … SET n = n + 1` (an F() expression, no read-modify-write); the
  first event of a (agency, field, day) inserts the row in a savepoint, and if a concurrent transaction
  inserted it first (IntegrityError on the unique constraint) we run the UPDATE again. This works the
  same on SQLite and PostgreSQL.
- `YearOpening` holds each (agency, field)'s stocks at 1 January (opening balances), so that "carried over"
  of a year's report does not sum all history. The same `bump` keeps it current: a counter that moves a
  stock (received, ended, overdue) also moves every snapshot of a later year of that pair (usually none:
  events happen today); the first daily row of a new year "rolls" the year: one GROUP BY over the daily rows
  before it writes that year's snapshots for every pair with history. A late event for an earlier day of a
  pair without a later snapshot first writes the missing snapshots.
  Known limit: a roll reads committed rows only, so a transaction still open at the same moment with an event
  dated in the previous year is missed by the roll; `reports_check` finds it and `reports_rebuild` repairs.
- `facts_of(dossier)` states the same rules from a dossier's *stored* fields; `recount()` applies it to
  every dossier. `reports_check` compares the recount with the table and `reports_rebuild` replaces the
  table with it (for data created before the subscriber existed, or after a bug).

Attribution: a dossier counts for its **receiving agency** (the agency whose process handles it, which never
changes; inter-agency steps at other agencies do not move it) and its procedure's field. Days are local
days (settings.TIME_ZONE).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import OVERDUE_EVENT
from motcua.reports.models import COUNTERS, DailyAgencyStat, MonthlyAgencyStat, YearOpening

RECEIVED_COUNTER = {
    Channel.ONLINE: "received_online",
    Channel.IN_PERSON: "received_in_person",
    Channel.POSTAL: "received_postal",
}
RESOLVED_COUNTER = {"early": "resolved_early", "on_time": "resolved_on_time", "late": "resolved_late"}
RESOLVED_STATUSES = frozenset({Status.DONE, Status.RETURNED})

Key = tuple[int, int, date]  # (agency id, field id, day)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


# How each counter moves the stocks of the opening balances: (snapshot field, sign).
STOCK_DELTA = {
    "received_online": ("open_count", 1),
    "received_in_person": ("open_count", 1),
    "received_postal": ("open_count", 1),
    "resolved_early": ("open_count", -1),
    "resolved_on_time": ("open_count", -1),
    "resolved_late": ("open_count", -1),
    "withdrawn": ("open_count", -1),
    "stopped": ("open_count", -1),
    "became_overdue": ("overdue_count", 1),
    "ended_overdue": ("overdue_count", -1),
}
OPEN_PLUS = ("received_online", "received_in_person", "received_postal")
OPEN_MINUS = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "stopped")


def bump(agency_id: int, field_id: int, day: date, counter: str, by: int = 1) -> None:
    """Add `by` to one counter of one row: UPDATE, else INSERT in a savepoint, else (lost the race) UPDATE;
    then move the opening balances of later years."""
    rows = DailyAgencyStat.objects.filter(agency_id=agency_id, field_id=field_id, day=day)
    if not rows.update(**{counter: F(counter) + by}):
        _ensure_openings(agency_id, field_id, day)
        try:
            with transaction.atomic():
                DailyAgencyStat.objects.create(agency_id=agency_id, field_id=field_id, day=day, **{counter: by})
        except IntegrityError:  # a concurrent transaction created the row first
            rows.update(**{counter: F(counter) + by})
    month = day.replace(day=1)
    months = MonthlyAgencyStat.objects.filter(agency_id=agency_id, field_id=field_id, month=month)
    if not months.update(**{counter: F(counter) + by}):
        try:
            with transaction.atomic():
                MonthlyAgencyStat.objects.create(agency_id=agency_id, field_id=field_id, month=month, **{counter: by})
        except IntegrityError:
            months.update(**{counter: F(counter) + by})
    if counter in STOCK_DELTA:
        name, sign = STOCK_DELTA[counter]
        YearOpening.objects.filter(agency_id=agency_id, field_id=field_id, year__gt=day.year).update(
            **{name: F(name) + sign * by}
        )


def _opening_sums(rows) -> dict[tuple[int, int], tuple[int, int]]:
    """{(agency, field): (open, overdue)} summed over daily `rows` (a queryset)."""
    sums = {k: Sum(k) for k in (*OPEN_PLUS, *OPEN_MINUS, "became_overdue", "ended_overdue")}
    out = {}
    for r in rows.values("agency_id", "field_id").order_by().annotate(**sums):
        opened = sum(r[k] or 0 for k in OPEN_PLUS) - sum(r[k] or 0 for k in OPEN_MINUS)
        out[(r["agency_id"], r["field_id"])] = (opened, (r["became_overdue"] or 0) - (r["ended_overdue"] or 0))
    return out


def roll_year(year: int) -> int:
    """Write the opening balances of `year` for every pair with daily rows before it (one GROUP BY).
    Idempotent under concurrency: if another transaction rolled it first, ours is dropped."""
    sums = _opening_sums(DailyAgencyStat.objects.filter(day__lt=date(year, 1, 1)))
    if not sums:
        return 0
    try:
        with transaction.atomic():
            YearOpening.objects.bulk_create(
                [
                    YearOpening(agency_id=a, field_id=f, year=year, open_count=o, overdue_count=v)
                    for (a, f), (o, v) in sorted(sums.items())
                ],
                batch_size=2000,
            )
    except IntegrityError:
        return 0
    return len(sums)


def _ensure_openings(agency_id: int, field_id: int, day: date) -> None:
    """Before the first daily row of a pair on `day`: roll `day`'s year if nobody has, and give the pair the
    snapshots of later rolled years it lacks (a late event), so that `bump` can move them."""
    if not YearOpening.objects.filter(year=day.year).exists():
        roll_year(day.year)
    later = {d.year for d in DailyAgencyStat.objects.filter(day__gte=date(day.year + 1, 1, 1)).dates("day", "year")}
    if not later:
        return
    later -= set(
        YearOpening.objects.filter(agency_id=agency_id, field_id=field_id, year__gt=day.year).values_list(
            "year", flat=True
        )
    )
    pair = DailyAgencyStat.objects.filter(agency_id=agency_id, field_id=field_id)
    for year in sorted(later):
        o, v = _opening_sums(pair.filter(day__lt=date(year, 1, 1))).get((agency_id, field_id), (0, 0))
        try:
            with transaction.atomic():
                YearOpening.objects.create(
                    agency_id=agency_id, field_id=field_id, year=year, open_count=o, overdue_count=v
                )
        except IntegrityError:
            pass


def _ended_counter(dossier: Dossier) -> str | None:
    """The counter of a dossier that has ended (resolved, withdrawn after receipt, stopped), else None."""
    if dossier.status in RESOLVED_STATUSES and dossier.timeliness in RESOLVED_COUNTER:
        return RESOLVED_COUNTER[dossier.timeliness]
    if dossier.status == Status.WITHDRAWN and dossier.received_at is not None:
        return "withdrawn"
    if dossier.status == Status.STOPPED:
        return "stopped"
    return None


def on_dossier_event(dossier: Dossier, event) -> None:
    """The subscriber: count what this event changed (called inside the action's transaction)."""
    kind = event.kind
    if kind not in _COUNTED_KINDS:
        return
    agency_id, field_id = dossier.receiving_agency_id, dossier.procedure.field_id
    if kind == Action.RECEIVE:
        bump(agency_id, field_id, _day(dossier.received_at), RECEIVED_COUNTER[Channel(dossier.channel)])
    elif kind == Action.REFUSE:
        bump(agency_id, field_id, _day(dossier.finished_at), "refused")
    elif kind == OVERDUE_EVENT:
        # mark_overdue passes the dossier as read before its UPDATE: overdue_at is being set to due_at.
        bump(agency_id, field_id, _day(dossier.overdue_at or dossier.due_at), "became_overdue")
    else:  # finish, withdraw, stop
        counter = _ended_counter(dossier)
        if counter is None:  # e.g. an online submission withdrawn before the desk received it
            return
        day = _day(dossier.finished_at)
        bump(agency_id, field_id, day, counter)
        if dossier.overdue_at is not None:
            bump(agency_id, field_id, day, "ended_overdue")


_COUNTED_KINDS = frozenset(
    {Action.RECEIVE.value, Action.REFUSE.value, Action.FINISH.value, Action.WITHDRAW.value, Action.STOP.value}
    | {OVERDUE_EVENT}
)


# --- recount -----------------------------------------------------------------------------------------------
_FACT_FIELDS = (
    "receiving_agency_id",
    "procedure__field_id",
    "channel",
    "status",
    "received_at",
    "finished_at",
    "timeliness",
    "overdue_at",
)


def facts_of(row: dict) -> list[tuple[Key, str]]:
    """The (key, counter) pairs a dossier contributes, from its stored fields (the recount's rules)."""
    key = (row["receiving_agency_id"], row["procedure__field_id"])
    out = []
    status = row["status"]
    if row["received_at"] is not None:
        out.append(((*key, _day(row["received_at"])), RECEIVED_COUNTER[Channel(row["channel"])]))
    if status == Status.NOT_RECEIVED and row["finished_at"] is not None:
        out.append(((*key, _day(row["finished_at"])), "refused"))
    if row["overdue_at"] is not None:
        out.append(((*key, _day(row["overdue_at"])), "became_overdue"))
    ended = None
    if status in RESOLVED_STATUSES and row["timeliness"] in RESOLVED_COUNTER:
        ended = RESOLVED_COUNTER[row["timeliness"]]
    elif status == Status.WITHDRAWN and row["received_at"] is not None:
        ended = "withdrawn"
    elif status == Status.STOPPED:
        ended = "stopped"
    if ended is not None and row["finished_at"] is not None:
        day = _day(row["finished_at"])
        out.append(((*key, day), ended))
        if row["overdue_at"] is not None:
            out.append(((*key, day), "ended_overdue"))
    return out


def recount(queryset=None) -> dict[Key, Counter]:
    """Every roll-up row recomputed from the dossiers themselves (a full scan; for checks and rebuilds)."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    table: dict[Key, Counter] = {}
    for row in queryset.order_by().values(*_FACT_FIELDS).iterator(chunk_size=5000):
        for key, counter in facts_of(row):
            table.setdefault(key, Counter())[counter] += 1
    return table


def months_of(table: dict[Key, Counter]) -> dict[Key, Counter]:
    """The monthly rows implied by a daily table (keys carry the month's first day)."""
    out: dict[Key, Counter] = {}
    for (a, f, day), counts in table.items():
        out.setdefault((a, f, day.replace(day=1)), Counter()).update(counts)
    return {k: +c for k, c in out.items() if +c}


def stored_months() -> dict[Key, Counter]:
    table: dict[Key, Counter] = {}
    rows = MonthlyAgencyStat.objects.values("agency_id", "field_id", "month", *COUNTERS)
    for row in rows.iterator(chunk_size=5000):
        counts = Counter({name: row[name] for name in COUNTERS if row[name]})
        if counts:
            table[(row["agency_id"], row["field_id"], row["month"])] = counts
    return table


def stored() -> dict[Key, Counter]:
    table: dict[Key, Counter] = {}
    for row in DailyAgencyStat.objects.values("agency_id", "field_id", "day", *COUNTERS).iterator(chunk_size=5000):
        counts = Counter({name: row[name] for name in COUNTERS if row[name]})
        if counts:
            table[(row["agency_id"], row["field_id"], row["day"])] = counts
    return table


def differences(expected: dict[Key, Counter], actual: dict[Key, Counter]) -> list[tuple[Key, str, int, int]]:
    """(key, counter, recounted, stored) for every cell that differs, sorted."""
    out = []
    for key in sorted(set(expected) | set(actual)):
        a, b = expected.get(key, Counter()), actual.get(key, Counter())
        for name in COUNTERS:
            if a[name] != b[name]:
                out.append((key, name, a[name], b[name]))
    return out


OpeningKey = tuple[int, int, int]  # (agency id, field id, year)


def openings_of(table: dict[Key, Counter]) -> dict[OpeningKey, tuple[int, int]]:
    """The opening balances implied by a daily table (the rule `roll_year` and `bump` keep): for every year
    with daily rows, every pair with a row before it, with its (open, overdue) stocks at 1 January."""
    years = sorted({day.year for (_a, _f, day) in table})
    per_pair: dict[tuple[int, int], Counter] = {}
    for (a, f, day), counts in table.items():
        yearly = per_pair.setdefault((a, f), Counter())
        yearly[(day.year, "open")] += sum(counts[k] for k in OPEN_PLUS) - sum(counts[k] for k in OPEN_MINUS)
        yearly[(day.year, "overdue")] += counts["became_overdue"] - counts["ended_overdue"]
    out = {}
    for (a, f), yearly in per_pair.items():
        first = min(y for y, _ in yearly)
        for year in years:
            if year <= first:
                continue
            out[(a, f, year)] = (
                sum(n for (y, k), n in yearly.items() if y < year and k == "open"),
                sum(n for (y, k), n in yearly.items() if y < year and k == "overdue"),
            )
    return out


def stored_openings() -> dict[OpeningKey, tuple[int, int]]:
    rows = YearOpening.objects.values_list("agency_id", "field_id", "year", "open_count", "overdue_count")
    return {(a, f, y): (o, v) for a, f, y, o, v in rows.iterator(chunk_size=5000)}


def opening_differences(expected: dict, actual: dict) -> list[tuple[OpeningKey, tuple, tuple]]:
    """(key, recounted (open, overdue), stored) for every snapshot that differs or is missing on one side."""
    return [
        (key, expected.get(key), actual.get(key))
        for key in sorted(set(expected) | set(actual))
        if expected.get(key) != actual.get(key)
    ]


def _write_months(months: dict[Key, Counter]) -> None:
    MonthlyAgencyStat.objects.all().delete()
    MonthlyAgencyStat.objects.bulk_create(
        [
            MonthlyAgencyStat(agency_id=a, field_id=f, month=m, **dict(counts))
            for (a, f, m), counts in sorted(months.items())
        ],
        batch_size=2000,
    )


def _write(table: dict[Key, Counter]) -> None:
    DailyAgencyStat.objects.all().delete()
    YearOpening.objects.all().delete()
    _write_months(months_of(table))
    DailyAgencyStat.objects.bulk_create(
        [
            DailyAgencyStat(agency_id=a, field_id=f, day=d, **dict(counts))
            for (a, f, d), counts in sorted(table.items())
        ],
        batch_size=2000,
    )
    YearOpening.objects.bulk_create(
        [
            YearOpening(agency_id=a, field_id=f, year=y, open_count=o, overdue_count=v)
            for (a, f, y), (o, v) in sorted(openings_of(table).items())
        ],
        batch_size=2000,
    )


def rebuild() -> int:
    """Replace the roll-ups and the opening balances with a full recount, in one transaction (idempotent).
    Returns the daily row count."""
    with transaction.atomic():
        table = recount()
        _write(table)
    return len(table)


def rebuild_derived() -> tuple[int, int]:
    """Recompute the monthly rows and the opening balances from the daily rows (after a bulk load of daily rows):
    one GROUP BY per table. Returns (monthly rows, opening balances)."""
    from django.db.models.functions import TruncMonth

    with transaction.atomic():
        sums = {k: Sum(k) for k in COUNTERS}
        months = (
            DailyAgencyStat.objects.annotate(m=TruncMonth("day"))
            .values("agency_id", "field_id", "m")
            .order_by()
            .annotate(**sums)
        )
        MonthlyAgencyStat.objects.all().delete()
        batch, written = [], 0
        for r in months.iterator(chunk_size=5000):
            m = r["m"].date() if hasattr(r["m"], "date") else r["m"]
            batch.append(
                MonthlyAgencyStat(
                    agency_id=r["agency_id"], field_id=r["field_id"], month=m, **{k: r[k] or 0 for k in COUNTERS}
                )
            )
            if len(batch) == 5000:
                MonthlyAgencyStat.objects.bulk_create(batch)
                written, batch = written + len(batch), []
        MonthlyAgencyStat.objects.bulk_create(batch)
        written += len(batch)
        YearOpening.objects.all().delete()
        years = sorted({d.year for d in DailyAgencyStat.objects.dates("day", "year")})
        return written, sum(roll_year(y) for y in years)
