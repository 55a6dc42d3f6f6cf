"""Read queries of the reform app: scoping, plan coverage, progress, overdue tasks, missing reports, ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet

from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.selectors import agencies_of_province
from motcua.reform.constants import (
    AGENCY_ROLES,
    OPEN_TASK_STATUSES,
    REFORM_ROLES,
    PlanKind,
    PlanStatus,
    ReportPeriod,
    ReportStatus,
    TaskStatus,
)
from motcua.reform.models import Assessment, Evaluation, Plan, ProgressReport, Task


def is_reform_staff(user) -> bool:
    return has_province_scope(user, REFORM_ROLES)


def plans_for(user, queryset: QuerySet | None = None) -> QuerySet[Plan]:
    """Plans `user` may see: all for reform staff; provincial plans and their own agencies' plans for officers."""
    qs = queryset if queryset is not None else Plan.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_reform_staff(user):
        return qs
    ids = agency_ids_for(user, AGENCY_ROLES)
    if not ids:
        return qs.none()
    return qs.filter(Q(kind=PlanKind.PROVINCIAL, status=PlanStatus.ISSUED) | Q(agency_id__in=ids))


def provincial_plan(year: int) -> Plan | None:
    return Plan.objects.filter(year=year, kind=PlanKind.PROVINCIAL).first()


def expected_agencies(province, day: date):
    """Agencies that must issue a reform plan: the departments and the commune People's Committees.

    Sub-units (with a parent agency) and the provincial People's Committee itself are not counted.
    """
    return (
        agencies_of_province(province, day)
        .filter(parent__isnull=True)
        .filter(
            Q(kind=AgencyKind.DEPARTMENT, tier=Tier.PROVINCE) | Q(kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.COMMUNE)
        )
        .order_by("tier", "code")
    )


@dataclass
class CoverageRow:
    agency: object
    plan: Plan | None

    @property
    def status(self) -> str:
        return self.plan.status if self.plan else ""


@dataclass
class Coverage:
    rows: list[CoverageRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.plan is None]

    @property
    def accepted(self) -> int:
        return self.counts.get(PlanStatus.ACCEPTED, 0)


def plan_coverage(province, year: int, day: date) -> Coverage:
    agencies = list(expected_agencies(province, day))
    plans = {p.agency_id: p for p in Plan.objects.filter(year=year, kind=PlanKind.AGENCY, agency__in=agencies)}
    rows = [CoverageRow(a, plans.get(a.pk)) for a in agencies]
    counts: dict[str, int] = {"none": 0}
    for row in rows:
        key = row.status or "none"
        counts[key] = counts.get(key, 0) + 1
    return Coverage(rows, counts)


def overdue_tasks(year: int, today: date, agency_ids=None) -> QuerySet[Task]:
    """Tasks of agency plans past their deadline and not done (đã quá hạn)."""
    qs = Task.objects.filter(
        plan__year=year, plan__kind=PlanKind.AGENCY, deadline__lt=today, status__in=list(OPEN_TASK_STATUSES)
    ).select_related("plan__agency", "section")
    if agency_ids is not None:
        qs = qs.filter(plan__agency_id__in=agency_ids)
    return qs.order_by("deadline", "plan__agency__code", "code")


@dataclass
class Progress:
    agency: object
    total: int
    done: int
    in_progress: int
    overdue: int

    @property
    def done_pct(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def task_progress(year: int, today: date) -> list[Progress]:
    rows = (
        Task.objects.filter(plan__year=year, plan__kind=PlanKind.AGENCY)
        .exclude(status=TaskStatus.CANCELLED)
        .values("plan__agency")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(deadline__lt=today, status__in=list(OPEN_TASK_STATUSES))),
        )
    )
    from motcua.divisions.models import Agency

    agencies = Agency.objects.in_bulk([r["plan__agency"] for r in rows])
    out = [Progress(agencies[r["plan__agency"]], r["total"], r["done"], r["in_progress"], r["overdue"]) for r in rows]
    return sorted(out, key=lambda p: (-p.overdue, p.done_pct, p.agency.code))


@dataclass
class MissingReport:
    plan: Plan
    period: str
    due_on: date
    report: ProgressReport | None

    @property
    def period_label(self) -> str:
        return str(ReportPeriod(self.period).label)


def missing_reports(year: int, today: date) -> list[MissingReport]:
    """Reports due by `today` that accepted agency plans have not submitted (none, draft, or returned)."""
    from motcua.reform.actions import due_date

    due = [(p, due_date(year, p)) for p in ReportPeriod.values if due_date(year, p) <= today]
    plans = list(
        Plan.objects.filter(year=year, kind=PlanKind.AGENCY, status=PlanStatus.ACCEPTED).select_related("agency")
    )
    reports = {(r.plan_id, r.period): r for r in ProgressReport.objects.filter(plan__in=plans)}
    out = []
    for plan in plans:
        for period, due_on in due:
            report = reports.get((plan.pk, period))
            if report is None or report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                out.append(MissingReport(plan, period, due_on, report))
    return out


def tasks_done_rate(agency, year: int):
    """Provider of the `plan_tasks_done_rate` metric: the share of an agency's plan tasks done by their deadline."""
    from motcua.reform.metrics import Reading

    tasks = Task.objects.filter(plan__agency=agency, plan__year=year, plan__kind=PlanKind.AGENCY).exclude(
        status=TaskStatus.CANCELLED
    )
    total = tasks.count()
    if not total:
        return None
    on_time = tasks.filter(status=TaskStatus.DONE).filter(Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline")))
    value = Decimal(100 * on_time.count()) / Decimal(total)
    return Reading(value.quantize(Decimal("0.01")), f"reform: {on_time.count()}/{total} plan tasks done on time")


def reports_on_time_rate(agency, year: int):
    """Provider of `reports_on_time_rate`: the share of the year's periodic reports due so far (by the end of
    the year) that the agency submitted by their due date. None without an accepted plan."""
    from motcua.reform.actions import due_date
    from motcua.reform.metrics import Reading

    plan = Plan.objects.filter(agency=agency, year=year, kind=PlanKind.AGENCY).first()
    if plan is None or plan.status != PlanStatus.ACCEPTED:
        return None
    from django.utils import timezone

    today = timezone.localdate()
    due = [p for p in ReportPeriod.values if due_date(year, p) <= today]
    if not due:
        return None
    submitted = {
        r.period: r
        for r in ProgressReport.objects.filter(plan=plan, period__in=due, submitted_at__isnull=False).exclude(
            status=ReportStatus.DRAFT
        )
    }
    on_time = sum(
        1 for p in due if p in submitted and timezone.localdate(submitted[p].submitted_at) <= due_date(year, p)
    )
    value = (Decimal(100 * on_time) / Decimal(len(due))).quantize(Decimal("0.01"))
    return Reading(value, f"reform: {on_time}/{len(due)} periodic reports submitted on time")


def ranking(evaluation: Evaluation) -> QuerySet[Assessment]:
    return evaluation.assessments.select_related("agency").order_by("rank", "agency__code")


def previous_indices(agency_ids, year: int, target: str) -> dict[int, Decimal]:
    """Each agency's published index of the year before, in one query (year-over-year comparison)."""
    return dict(
        Assessment.objects.filter(
            agency_id__in=list(agency_ids),
            evaluation__index_set__year=year - 1,
            evaluation__index_set__target=target,
            evaluation__published_at__isnull=False,
        ).values_list("agency_id", "index_value")
    )


def previous_index(agency, year: int, target: str) -> Decimal | None:
    """The agency's published index of the year before (year-over-year comparison)."""
    row = (
        Assessment.objects.filter(
            agency=agency,
            evaluation__index_set__year=year - 1,
            evaluation__index_set__target=target,
            evaluation__published_at__isnull=False,
        )
        .values_list("index_value", flat=True)
        .first()
    )
    return row


def tasks_due_soon(year: int, today: date, days: int = 14) -> QuerySet[Task]:
    """Open tasks of agency plans whose deadline falls within the next `days` days (nhắc hạn)."""
    from datetime import timedelta

    return (
        Task.objects.filter(
            plan__year=year,
            plan__kind=PlanKind.AGENCY,
            deadline__gte=today,
            deadline__lte=today + timedelta(days=days),
            status__in=list(OPEN_TASK_STATUSES),
        )
        .select_related("plan__agency")
        .order_by("deadline", "plan__agency__code", "code")
    )


def reports_due_soon(year: int, today: date, days: int = 14) -> list[MissingReport]:
    """Reports whose due date falls within the next `days` days and that are not submitted yet."""
    from datetime import timedelta

    from motcua.reform.actions import due_date

    horizon = today + timedelta(days=days)
    periods = [p for p in ReportPeriod.values if today <= due_date(year, p) <= horizon]
    if not periods:
        return []
    plans = Plan.objects.filter(year=year, kind=PlanKind.AGENCY, status=PlanStatus.ACCEPTED).select_related("agency")
    reports = {(r.plan_id, r.period): r for r in ProgressReport.objects.filter(plan__in=plans, period__in=periods)}
    out = []
    for plan in plans:
        for period in periods:
            report = reports.get((plan.pk, period))
            if report is None or report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                out.append(MissingReport(plan, period, due_date(year, period), report))
    return out
