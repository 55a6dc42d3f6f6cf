"""The only code that changes reform data. Each public action runs in one transaction, checks the
actor's role and scope and the status table (constants.py), and appends an audit event to the
object's hash-chained stream (`reform.<model>:<pk>` in core's AuditEvent).

Public actions never call each other; they compose private `_apply_*` helpers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.core.audit import AuditEvent
from motcua.core.concurrency import compare_and_set
from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.uploads import inspect_upload
from motcua.divisions.constants import Tier
from motcua.reform import metrics, scoring
from motcua.reform.constants import (
    AGENCY_ROLES,
    EDITABLE_PLAN_STATUSES,
    EVALUATION_TRANSITIONS,
    INSPECTION_TRANSITIONS,
    PLAN_TRANSITIONS,
    RECOMMENDATION_TRANSITIONS,
    REFORM_ROLES,
    REPORT_DUE,
    REPORT_TRANSITIONS,
    SCORE_PHASE,
    SIGNING_ROLES,
    AdjustmentKind,
    ErrorCode,
    EvaluationPhase,
    InspectionStatus,
    PlanKind,
    PlanStatus,
    RecommendationStatus,
    ReportStatus,
    ScoreField,
    ScoringMethod,
    TaskStatus,
)
from motcua.reform.models import (
    Adjustment,
    Assessment,
    Criterion,
    Evaluation,
    Evidence,
    Finding,
    IndexSet,
    Inspection,
    InspectionPlan,
    KeyTarget,
    MetricValue,
    Plan,
    ProgressReport,
    Recommendation,
    ReportLine,
    Score,
    ScoreChange,
    Section,
    Task,
)

# ---------------------------------------------------------------- guards and events


def problem(code: ErrorCode, status: int = 400, params: list[InvalidParam] | None = None) -> ProblemError:
    return ProblemError(code.value, str(code.label), status=status, invalid_params=params or [])


def action(func):
    """One transaction per public action (side effects would be enqueued on commit)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def is_reform_staff(user) -> bool:
    return bool(user) and has_province_scope(user, REFORM_ROLES)


def _require_reform(user) -> None:
    if not is_reform_staff(user):
        raise problem(ErrorCode.FORBIDDEN, 403)


def _require_agency(user, agency, roles=AGENCY_ROLES) -> None:
    if user is not None and user.is_authenticated and user.is_superuser:
        return
    if user is None or agency.pk not in agency_ids_for(user, roles):
        raise problem(ErrorCode.OUT_OF_SCOPE, 403)


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _event(obj, kind: str, actor, **data) -> None:
    AuditEvent.append(f"reform.{obj._meta.model_name}:{obj.pk}", kind=kind, actor=_actor(actor), data=data)


def _move(obj, table: dict, to: str, *, field: str = "status", expected_version: int | None = None, **changes):
    current = getattr(obj, field)
    if to not in table.get(current, ()):
        raise problem(ErrorCode.BAD_TRANSITION, 409, [InvalidParam(field, "transition", f"{current} → {to}")])
    version = obj.version if expected_version is None else expected_version
    compare_and_set(obj, version, **{field: to}, **changes)


def _decimal(value, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ProblemError("invalid", "Not a number", invalid_params=[InvalidParam(name, "invalid", "number")]) from exc


# ---------------------------------------------------------------- plans and their cascade


@action
def create_provincial_plan(actor, *, year: int, agency, title: str, document_number="", objectives="", source=""):
    """Home Affairs drafts the province's plan for `year` (issued in the name of the People's Committee)."""
    _require_reform(actor)
    if Plan.objects.filter(year=year, kind=PlanKind.PROVINCIAL).exists():
        raise problem(ErrorCode.PLAN_EXISTS, 409)
    plan = Plan.objects.create(
        year=year,
        kind=PlanKind.PROVINCIAL,
        agency=agency,
        title=title,
        document_number=document_number,
        objectives=objectives,
        source=source,
    )
    _event(plan, "plan.created", actor, year=year, plan_kind=plan.kind)
    return plan


def _require_plan_editor(actor, plan: Plan) -> None:
    if plan.status not in EDITABLE_PLAN_STATUSES:
        raise problem(ErrorCode.PLAN_LOCKED, 409)
    if plan.kind == PlanKind.PROVINCIAL:
        _require_reform(actor)
    else:
        _require_agency(actor, plan.agency)


@action
def add_section(actor, plan: Plan, *, kind: str, code: str, title: str, order: int = 0) -> Section:
    _require_plan_editor(actor, plan)
    section = Section.objects.create(plan=plan, kind=kind, code=code, title=title, order=order)
    _event(plan, "plan.section_added", actor, code=code, area=kind)
    return section


@action
def add_task(
    actor,
    plan: Plan,
    *,
    section: Section,
    code: str,
    title: str,
    owner=None,
    assign_to_all: str = "",
    cooperating: Iterable = (),
    deadline: date | None = None,
    expected_output: str = "",
    indicator: str = "",
    target: str = "",
    source: str = "",
) -> Task:
    """Add a task to a plan; on an agency's plan the agency owns the tasks it adds."""
    _require_plan_editor(actor, plan)
    if section.plan_id != plan.pk:
        raise ProblemError("invalid", "section", invalid_params=[InvalidParam("section", "other_plan", "")])
    if plan.kind == PlanKind.AGENCY:
        owner, assign_to_all = plan.agency, ""
    task = Task.objects.create(
        plan=plan,
        section=section,
        code=code,
        title=title,
        owner=owner,
        assign_to_all=assign_to_all,
        deadline=deadline,
        expected_output=expected_output,
        indicator=indicator,
        target=target,
        source=source,
    )
    task.cooperating.set(list(cooperating))
    _event(plan, "plan.task_added", actor, code=code, task=task.pk)
    return task


@action
def remove_task(actor, task: Task) -> None:
    plan = task.plan
    _require_plan_editor(actor, plan)
    if task.source_task_id:
        raise problem(ErrorCode.PULLED_TASK, 409)
    _event(plan, "plan.task_removed", actor, code=task.code, task=task.pk)
    task.delete()


@action
def add_key_target(actor, plan: Plan, *, code: str, title: str, metric="", target_value=None, unit="%", source=""):
    _require_plan_editor(actor, plan)
    if metric and metric not in metrics.METRICS:
        raise problem(ErrorCode.UNKNOWN_METRIC, 400, [InvalidParam("metric", "unknown", metric)])
    target = KeyTarget.objects.create(
        plan=plan, code=code, title=title, metric=metric, target_value=target_value, unit=unit, source=source
    )
    _event(plan, "plan.target_added", actor, code=code)
    return target


@action
def issue_plan(actor, plan: Plan, *, issued_on: date, document_number: str = "", expected_version=None) -> Plan:
    """The provincial plan is issued (ban hành): agencies may now cascade it."""
    _require_reform(actor)
    if plan.kind != PlanKind.PROVINCIAL:
        raise problem(ErrorCode.NOT_PROVINCIAL, 409)
    _move(
        plan,
        PLAN_TRANSITIONS[plan.kind],
        PlanStatus.ISSUED,
        expected_version=expected_version,
        issued_on=issued_on,
        document_number=document_number or plan.document_number,
    )
    _event(plan, "plan.issued", actor, issued_on=issued_on, document_number=plan.document_number)
    return plan


def agency_group(agency) -> str:
    """'commune' for commune-level agencies, else 'department' (the two ranking groups)."""
    return "commune" if agency.tier == Tier.COMMUNE else "department"


def tasks_assigned_to(provincial: Plan, agency):
    """The provincial tasks an agency must carry: it owns them, co-operates on them, or its group has them all."""
    from django.db.models import Q

    return (
        provincial.tasks.filter(
            Q(owner=agency) | Q(cooperating=agency) | Q(assign_to_all__in=[agency_group(agency), "all"])
        )
        .distinct()
        .select_related("section", "owner")
        .order_by("section__order", "code")
    )


@action
def cascade_plan(actor, provincial: Plan, agency, *, title: str = "") -> Plan:
    """An agency builds its own plan from the issued provincial plan, pulling the tasks assigned to it."""
    if provincial.kind != PlanKind.PROVINCIAL:
        raise problem(ErrorCode.NOT_PROVINCIAL, 409)
    if provincial.status != PlanStatus.ISSUED:
        raise problem(ErrorCode.PLAN_NOT_ISSUED, 409)
    _require_agency(actor, agency)
    if Plan.objects.filter(agency=agency, year=provincial.year).exists():
        raise problem(ErrorCode.PLAN_EXISTS, 409)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                year=provincial.year,
                kind=PlanKind.AGENCY,
                agency=agency,
                parent=provincial,
                title=title or f"Kế hoạch cải cách hành chính năm {provincial.year} — {agency.name}",
            )
    except IntegrityError as exc:  # a concurrent cascade of the same agency
        raise problem(ErrorCode.PLAN_EXISTS, 409) from exc
    # Bulk writes: a cascade is one request of about a dozen queries whatever the number of tasks.
    copies = Section.objects.bulk_create(
        [Section(plan=plan, kind=x.kind, code=x.code, title=x.title, order=x.order) for x in provincial.sections.all()]
    )
    sections = {x.code: x for x in copies}
    sources = list(tasks_assigned_to(provincial, agency).prefetch_related("cooperating"))
    tasks, leads_of = [], {}
    for source in sources:
        leads = source.owner_id == agency.pk or (source.owner_id is None and bool(source.assign_to_all))
        leads_of[source.pk] = leads
        tasks.append(
            Task(
                plan=plan,
                section=sections[source.section.code],
                code=source.code,
                title=source.title,
                owner=agency if leads else source.owner,
                deadline=source.deadline,
                expected_output=source.expected_output,
                indicator=source.indicator,
                target=source.target,
                source_task=source,
                source=source.source,
            )
        )
    tasks = Task.objects.bulk_create(tasks)
    if any(t.pk is None for t in tasks):  # backends that do not return ids from a bulk insert
        tasks = list(plan.tasks.order_by("pk"))
    by_source = {t.source_task_id: t for t in tasks}
    through = Task.cooperating.through
    links = []
    for source in sources:
        task = by_source[source.pk]
        # Leading: keep the partners. Co-operating: the lead is the owner, the agency its own partner
        # (the other co-operating agencies are their own plans' business).
        partners = {a.pk for a in source.cooperating.all()} - {agency.pk}
        cooperating = partners if leads_of[source.pk] else {agency.pk}
        links += [through(task_id=task.pk, agency_id=pk) for pk in sorted(cooperating)]
    through.objects.bulk_create(links)
    pulled = [source.code for source in sources]
    _event(plan, "plan.cascaded", actor, provincial=provincial.pk, pulled=pulled)
    return plan


@action
def submit_plan(actor, plan: Plan, *, expected_version=None) -> Plan:
    if plan.kind != PlanKind.AGENCY:
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _require_agency(actor, plan.agency, SIGNING_ROLES)
    _move(plan, PLAN_TRANSITIONS[plan.kind], PlanStatus.SUBMITTED, expected_version=expected_version)
    _event(plan, "plan.submitted", actor)
    return plan


@action
def accept_plan(actor, plan: Plan, *, comment: str = "", expected_version=None) -> Plan:
    _require_reform(actor)
    if plan.kind != PlanKind.AGENCY:
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _move(
        plan,
        PLAN_TRANSITIONS[plan.kind],
        PlanStatus.ACCEPTED,
        expected_version=expected_version,
        review_comment=comment,
    )
    _event(plan, "plan.accepted", actor, comment=comment)
    return plan


@action
def return_plan(actor, plan: Plan, *, comment: str, expected_version=None) -> Plan:
    _require_reform(actor)
    if not comment.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("comment", "required", "")])
    if plan.kind != PlanKind.AGENCY:
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _move(
        plan,
        PLAN_TRANSITIONS[plan.kind],
        PlanStatus.RETURNED,
        expected_version=expected_version,
        review_comment=comment,
    )
    _event(plan, "plan.returned", actor, comment=comment)
    return plan


def _apply_task_progress(actor, task: Task, status: str, progress: int, today: date) -> None:
    if status not in TaskStatus.values:
        raise ProblemError("invalid", "status", invalid_params=[InvalidParam("status", "invalid_choice", status)])
    progress = 100 if status == TaskStatus.DONE else max(0, min(int(progress), 100))
    old = (task.status, task.progress)
    compare_and_set(
        task, task.version, status=status, progress=progress, completed_on=today if status == TaskStatus.DONE else None
    )
    _event(task.plan, "task.progress", actor, task=task.pk, old=list(old), new=[status, progress])


@action
def update_task_progress(actor, task: Task, *, status: str, progress: int = 0, today: date | None = None) -> Task:
    """The owning agency reports a task's status (its plan must be accepted)."""
    plan = task.plan
    if plan.kind != PlanKind.AGENCY or plan.status != PlanStatus.ACCEPTED:
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _require_agency(actor, plan.agency)
    _apply_task_progress(actor, task, status, progress, today or timezone.localdate())
    return task


# ---------------------------------------------------------------- progress reports


def due_date(year: int, period: str) -> date:
    offset, month, day = REPORT_DUE[period]
    return date(year + offset, month, day)


@action
def create_report(actor, plan: Plan, *, period: str) -> ProgressReport:
    if plan.kind != PlanKind.AGENCY or plan.status != PlanStatus.ACCEPTED:
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _require_agency(actor, plan.agency)
    if ProgressReport.objects.filter(plan=plan, period=period).exists():
        raise problem(ErrorCode.REPORT_EXISTS, 409)
    report = ProgressReport.objects.create(plan=plan, period=period, due_on=due_date(plan.year, period))
    ReportLine.objects.bulk_create(
        [ReportLine(report=report, task=t, status=t.status, progress=t.progress) for t in plan.tasks.all()]
    )
    _event(report, "report.created", actor, plan=plan.pk, period=period)
    return report


def _require_report_editor(actor, report: ProgressReport) -> None:
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise problem(ErrorCode.BAD_TRANSITION, 409)
    _require_agency(actor, report.plan.agency)


@action
def report_task(actor, report: ProgressReport, task: Task, *, status: str, progress: int = 0, note: str = ""):
    """One task's line of a report; the task's live status follows it."""
    _require_report_editor(actor, report)
    if task.plan_id != report.plan_id:
        raise problem(ErrorCode.UNKNOWN_TASK, 400, [InvalidParam("task", "unknown", str(task.pk))])
    _apply_task_progress(actor, task, status, progress, timezone.localdate())
    ReportLine.objects.update_or_create(
        report=report, task=task, defaults={"status": task.status, "progress": task.progress, "note": note}
    )
    _event(report, "report.line", actor, task=task.pk, status=task.status, progress=task.progress)


@action
def add_evidence(actor, *, description: str, report=None, score=None, recommendation=None, file=None, url=""):
    if report is not None:
        _require_report_editor(actor, report)
        target = report
    elif score is not None:
        _require_agency(actor, score.assessment.agency)
        if _evaluation_of(score.assessment).frozen:
            raise problem(ErrorCode.SCORES_FROZEN, 409)
        target = score.assessment
    elif recommendation is not None:
        _require_agency(actor, recommendation.inspection.agency)
        target = recommendation
    else:
        raise ProblemError("invalid", "target", invalid_params=[InvalidParam("target", "required", "")])
    if file:
        inspect_upload(file)  # type by content, size: a renamed executable is refused
    evidence = Evidence.objects.create(
        report=report,
        score=score,
        recommendation=recommendation,
        file=file or "",
        url=url,
        description=description,
        added_by=_actor(actor),
    )
    _event(target, "evidence.added", actor, evidence=evidence.pk, description=description)
    return evidence


@action
def submit_report(actor, report: ProgressReport, *, summary=None, figures=None, expected_version=None):
    _require_agency(actor, report.plan.agency, SIGNING_ROLES)
    changes = {"submitted_at": timezone.now()}
    if summary is not None:
        changes["summary"] = summary
    if figures is not None:
        changes["figures"] = figures
    _move(report, REPORT_TRANSITIONS, ReportStatus.SUBMITTED, expected_version=expected_version, **changes)
    _event(report, "report.submitted", actor, late=timezone.localdate() > report.due_on)
    return report


@action
def review_report(actor, report: ProgressReport, *, accept: bool, comment: str = "", expected_version=None):
    _require_reform(actor)
    if not accept and not comment.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("comment", "required", "")])
    to = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    _move(report, REPORT_TRANSITIONS, to, expected_version=expected_version, review_comment=comment)
    _event(report, f"report.{to}", actor, comment=comment)
    return report


# ---------------------------------------------------------------- PAR index: evaluation


def criteria_tree(index_set: IndexSet) -> list[scoring.Node]:
    nodes: dict[int, scoring.Node] = {}
    rows = list(index_set.criteria.order_by("order", "code"))
    for c in rows:
        nodes[c.pk] = scoring.Node(c.code, c.max_points)
    roots = []
    for c in rows:
        (nodes[c.parent_id].children if c.parent_id else roots).append(nodes[c.pk])
    return roots


@action
def open_evaluation(actor, index_set: IndexSet, agencies: Iterable) -> Evaluation:
    """Start the year's evaluation: every agency gets an empty score sheet over the set's leaves."""
    _require_reform(actor)
    problems = scoring.tree_problems(criteria_tree(index_set), index_set.max_total)
    if problems:
        raise problem(ErrorCode.INVALID_INDEX, 409, [InvalidParam("criteria", "sum", p) for p in problems])
    evaluation, _created = Evaluation.objects.get_or_create(index_set=index_set)
    if evaluation.phase != EvaluationPhase.SELF_ASSESSMENT:
        raise problem(ErrorCode.WRONG_PHASE, 409)
    leaves = list(index_set.criteria.filter(children__isnull=True))
    added = []
    for agency in agencies:
        assessment, created = Assessment.objects.get_or_create(evaluation=evaluation, agency=agency)
        if created:
            Score.objects.bulk_create([Score(assessment=assessment, criterion=c) for c in leaves])
            added.append(agency.code)
    _event(evaluation, "evaluation.opened", actor, agencies=added)
    return evaluation


def _evaluation_of(assessment: Assessment) -> Evaluation:
    """The evaluation as stored now (not a cached copy): its phase decides what may change."""
    evaluation = Evaluation.objects.select_related("index_set").get(pk=assessment.evaluation_id)
    assessment.evaluation = evaluation
    return evaluation


def _check_points(value: Decimal, criterion: Criterion) -> None:
    if value < 0:
        raise problem(ErrorCode.NEGATIVE, 400, [InvalidParam("value", "min", "0")])
    if value > criterion.max_points:
        raise problem(ErrorCode.OVER_MAX, 400, [InvalidParam("value", "max", str(criterion.max_points))])


def _apply_score(actor, score: Score, field: str, value: Decimal | None, reason: str) -> None:
    old = getattr(score, field)
    if old == value:
        return
    setattr(score, field, value)
    score.save(update_fields=[field])
    ScoreChange.objects.create(score=score, field=field, old=old, new=value, reason=reason, actor=_actor(actor))
    _event(
        score.assessment,
        "score.changed",
        actor,
        criterion=score.criterion.code,
        field=field,
        old=old,
        new=value,
        reason=reason,
    )


@action
def set_score(actor, assessment: Assessment, criterion: Criterion, *, field: str, value, reason: str = "") -> Score:
    """Write a self-assessment (agency) or an appraisal score (round 1 or 2, reform staff) of one leaf."""
    evaluation = _evaluation_of(assessment)
    if evaluation.frozen:
        raise problem(ErrorCode.SCORES_FROZEN, 409)
    if field not in SCORE_PHASE:
        raise ProblemError("invalid", "field", invalid_params=[InvalidParam("field", "invalid_choice", field)])
    if field == ScoreField.SELF:
        _require_agency(actor, assessment.agency)
        if assessment.self_submitted_at is not None:
            raise problem(ErrorCode.BAD_TRANSITION, 409)
        reason = reason or "self-assessment"
    else:
        _require_reform(actor)
        if not reason.strip():
            raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("reason", "required", "")])
    if evaluation.phase != SCORE_PHASE[field]:
        raise problem(ErrorCode.WRONG_PHASE, 409)
    if criterion.index_set_id != evaluation.index_set_id or criterion.children.exists():
        raise problem(ErrorCode.NOT_LEAF, 400, [InvalidParam("criterion", "not_leaf", criterion.code)])
    if criterion.method != ScoringMethod.MANUAL:
        raise problem(ErrorCode.NOT_MANUAL, 409)
    number = _decimal(value, "value")
    _check_points(number, criterion)
    score = Score.objects.select_related("assessment", "criterion").get(assessment=assessment, criterion=criterion)
    if field == ScoreField.ROUND_2 and not score.explanation.strip():
        raise problem(ErrorCode.NO_EXPLANATION, 409)
    _apply_score(actor, score, field, scoring.q2(number), reason)
    return score


@action
def submit_self_assessment(actor, assessment: Assessment) -> Assessment:
    _require_agency(actor, assessment.agency, SIGNING_ROLES)
    if _evaluation_of(assessment).phase != EvaluationPhase.SELF_ASSESSMENT or assessment.self_submitted_at:
        raise problem(ErrorCode.WRONG_PHASE, 409)
    compare_and_set(assessment, assessment.version, self_submitted_at=timezone.now())
    _event(assessment, "assessment.self_submitted", actor)
    return assessment


@action
def explain(actor, assessment: Assessment, criterion: Criterion, *, text: str) -> Score:
    """The agency explains (giải trình) why it disagrees with a round-1 score."""
    _require_agency(actor, assessment.agency)
    evaluation = _evaluation_of(assessment)
    if evaluation.frozen:
        raise problem(ErrorCode.SCORES_FROZEN, 409)
    if evaluation.phase != EvaluationPhase.EXPLANATION:
        raise problem(ErrorCode.WRONG_PHASE, 409)
    if not text.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("text", "required", "")])
    score = Score.objects.get(assessment=assessment, criterion=criterion)
    score.explanation = text
    score.save(update_fields=["explanation"])
    _event(assessment, "score.explained", actor, criterion=criterion.code, text=text)
    return score


def _apply_formulas(actor, assessment: Assessment, year: int) -> list[str]:
    """Score formula and survey leaves from their metrics; missing readings leave the leaf unscored."""
    missing = []
    scores = assessment.scores.select_related("criterion").exclude(criterion__method=ScoringMethod.MANUAL)
    for score in scores:
        c = score.criterion
        reading = metrics.read(c.metric, assessment.agency, year)
        if reading is None:
            missing.append(c.code)
            continue
        points = scoring.apply_rule(c.rule or {"kind": "ratio"}, reading.value, c.max_points)
        reason = f"{c.metric} = {reading.value} ({reading.source}); rule {c.rule or {'kind': 'ratio'}}"
        if score.metric_value != reading.value or score.metric_source != reading.source:
            score.metric_value, score.metric_source = reading.value, reading.source[:300]
            score.save(update_fields=["metric_value", "metric_source"])
        for field in (ScoreField.SELF, ScoreField.ROUND_1):
            _apply_score(actor, score, field, points, reason)
    return missing


@action
def compute_formula_scores(actor, assessment: Assessment) -> list[str]:
    """Fill the computed leaves from their metrics; returns the codes of leaves whose metric has no value."""
    _require_reform(actor)
    evaluation = _evaluation_of(assessment)
    if evaluation.frozen:
        raise problem(ErrorCode.SCORES_FROZEN, 409)
    if evaluation.phase in (EvaluationPhase.FINAL, EvaluationPhase.PUBLISHED):
        raise problem(ErrorCode.WRONG_PHASE, 409)
    return _apply_formulas(actor, assessment, evaluation.index_set.year)


@action
def add_adjustment(actor, assessment: Assessment, *, kind: str, points, reason: str) -> Adjustment:
    _require_reform(actor)
    evaluation = _evaluation_of(assessment)
    if evaluation.frozen:
        raise problem(ErrorCode.SCORES_FROZEN, 409)
    if evaluation.phase != EvaluationPhase.ADJUSTMENTS:
        raise problem(ErrorCode.WRONG_PHASE, 409)
    if not reason.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("reason", "required", "")])
    number = _decimal(points, "points")
    if number < 0:
        raise problem(ErrorCode.NEGATIVE, 400, [InvalidParam("points", "min", "0")])
    cap = evaluation.index_set.bonus_cap
    if kind == AdjustmentKind.BONUS and cap is not None:
        given = sum((a.points for a in assessment.adjustments.filter(kind=AdjustmentKind.BONUS)), Decimal(0))
        if given + number > cap:
            raise problem(ErrorCode.BONUS_CAP, 409, [InvalidParam("points", "max", str(cap - given))])
    adjustment = Adjustment.objects.create(
        assessment=assessment, kind=kind, points=number, reason=reason, actor=_actor(actor)
    )
    _event(assessment, f"adjustment.{kind}", actor, points=number, reason=reason)
    return adjustment


def _apply_finalise(actor, evaluation: Evaluation) -> None:
    index_set = evaluation.index_set
    roots = criteria_tree(index_set)
    tiers = [(Decimal(str(t)), n) for t, n in index_set.tiers] if index_set.tiers else scoring.DEFAULT_TIERS
    values: dict[str, Decimal] = {}
    assessments = list(evaluation.assessments.select_related("agency"))
    for assessment in assessments:
        _apply_formulas(actor, assessment, index_set.year)
        leaf_scores = {
            s.criterion.code: scoring.appraised(s.self_score, s.round1_score, s.round2_score)
            for s in assessment.scores.select_related("criterion")
        }
        appraised_total = sum((scoring.totals(roots, leaf_scores)[r.code] for r in roots), Decimal(0))
        adjustments = list(assessment.adjustments.all())
        result = scoring.final_score(
            appraised_total,
            [a.points for a in adjustments if a.kind == AdjustmentKind.BONUS],
            [a.points for a in adjustments if a.kind == AdjustmentKind.DEDUCTION],
            index_set.max_total,
            index_set.bonus_cap,
        )
        assessment.appraised_total, assessment.bonus = result.appraised_total, result.bonus
        assessment.deduction, assessment.final_score = result.deduction, result.final
        assessment.index_value = result.index
        assessment.tier = scoring.tier_of(result.index, tiers)
        values[assessment.agency.code] = result.index
    ranks = {r.key: r for r in scoring.rank(values)}
    for assessment in assessments:
        r = ranks[assessment.agency.code]
        assessment.rank, assessment.tied = r.rank, r.tied
        assessment.save(
            update_fields=[
                "appraised_total",
                "bonus",
                "deduction",
                "final_score",
                "index_value",
                "tier",
                "rank",
                "tied",
                "updated_at",
            ]
        )
        _event(assessment, "assessment.finalised", actor, final=assessment.final_score, rank=assessment.rank)


@action
def advance_evaluation(actor, evaluation: Evaluation, *, to: str, expected_version=None) -> Evaluation:
    """Move the evaluation to its next phase; entering FINAL computes final scores, ranks and tiers."""
    _require_reform(actor)
    if to == EvaluationPhase.PUBLISHED:
        raise problem(ErrorCode.BAD_TRANSITION, 409)  # publish_evaluation does that
    _move(evaluation, EVALUATION_TRANSITIONS, to, field="phase", expected_version=expected_version)
    if to == EvaluationPhase.FINAL:
        _apply_finalise(actor, evaluation)
    _event(evaluation, "evaluation.phase", actor, phase=to)
    return evaluation


@action
def publish_evaluation(actor, evaluation: Evaluation, *, decision_number: str = "", expected_version=None):
    """Publish the ranking (công bố); from now on every score of this evaluation is frozen."""
    _require_reform(actor)
    _move(
        evaluation,
        EVALUATION_TRANSITIONS,
        EvaluationPhase.PUBLISHED,
        field="phase",
        expected_version=expected_version,
        published_at=timezone.now(),
        decision_number=decision_number,
    )
    _event(evaluation, "evaluation.published", actor, decision_number=decision_number)
    return evaluation


@action
def enter_metric_value(actor, *, metric: str, agency, year: int, value, evidence: str) -> MetricValue:
    """A metric's value typed in by reform staff with its evidence (the manual provider)."""
    _require_reform(actor)
    if metric not in metrics.METRICS and not Criterion.objects.filter(metric=metric).exists():
        raise problem(ErrorCode.UNKNOWN_METRIC, 400, [InvalidParam("metric", "unknown", metric)])
    if not evidence.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("evidence", "required", "")])
    number = _decimal(value, "value")
    row, _created = MetricValue.objects.update_or_create(
        metric=metric,
        agency=agency,
        year=year,
        defaults={"value": number, "evidence": evidence, "entered_by": _actor(actor)},
    )
    _event(row, "metric.entered", actor, metric=metric, agency=agency.code, year=year, value=number)
    return row


# ---------------------------------------------------------------- inspection


@action
def create_inspection_plan(actor, *, year: int, title: str, document_number: str = "") -> InspectionPlan:
    _require_reform(actor)
    plan = InspectionPlan.objects.create(year=year, title=title, document_number=document_number)
    _event(plan, "inspection_plan.created", actor, year=year)
    return plan


@action
def schedule_inspection(actor, plan: InspectionPlan, *, agency, scheduled_on: date, scope: str) -> Inspection:
    _require_reform(actor)
    inspection = Inspection.objects.create(plan=plan, agency=agency, scheduled_on=scheduled_on, scope=scope)
    _event(inspection, "inspection.scheduled", actor, agency=agency.code, on=scheduled_on)
    return inspection


@action
def record_inspection(
    actor,
    inspection: Inspection,
    *,
    carried_out_on: date,
    conclusion: str,
    findings: Iterable[str] = (),
    recommendations: Iterable[tuple[str, date]] = (),
) -> Inspection:
    """Record the visit: findings and recommendations with deadlines, to be followed up until closed."""
    _require_reform(actor)
    findings, recommendations = list(findings), list(recommendations)
    _move(
        inspection, INSPECTION_TRANSITIONS, InspectionStatus.DONE, carried_out_on=carried_out_on, conclusion=conclusion
    )
    for text in findings:
        Finding.objects.create(inspection=inspection, text=text)
    for text, deadline in recommendations:
        Recommendation.objects.create(inspection=inspection, text=text, deadline=deadline)
    _event(inspection, "inspection.done", actor, findings=len(findings), recommendations=len(recommendations))
    return inspection


@action
def respond_recommendation(actor, recommendation: Recommendation, *, response: str) -> Recommendation:
    _require_agency(actor, recommendation.inspection.agency)
    if not response.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("response", "required", "")])
    _move(recommendation, RECOMMENDATION_TRANSITIONS, RecommendationStatus.RESPONDED, response=response)
    _event(recommendation, "recommendation.responded", actor, response=response)
    return recommendation


@action
def review_recommendation(actor, recommendation: Recommendation, *, close: bool, comment: str = ""):
    """Home Affairs closes a responded recommendation, or reopens it with a comment."""
    _require_reform(actor)
    if not close and not comment.strip():
        raise problem(ErrorCode.REASON_REQUIRED, 400, [InvalidParam("comment", "required", "")])
    to = RecommendationStatus.CLOSED if close else RecommendationStatus.OPEN
    extra = {"closed_on": timezone.localdate()} if close else {}
    _move(recommendation, RECOMMENDATION_TRANSITIONS, to, **extra)
    _event(recommendation, f"recommendation.{to}", actor, comment=comment)
    return recommendation


@action
def close_inspection(actor, inspection: Inspection) -> Inspection:
    _require_reform(actor)
    if inspection.recommendations.exclude(status=RecommendationStatus.CLOSED).exists():
        raise problem(ErrorCode.RECOMMENDATION_OPEN, 409)
    _move(inspection, INSPECTION_TRANSITIONS, InspectionStatus.CLOSED)
    _event(inspection, "inspection.closed", actor)
    return inspection


# ---------------------------------------------------------------- loading index sets and plans from data


@action
def import_index_set(data: dict) -> tuple[IndexSet, bool]:
    """Create or update an index set from its data (see data/index_sets.yaml). Idempotent.

    Criteria are rewritten only while no evaluation uses the set; returns (set, criteria_written).
    """
    index_set, _created = IndexSet.objects.update_or_create(
        code=data["code"],
        defaults={
            "year": data["year"],
            "target": data["target"],
            "name": data["name"],
            "max_total": Decimal(str(data.get("max_total", 100))),
            "bonus_cap": Decimal(str(data["bonus_cap"])) if data.get("bonus_cap") is not None else None,
            "tiers": data.get("tiers", []),
            "source": data.get("source", ""),
            "verified": bool(data.get("verified", False)),
            "notes": data.get("notes", ""),
            "valid_from": date(data["year"], 1, 1),
            "valid_to": date(data["year"] + 1, 1, 1),
        },
    )
    if Evaluation.objects.filter(index_set=index_set).exists():
        return index_set, False
    index_set.criteria.all().delete()
    order = 0

    def walk(rows, parent):
        nonlocal order
        for row in rows:
            order += 1
            node = Criterion.objects.create(
                index_set=index_set,
                parent=parent,
                code=str(row["code"]),
                title=row["title"],
                max_points=Decimal(str(row["max"])),
                method=row.get("method", ScoringMethod.MANUAL),
                component=row.get("component", "survey" if row.get("method") == "survey" else "appraisal"),
                metric=row.get("metric", ""),
                rule=row.get("rule", {}),
                guidance=row.get("guidance", ""),
                source=row.get("source", data.get("criteria_source", "")),
                order=order,
            )
            walk(row.get("children", []), node)

    walk(data["criteria"], None)
    problems = scoring.tree_problems(criteria_tree(index_set), index_set.max_total)
    if problems:
        raise problem(ErrorCode.INVALID_INDEX, 400, [InvalidParam("criteria", "sum", p) for p in problems])
    return index_set, True
