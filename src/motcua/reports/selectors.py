"""Read queries of the reports: the statistics form for a user's scope and a period, and the drill-down from
any cell to the dossiers behind it (same definitions as `forms.py`, applied to the dossier table)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import DOSSIER_ROLES, Role
from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.core.errors import InvalidParam, ProblemError
from motcua.divisions.constants import Tier
from motcua.divisions.models import Agency
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import lateness_by_holder
from motcua.procedures.models import Field
from motcua.reports import forms, service_index
from motcua.reports.forms import COLUMN_KEYS, GROUPS, RECEIVED, RESOLVED, Row
from motcua.reports.models import DailyAgencyStat

__all__ = ["GROUPS"]

# Who sees the whole province's statistics; officers see their own agencies (and sub-agencies).
REPORT_WIDE_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.REFORM_STAFF})
REPORT_AGENCY_ROLES = DOSSIER_ROLES


def scope_agency_ids(user) -> set[int] | None:
    """None = the whole province; otherwise the agencies whose statistics `user` may see (maybe empty)."""
    if has_province_scope(user, REPORT_WIDE_ROLES):
        return None
    return agency_ids_for(user, REPORT_AGENCY_ROLES)


def can_see_reports(user) -> bool:
    scope = scope_agency_ids(user)
    return scope is None or bool(scope)


# --- periods ------------------------------------------------------------------------------------------------
def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[local midnight starting `start`, local midnight after `end`)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def parse_period(start: str | None, end: str | None, today: date | None = None) -> tuple[date, date]:
    """`from`/`to` as ISO dates; defaults: 1 January of this year to today. Bad input → 400 problem."""
    today = today or timezone.localdate()
    problems, values = [], {}
    for name, raw, default in (("from", start, date(today.year, 1, 1)), ("to", end, today)):
        if not raw:
            values[name] = default
            continue
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            problems.append(InvalidParam(name, "invalid_date", _("Use the form YYYY-MM-DD.")))
    if not problems and values["from"] > values["to"]:
        problems.append(InvalidParam("to", "before_start", _("The end is before the start.")))
    if problems:
        raise ProblemError("invalid_period", _("The reporting period is not valid."), invalid_params=problems)
    return values["from"], values["to"]


# --- the form ---------------------------------------------------------------------------------------------
def form_rows(
    user, start: date, end: date, *, group: str = "agency", agency_id=None, tier=None, field_id=None
) -> list[Row]:
    """The rows of the statistics form that `user` may see, for [start, end], grouped by agency (default),
    field or level; empty rows (nothing carried, received, ended or refused) are left out."""
    scope = _scope_for(user, agency_id)
    data = forms.compute(start, end, agency_ids=scope, group=group, tier=tier, field_id=field_id)
    labels = _labels(group, data.keys())
    rows = [Row(key=k, label=labels.get(k, str(k)), counts=c) for k, c in data.items() if any(c.values())]
    rows.sort(key=lambda r: r.label)
    return rows


def _labels(group: str, keys) -> dict:
    if group == "agency":
        return dict(Agency.objects.filter(pk__in=list(keys)).values_list("pk", "name"))
    if group == "field":
        return dict(Field.objects.filter(pk__in=list(keys)).values_list("pk", "name"))
    return {t.value: str(t.label) for t in Tier}


# --- drill-down -------------------------------------------------------------------------------------------
_RESOLVED_Q = Q(status__in=(Status.DONE, Status.RETURNED), timeliness__in=("early", "on_time", "late"))
_ENDED_Q = _RESOLVED_Q | Q(status=Status.WITHDRAWN, received_at__isnull=False) | Q(status=Status.STOPPED)
_CHANNEL = {
    "received_online": Channel.ONLINE,
    "received_in_person": Channel.IN_PERSON,
    "received_postal": Channel.POSTAL,
}


def cell_filter(column: str, start: date, end: date) -> Q:
    """The dossiers counted in `column` for the period [start, end] (see forms.py for the definitions)."""
    lo, hi = bounds(start, end)
    in_period = {"finished_at__gte": lo, "finished_at__lt": hi}
    received = Q(received_at__gte=lo, received_at__lt=hi)
    carried = Q(received_at__lt=lo) & ~(_ENDED_Q & Q(finished_at__lt=lo))
    in_progress = Q(received_at__lt=hi) & ~(_ENDED_Q & Q(finished_at__lt=hi))
    if column in _CHANNEL:
        return received & Q(channel=_CHANNEL[column])
    if column.startswith("resolved_") and column != "resolved_total":
        return Q(status__in=(Status.DONE, Status.RETURNED), timeliness=column.removeprefix("resolved_"), **in_period)
    match column:
        case "carried_over":
            return carried
        case "received_total":
            return carried | received
        case "resolved_total":
            return _RESOLVED_Q & Q(**in_period)
        case "withdrawn":
            return Q(status=Status.WITHDRAWN, received_at__isnull=False, **in_period)
        case "stopped":
            return Q(status=Status.STOPPED, **in_period)
        case "refused":
            return Q(status=Status.NOT_RECEIVED, **in_period)
        case "in_progress_total":
            return in_progress
        case "in_progress_overdue":
            return in_progress & Q(overdue_at__lt=hi)
        case "in_progress_in_time":
            return in_progress & (Q(overdue_at__isnull=True) | Q(overdue_at__gte=hi))
    raise ProblemError(
        "unknown_column",
        _("No such column."),
        status=400,
        invalid_params=[InvalidParam("column", "unknown", ", ".join(COLUMN_KEYS))],
    )


def cell_dossiers(
    user, column: str, start: date, end: date, *, agency_id=None, field_id=None, tier=None
) -> QuerySet[Dossier]:
    """The dossiers behind one cell of the form, limited to what `user` may see of the statistics."""
    queryset = Dossier.objects.filter(cell_filter(column, start, end))
    scope = scope_agency_ids(user)
    if scope is not None:
        queryset = queryset.filter(receiving_agency_id__in=scope)
    if agency_id is not None:
        queryset = queryset.filter(receiving_agency_id=agency_id)
    if field_id is not None:
        queryset = queryset.filter(procedure__field_id=field_id)
    if tier is not None:
        queryset = queryset.filter(receiving_agency__tier=tier)
    return queryset.select_related("procedure", "receiving_agency").order_by("received_at", "id")


def timeliness(user, start: date, end: date) -> list[dict]:
    """Per agency in scope: resolved, the on-time rate (early + on time over resolved) and the online share
    (received online over received in the period), worst on-time rate first (agencies resolving nothing last)."""
    rows = form_rows(user, start, end)
    out = [
        {
            "agency": row.key,
            "name": row.label,
            "resolved": row["resolved_total"],
            "late": row["resolved_late"],
            "on_time_rate": row.on_time_rate,
            "received": row.received_new,
            "online_share": row.online_share,
        }
        for row in rows
    ]
    out.sort(key=lambda r: (r["on_time_rate"] is None, r["on_time_rate"] or 0, r["name"]))
    return out


def _scope_for(user, agency_id):
    """The agencies `user` may see, narrowed to `agency_id` if given (403 problem outside their scope)."""
    scope = scope_agency_ids(user)
    if agency_id is not None:
        if scope is not None and agency_id not in scope:
            raise ProblemError("out_of_scope", _("You cannot see this agency's statistics."), status=403)
        scope = {agency_id}
    return scope


# --- the public-service index (Decision 766/QĐ-TTg) -----------------------------------------------------------
def service_index_for(user, start: date, end: date, *, agency_id=None, tier=None, field_id=None):
    """The index for what `user` may see (the province, their agencies, or one of them) and the period."""
    return service_index.compute(start, end, _scope_for(user, agency_id), tier=tier, field_id=field_id)


# --- timeliness per officer ------------------------------------------------------------------------------------
# A step is late when it finished after its due time, or is still open past it at the end of the period (the same
# rule as personnel.selectors.late_steps; due times are set by dossiers.actions, pauses push them).
def officer_timeliness(user, start: date, end: date, *, agency_id=None, tier=None, field_id=None) -> list[dict]:
    """Per officer holding steps at the agencies in scope: steps finished in the period, how many of them late,
    steps open at the end of the period and past their due time then, and the dossiers that went overdue while
    the officer held them (the sweep's marks, `dossiers.selectors.lateness_by_holder`). Worst first."""
    scope = _scope_for(user, agency_id)
    lo, hi = bounds(start, end)
    steps = DossierStep.objects.filter(holder__isnull=False)
    if scope is not None:
        steps = steps.filter(agency_id__in=scope)
    if tier:
        steps = steps.filter(agency__tier=tier)
    if field_id:
        steps = steps.filter(dossier__procedure__field_id=field_id)
    finished = Q(finished_at__gte=lo, finished_at__lt=hi)
    open_at_end = Q(started_at__lt=hi) & (Q(finished_at__isnull=True) | Q(finished_at__gte=hi))
    rows = (
        steps.filter(finished | open_at_end)
        .values("holder_id", "holder__username", "holder__full_name")
        .order_by()
        .annotate(
            done=Count("pk", filter=finished),
            late=Count("pk", filter=finished & Q(finished_at__gt=F("due_at"))),
            open_overdue=Count("pk", filter=open_at_end & Q(due_at__lt=hi)),
        )
    )
    agency_ids = list(scope) if scope is not None else list(Agency.objects.values_list("pk", flat=True))
    if tier:
        agency_ids = list(Agency.objects.filter(pk__in=agency_ids, tier=tier).values_list("pk", flat=True))
    marks: dict[str, int] = {}
    for row in lateness_by_holder(agency_ids, since=lo, until=hi):
        if row["holder"]:
            marks[row["holder"]] = marks.get(row["holder"], 0) + row["count"]
    out = []
    for r in rows:
        if not (r["done"] or r["open_overdue"]):
            continue
        out.append(
            {
                "user": r["holder_id"],
                "username": r["holder__username"],
                "name": r["holder__full_name"] or r["holder__username"],
                "done": r["done"],
                "late": r["late"],
                "late_rate": forms.pct(r["late"], r["done"]),
                "open_overdue": r["open_overdue"],
                "overdue_marks": marks.get(r["holder__username"], 0),
            }
        )
    out.sort(key=lambda r: (-(r["late"] + r["open_overdue"]), -r["done"], r["name"]))
    return out


# --- the leaders' dashboard ------------------------------------------------------------------------------------
def monthly_flows(user, start: date, end: date, *, agency_id=None, tier=None, field_id=None) -> list[dict]:
    """Received and resolved per month of the period, from the daily roll-ups (one GROUP BY)."""
    scope = _scope_for(user, agency_id)
    rows = DailyAgencyStat.objects.filter(day__gte=start, day__lte=end)
    if scope is not None:
        rows = rows.filter(agency_id__in=scope)
    if tier:
        rows = rows.filter(agency__tier=tier)
    if field_id:
        rows = rows.filter(field_id=field_id)
    sums = {k: Sum(k) for k in (*RECEIVED, *RESOLVED)}
    out = []
    for r in rows.annotate(month=TruncMonth("day")).values("month").order_by("month").annotate(**sums):
        month = r["month"]
        out.append(
            {
                "month": month if isinstance(month, date) else month.date(),
                "received": sum(r[k] or 0 for k in RECEIVED),
                "online": r["received_online"] or 0,
                "resolved": sum(r[k] or 0 for k in RESOLVED),
                "late": r["resolved_late"] or 0,
            }
        )
    return out


def dashboard(user, start: date, end: date, *, agency_id=None, tier=None, field_id=None) -> dict:
    """Everything the leaders' dashboard shows for the filters: headline rates (from the index's formulas, so the
    two pages agree), per-agency timeliness, months, and officers."""
    filters = {"agency_id": agency_id, "tier": tier, "field_id": field_id}
    index = service_index_for(user, start, end, **filters)
    by_code = {r.indicator.code: r for g in index.groups for r in g.indicators}
    rows = form_rows(user, start, end, **filters)
    return {
        "index": index,
        "headline": [by_code[c] for c in ("2.1", "4.2", "4.3", "3.1", "3.2", "5.1") if c in by_code],
        "agency_rows": sorted(rows, key=lambda r: (r.on_time_rate is None, r.on_time_rate or 0, r.label)),
        "total": forms.total_of(rows),
        "months": monthly_flows(user, start, end, **filters),
        "officers": officer_timeliness(user, start, end, **filters),
    }
