"""Read queries of the portal pages."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.divisions.models import Agency
from motcua.divisions.selectors import agencies_of_province, current_province
from motcua.dossiers.constants import OPEN_STATUSES, PAUSED_STATUSES, Channel, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_for
from motcua.portal.models import Draft, Rating, Survey
from motcua.procedures.models import Process
from motcua.procedures.selectors import valid_on


def filter_agencies() -> QuerySet[Agency]:
    """Agencies of the province for the catalogue's "agency" filter."""
    province = current_province()
    if province is None:
        return Agency.objects.none()
    return agencies_of_province(province).order_by("tier", "name")


def receiving_agencies(procedure, day: date | None = None) -> list[Agency]:
    """Agencies that receive `procedure` today: those with a process for it in force (where to submit)."""
    day = day or timezone.localdate()
    processes = Process.objects.filter(valid_on(day), procedure=procedure).select_related("agency")
    agencies = {p.agency_id: p.agency for p in processes if p.agency.is_valid_on(day)}
    return sorted(agencies.values(), key=lambda a: (a.tier, a.name))


def process_groups(procedure) -> list[dict]:
    """The procedure's processes grouped by identical steps: [{"steps": [...], "agencies": [...]}].

    A commune-level procedure has one process per commune, usually all alike: the page shows the steps
    once, with the list of agencies that follow them.
    """
    today = timezone.localdate()
    groups: OrderedDict = OrderedDict()
    for process in procedure.processes.all():
        if not process.is_valid_on(today):
            continue
        steps = sorted(process.steps.all(), key=lambda s: s.position)
        key = tuple((s.name, s.role, s.allotted_hours, s.handler_agency_id, s.handler_kind) for s in steps)
        group = groups.setdefault(key, {"steps": steps, "agencies": []})
        group["agencies"].append(process.agency)
    out = list(groups.values())
    for group in out:
        group["agencies"].sort(key=lambda a: a.name)
    return out


def my_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers `user` applied for (as the applicant), newest first."""
    return dossiers_for(user).filter(applicant=user).order_by("-submitted_at", "-id")


def my_dossier(user, code: str) -> Dossier | None:
    return my_dossiers(user).filter(code=code).first()


def my_drafts(user) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user).select_related("procedure").order_by("-updated_at")


def draft_of(user, procedure) -> Draft | None:
    return Draft.objects.filter(user=user, procedure=procedure).prefetch_related("files").first()


def timeliness_board(year: int | None = None) -> list[dict]:
    """Per agency of the province: dossiers received this year, finished early / on time / late, open,
    and open past the appointment — the published timeliness board (no personal data)."""
    now = timezone.now()
    year = year or timezone.localdate().year
    province = current_province()
    if province is None:
        return []
    agency_ids = agencies_of_province(province).values("id")
    rows = (
        Dossier.objects.filter(receiving_agency__in=agency_ids, received_at__year=year)
        .values("receiving_agency__code", "receiving_agency__name")
        .annotate(
            received=Count("id"),
            early=Count("id", filter=Q(timeliness="early")),
            on_time=Count("id", filter=Q(timeliness="on_time")),
            late=Count("id", filter=Q(timeliness="late")),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES - PAUSED_STATUSES, due_at__lt=now)),
            returned=Count("id", filter=Q(status=Status.RETURNED)),
        )
        .order_by("receiving_agency__name")
    )
    board = []
    for row in rows:
        finished = row["early"] + row["on_time"] + row["late"]
        rate = round(100 * (row["early"] + row["on_time"]) / finished, 1) if finished else None
        board.append({**row, "finished": finished, "rate": rate})
    board.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), r["receiving_agency__name"]))
    return board


def procedure_for_application(code: str):
    """A procedure with what the submission wizard shows (documents, fees), without its many processes."""
    from motcua.procedures.models import Procedure

    return Procedure.objects.select_related("field").prefetch_related("documents", "fees").filter(code=code).first()


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def headline_figures(year: int | None = None) -> dict:
    """The home page's figures for the year: dossiers received by the province's agencies, the share
    submitted online, the share of finished dossiers finished early or on time, and the share of survey
    answers "satisfied" or "very satisfied" (all five criteria counted)."""
    year = year or timezone.localdate().year
    province = current_province()
    if province is None:
        return {"year": year, "received": 0, "online_rate": None, "on_time_rate": None, "satisfied_rate": None}
    received = Dossier.objects.filter(
        receiving_agency__in=agencies_of_province(province).values("id"), received_at__year=year
    )
    counts = received.aggregate(
        received=Count("id"),
        online=Count("id", filter=Q(channel=Channel.ONLINE)),
        in_time=Count("id", filter=Q(timeliness__in=("early", "on_time"))),
        finished=Count("id", filter=Q(timeliness__in=("early", "on_time", "late"))),
    )
    ratings = Survey.objects.filter(dossier__in=received.values("id")).aggregate(
        surveys=Count("id"),
        **{c: Count("id", filter=Q(**{f"{c}__gte": Rating.SATISFIED})) for c in Survey.CRITERIA},
    )
    satisfied = sum(ratings[c] for c in Survey.CRITERIA)
    answers = ratings["surveys"] * len(Survey.CRITERIA)
    return {
        "year": year,
        "received": counts["received"],
        "online_rate": _percent(counts["online"], counts["received"]),
        "on_time_rate": _percent(counts["in_time"], counts["finished"]),
        "satisfied_rate": _percent(satisfied, answers),
        "surveys": ratings["surveys"],
    }


def published_information(year: int | None = None) -> dict:
    """What the province publishes for everyone (Decree 61/2018/NĐ-CP, art. 6 on publicity; the reform plan and
    the PAR rankings once issued): this year's issued provincial reform plan with its key targets and tasks,
    and every published PAR ranking, newest first. Nothing here names a person."""
    from motcua.reform.constants import EvaluationPhase, PlanKind, PlanStatus
    from motcua.reform.models import Evaluation, Plan

    year = year or timezone.localdate().year
    plan = (
        Plan.objects.filter(year=year, kind=PlanKind.PROVINCIAL, status=PlanStatus.ISSUED)
        .prefetch_related("key_targets")
        .first()
    )
    sections = []
    if plan is not None:
        tasks = plan.tasks.select_related("section", "owner").order_by("section__order", "code")
        by_section: OrderedDict = OrderedDict()
        for task in tasks:
            by_section.setdefault(task.section, []).append(task)
        sections = list(by_section.items())
    rankings = [
        (evaluation, evaluation.assessments.select_related("agency").order_by("rank", "agency__code"))
        for evaluation in Evaluation.objects.filter(phase=EvaluationPhase.PUBLISHED)
        .select_related("index_set")
        .order_by("-index_set__year", "index_set__target")
    ]
    return {"year": year, "plan": plan, "sections": sections, "rankings": rankings}
