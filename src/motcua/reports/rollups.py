"""Keeping `DailyAgencyStat` current: a dossiers subscriber, a full recount, a rebuild and a check.

How the roll-ups stay consistent with the dossiers:

- `on_dossier_event` is registered with `dossiers.actions.subscribe` and runs *inside the transaction of
  every action* (and of the overdue sweep), after its event is written: the counter moves if and only if
  the state change commits.
- Each counter is changed by one `UPDATE … SET n = n + 1` (an F() expression, no read-modify-write); the
  first event of a (agency, field, day) inserts the row in a savepoint, and if a concurrent transaction
  inserted it first (IntegrityError on the unique constraint) we run the UPDATE again. This works the
  same on SQLite and PostgreSQL.
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
from django.db.models import F
from django.utils import timezone

from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import OVERDUE_EVENT
from motcua.reports.models import COUNTERS, DailyAgencyStat

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


def bump(agency_id: int, field_id: int, day: date, counter: str, by: int = 1) -> None:
    """Add `by` to one counter of one row: UPDATE, else INSERT in a savepoint, else (lost the race) UPDATE."""
    rows = DailyAgencyStat.objects.filter(agency_id=agency_id, field_id=field_id, day=day)
    if rows.update(**{counter: F(counter) + by}):
        return
    try:
        with transaction.atomic():
            DailyAgencyStat.objects.create(agency_id=agency_id, field_id=field_id, day=day, **{counter: by})
    except IntegrityError:  # a concurrent transaction created the row first
        rows.update(**{counter: F(counter) + by})


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


def rebuild() -> int:
    """Replace the roll-ups with a full recount, in one transaction (idempotent). Returns the row count."""
    with transaction.atomic():
        table = recount()
        DailyAgencyStat.objects.all().delete()
        DailyAgencyStat.objects.bulk_create(
            [
                DailyAgencyStat(agency_id=a, field_id=f, day=d, **dict(counts))
                for (a, f, d), counts in sorted(table.items())
            ],
            batch_size=2000,
        )
    return len(table)
