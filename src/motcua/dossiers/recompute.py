"""Recompute the appointments (due dates) of open dossiers after the working calendar changed.

When the Government announces a day off (or a swapped working day) after dossiers were received, the
appointments of the open dossiers whose handling time spans that day move: a time limit is counted in
working days (Decree 61/2018/NĐ-CP art. 19 and Decree 118/2025/NĐ-CP: the appointment on the receipt is
computed from the time limit of the procedure in working days). `workdays.signals` only clears the
compiled calendars; this module brings the stored appointments in line, set-based:

1. Candidates: open dossiers (received, processing, paused) with a receipt time, in keyset-ordered batches.
   Left alone, and counted in the report:
   - dossiers extended with an apology (`extended`): their appointment was fixed by hand in a letter of
     apology to the applicant (Decree 61/2018/NĐ-CP art. 21(3)); we never move it;
   - dossiers already recorded overdue by the deadline sweep (`overdue_at`): the lateness is a recorded fact
     (counted in the statistics roll-ups and attributed to its holder), a later calendar change does not
     undo it.
2. The appointment is the same function the receipt used (`actions._start_clock`): the receiving agency's
   calendar, the procedure's time limit, the receipt instant; each distinct (calendar, procedure, received
   at) is computed once with the workdays engine. Closed pauses (supplement, financial obligation) push it
   by the working time spent paused, measured on the handling agency's calendar, as `actions._resume` does.
3. Only the dossiers whose appointment moves are written: one UPDATE per batch that checks each row's
   version (a dossier changed by an officer meanwhile is skipped and counted as stale; run again) and bumps
   it, then one hash-chained `due_date_recomputed` event per moved dossier (old and new appointment) on its
   timeline, and the subscribers see it — all in the batch's transaction.

Not moved: the due instants of the current step (`DossierStep.due_at`, an internal allotment); an officer's
next forward re-plans it. ASSUMPTION: the procedure's time limit is the one in force at receipt (procedures
are versioned rows with effective dates, so a dossier keeps its procedure row).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import GENESIS, canonical, event_hash
from motcua.divisions.models import Agency
from motcua.dossiers.actions import EVENT_SUBSCRIBERS, _duration
from motcua.dossiers.constants import OPEN_STATUSES, register_system_event
from motcua.dossiers.models import Dossier, DossierEvent, Pause
from motcua.procedures.models import Procedure
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

RECOMPUTED_EVENT = "due_date_recomputed"
register_system_event(RECOMPUTED_EVENT, _("Appointment recomputed after a change of the working calendar"))

_FIELDS = ("id", "version", "status", "receiving_agency_id", "handling_agency_id", "procedure_id", "received_at")


@dataclass
class RecomputeReport:
    examined: int = 0
    distinct_computations: int = 0
    moved: int = 0
    stale: int = 0  # changed by someone else between our read and our write: not moved, run again
    skipped_extended: int = 0
    skipped_overdue: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    samples: list = field(default_factory=list)  # a few (code or id, old, new) for the operator

    def __str__(self) -> str:
        verb = "would move" if self.dry_run else "moved"
        return (
            f"{self.examined} open dossier(s) examined ({self.distinct_computations} distinct due-date "
            f"computations), {verb} {self.moved}, {self.stale} changed meanwhile (run again), "
            f"{self.skipped_extended} extended with an apology and {self.skipped_overdue} already overdue left "
            f"alone, in {self.seconds:.1f} s"
        )


def candidates(dates: list[date] | None = None):
    """Open dossiers whose appointment follows the calendar. With `dates` (the days whose status changed),
    only those whose span from receipt to appointment can include one of them."""
    qs = Dossier.objects.filter(status__in=OPEN_STATUSES, received_at__isnull=False, due_at__isnull=False)
    if dates:
        tz = timezone.get_current_timezone()
        earliest = datetime.combine(min(dates), datetime.min.time(), tzinfo=tz)
        latest = datetime.combine(max(dates) + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        # A change on day D affects a dossier iff it was received before D ends and its appointment is not
        # before D starts (a removed day off can only pull an appointment after D earlier).
        qs = qs.filter(received_at__lt=latest, due_at__gte=earliest)
    return qs


class _Calendars:
    """Compiled calendars by agency, each looked up once (agencies share their province's calendar)."""

    def __init__(self):
        self._by_agency: dict[int, object] = {}
        self._by_calendar: dict[object, object] = {}

    def __getitem__(self, agency_id: int):
        found = self._by_agency.get(agency_id)
        if found is None:
            agency = Agency.objects.select_related("unit__parent__parent").get(pk=agency_id)
            stored = calendar_for_agency(agency)
            key = stored.pk if stored is not None else None
            if key not in self._by_calendar:
                self._by_calendar[key] = compiled_calendar(stored)
            found = self._by_agency[agency_id] = self._by_calendar[key]
        return found


def _pauses_of(ids: list[int]) -> dict[int, list[tuple[datetime, datetime]]]:
    out: dict[int, list] = defaultdict(list)
    rows = Pause.objects.filter(dossier_id__in=ids, ended_at__isnull=False).order_by("dossier_id", "started_at")
    for dossier_id, started, ended in rows.values_list("dossier_id", "started_at", "ended_at"):
        out[dossier_id].append((started, ended))
    return out


def _write(moved: list[tuple], now: datetime) -> list[int]:
    """UPDATE the moved rows whose version is still the one we read (bumping it); the ids written."""
    pg = connection.vendor == "postgresql"
    cast = ("::bigint", "::integer", "::timestamptz") if pg else ("", "", "")
    row = "(%s{}, %s{}, %s{})".format(*cast)
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Dossier._meta.db_table)
    params: list = []
    for pk, version, _status, _old, new in moved:
        params += [pk, version, adapt(new)]
    # Only placeholders and our own table name are interpolated.
    sql = (
        f"UPDATE {table} SET due_at = v.column3, original_due_at = v.column3, version = {table}.version + 1 "  # noqa: S608
        f"FROM (VALUES {', '.join([row] * len(moved))}) AS v "
        f"WHERE {table}.id = v.column1 AND {table}.version = v.column2 AND NOT {table}.extended "
        f"AND {table}.overdue_at IS NULL AND {table}.id BETWEEN %s AND %s RETURNING {table}.id"
    )  # the id range keeps the join on the primary key's index
    params += [min(m[0] for m in moved), max(m[0] for m in moved)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [r[0] for r in cursor.fetchall()]


def _record(moved: list[tuple], written: set[int], now: datetime, reason: str) -> None:
    """One chained event per moved dossier, appended after its last one, then the subscribers."""
    ids = [m[0] for m in moved if m[0] in written]
    later = DossierEvent.objects.filter(dossier_id=OuterRef("dossier_id")).order_by("-seq")
    last_seq = Subquery(later.values("seq")[:1])
    last = {
        d: (seq, h)
        for d, seq, h in DossierEvent.objects.filter(dossier_id__in=ids)
        .annotate(last_seq=last_seq)
        .filter(seq=F("last_seq"))
        .values_list("dossier_id", "seq", "hash")
    }
    events = []
    for pk, _version, status, old, new in moved:
        if pk not in written:
            continue
        seq, prev = last.get(pk, (0, GENESIS))
        data = {"due_at": old.isoformat(), "new_due_at": new.isoformat()}
        if reason:
            data["reason"] = reason
        event = DossierEvent(
            dossier_id=pk,
            seq=seq + 1,
            at=now,
            kind=RECOMPUTED_EVENT,
            data=json.loads(canonical(data)),
            from_status=status,
            to_status=status,
            prev_hash=prev,
        )
        event.hash = event_hash(prev, event.payload())
        events.append(event)
    DossierEvent.objects.bulk_create(events, batch_size=1000)
    if EVENT_SUBSCRIBERS and events:
        # The subscribers (statistics, notifications, national portal sync, …) get the dossiers as now stored.
        dossiers = Dossier.objects.select_related(
            "procedure__field", "receiving_agency", "handling_agency", "current_step", "holder"
        ).in_bulk([e.dossier_id for e in events])
        for event in events:
            dossier = dossiers[event.dossier_id]
            for handler in EVENT_SUBSCRIBERS:
                handler(dossier, event)


def recompute_due_dates(
    *, dates: list[date] | None = None, dry_run: bool = False, batch: int = 2000, reason: str = "", now=None
) -> RecomputeReport:
    """Bring the appointments of open dossiers in line with the current calendars (see the module doc)."""
    started = time.perf_counter()
    now = now or timezone.now()
    report = RecomputeReport(dry_run=dry_run)
    base = candidates(dates)
    report.skipped_extended = base.filter(extended=True).count()
    report.skipped_overdue = base.filter(extended=False, overdue_at__isnull=False).count()
    todo = base.filter(extended=False, overdue_at__isnull=True)
    calendars = _Calendars()
    durations = {p.pk: _duration(p) for p in Procedure.objects.filter(pk__in=todo.values("procedure_id").distinct())}
    memo: dict[tuple, datetime] = {}
    # Walk the primary key in ranges of `batch` ids: each read is a narrow index range whatever the planner
    # thinks of the other conditions (a keyset "id > last ORDER BY id LIMIT n" can turn into a scan per batch).
    span = todo.aggregate(lo=Min("id"), hi=Max("id"))
    start = span["lo"]
    while start is not None and start <= span["hi"]:
        rows = list(todo.filter(id__gte=start, id__lt=start + batch).values_list(*_FIELDS, "due_at"))
        start += batch
        if not rows:
            continue
        report.examined += len(rows)
        paused = _pauses_of([r[0] for r in rows])
        moved = []
        for pk, version, status, receiving, handling, procedure, received, old in rows:
            calendar = calendars[receiving]
            key = (id(calendar), procedure, received)
            due = memo.get(key)
            if due is None:
                due = memo[key] = calendar.due_date(received, durations[procedure])
                report.distinct_computations += 1
            for a, b in paused.get(pk, ()):
                spent = calendars[handling].working_time_between(a, b)
                if spent > timedelta(0):
                    due = calendars[handling].add_working_time(due, spent)
            if due != old:
                moved.append((pk, version, status, old, due))
        if len(memo) > 500_000:
            memo.clear()
        if not moved:
            continue
        if len(report.samples) < 5:
            report.samples += [(m[0], m[3].isoformat(), m[4].isoformat()) for m in moved[: 5 - len(report.samples)]]
        if dry_run:
            report.moved += len(moved)
            continue
        with transaction.atomic():
            written = set(_write(moved, now))
            _record(moved, written, now, reason)
        report.moved += len(written)
        report.stale += len(moved) - len(written)
    report.seconds = time.perf_counter() - started
    return report
