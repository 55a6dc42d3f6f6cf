"""The reform web forms: each POST parses its fields, then calls one action per change (actions.py decides
who may do what); errors come back as messages on the page the form was on. GET pages only read.

Screens: the agency's own reform page; a new provincial plan; plan editing (sections, tasks, targets);
progress reports with their task lines and evidence files; inspections with findings, recommendations and
their follow-up; opening an evaluation; the score sheet (self-assessment with evidence per criterion,
appraisal rounds 1 and 2, the agency's explanation, bonuses and deductions); metric values typed by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.permissions import agency_ids_for
from motcua.core.errors import ProblemError
from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.models import Agency
from motcua.divisions.selectors import current_province
from motcua.reform import actions, metrics, selectors
from motcua.reform.constants import (
    AGENCY_ROLES,
    EDITABLE_PLAN_STATUSES,
    SIGNING_ROLES,
    AdjustmentKind,
    EvaluationPhase,
    PlanKind,
    PlanStatus,
    RecommendationStatus,
    ReportPeriod,
    ReportStatus,
    ScoreField,
    ScoringMethod,
    SectionKind,
    TaskStatus,
)
from motcua.reform.models import (
    Assessment,
    Criterion,
    Evaluation,
    IndexSet,
    Inspection,
    InspectionPlan,
    Plan,
    ProgressReport,
    Recommendation,
    Score,
    Section,
    Task,
)


def _fail(request, exc: ProblemError) -> None:
    detail = "; ".join(f"{p.name}: {p.reason}" for p in getattr(exc, "invalid_params", []) or [] if p.reason)
    messages.error(request, f"{exc.detail} ({exc.code})" + (f" — {detail}" if detail else ""))


def _require_staff(request) -> None:
    if not selectors.is_reform_staff(request.user):
        raise PermissionDenied


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _upload(request, name: str = "file"):
    """The uploaded evidence file or None (actions.add_evidence checks it by content, core.uploads)."""
    return request.FILES.get(name)


def _add_evidence(request, **target) -> None:
    """Attach the posted file or link (one is required) as evidence to a report or a score (`target`)."""
    post = request.POST
    file = _upload(request)
    if file is None and not post.get("url"):
        raise ValueError("file")
    actions.add_evidence(
        request.user,
        **target,
        description=post.get("description", "").strip() or (file.name if file else post["url"]),
        file=file,
        url=post.get("url", ""),
    )
    messages.success(request, _("Evidence added."))


# ---------------------------------------------------------------- the agency's own page


@login_required
def agency_home(request):
    """What an agency has to do in reform: its plans (or the provincial plan to cascade), reports, score sheets,
    inspection recommendations. Reform staff are sent to the dashboard."""
    if selectors.is_reform_staff(request.user):
        return redirect("reform:dashboard")
    mine = agency_ids_for(request.user, AGENCY_ROLES)
    if not mine:
        raise PermissionDenied
    agencies = list(Agency.objects.filter(pk__in=mine).order_by("code"))
    plans = Plan.objects.filter(agency_id__in=mine).select_related("agency").order_by("-year")
    provincial = Plan.objects.filter(kind=PlanKind.PROVINCIAL, status=PlanStatus.ISSUED).order_by("-year").first()
    planned = set(plans.filter(year=provincial.year).values_list("agency_id", flat=True)) if provincial else set()
    reports = ProgressReport.objects.filter(plan__agency_id__in=mine).select_related("plan__agency").order_by("-due_on")
    assessments = (
        Assessment.objects.filter(agency_id__in=mine)
        .select_related("evaluation__index_set", "agency")
        .order_by("-evaluation__index_set__year")
    )
    recommendations = (
        Recommendation.objects.filter(inspection__agency_id__in=mine)
        .exclude(status=RecommendationStatus.CLOSED)
        .select_related("inspection__agency")
    )
    return render(
        request,
        "reform/agency_home.html",
        {
            "agencies": agencies,
            "plans": plans,
            "provincial": provincial,
            "to_cascade": [a for a in agencies if a.pk not in planned and a.parent_id is None],
            "reports": reports,
            "assessments": assessments,
            "recommendations": recommendations,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- plans


def _provincial_committee(province):
    return (
        Agency.objects.filter(unit=province, kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.PROVINCE)
        .order_by("code")
        .first()
    )


@login_required
def plan_new(request):
    """Home Affairs drafts the province's plan of a year (then adds sections, tasks, targets, and issues it)."""
    _require_staff(request)
    today = timezone.localdate()
    last = Plan.objects.filter(kind=PlanKind.PROVINCIAL).order_by("-year").values_list("year", flat=True).first()
    year = (last + 1) if last else today.year
    if request.method == "POST":
        province = current_province(today)
        agency = _provincial_committee(province) if province else None
        try:
            year = int(request.POST.get("year", year))
            if agency is None:
                raise Http404
            plan = actions.create_provincial_plan(
                request.user,
                year=year,
                agency=agency,
                title=request.POST.get("title", "").strip()
                or f"Kế hoạch cải cách hành chính năm {year} của {_lower_first(province.name)}",
                document_number=request.POST.get("document_number", ""),
                objectives=request.POST.get("objectives", ""),
            )
            messages.success(request, _("The plan is drafted: add its sections, tasks and targets, then issue it."))
            return redirect("reform:plan", plan.pk)
        except ProblemError as exc:
            _fail(request, exc)
        except ValueError:
            messages.error(request, _("The form was incomplete."))
    return render(request, "reform/plan_new.html", {"year": year})


def _lower_first(name: str) -> str:
    """ "Tỉnh Đồng Tháp" → "tỉnh Đồng Tháp" inside a sentence."""
    return name[:1].lower() + name[1:] if name.startswith(("Tỉnh ", "Thành phố ")) else name


def _choice(value: str, choices) -> str:
    if value not in choices:
        raise ValueError(value)
    return value


@login_required
@require_POST
def plan_edit(request, pk: int):
    """The editing forms of a draft (or returned) plan: a section, a task, a key target, removing a task."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    post, op = request.POST, request.POST.get("op", "")
    try:
        if op == "section":
            actions.add_section(
                request.user,
                plan,
                kind=_choice(post.get("kind", ""), SectionKind.values),
                code=post["code"].strip(),
                title=post["title"].strip(),
                order=int(post.get("order") or plan.sections.count() + 1),
            )
        elif op == "task":
            section = get_object_or_404(Section, pk=post.get("section"), plan=plan)
            owner = Agency.objects.filter(pk=post.get("owner")).first() if post.get("owner") else None
            cooperating = Agency.objects.filter(pk__in=post.getlist("cooperating"))
            actions.add_task(
                request.user,
                plan,
                section=section,
                code=post["code"].strip(),
                title=post["title"].strip(),
                owner=owner,
                assign_to_all=_choice(post.get("assign_to_all", ""), ("", "department", "commune", "all")),
                cooperating=cooperating,
                deadline=_day(post.get("deadline")),
                expected_output=post.get("expected_output", ""),
                indicator=post.get("indicator", ""),
                target=post.get("target", ""),
            )
        elif op == "remove_task":
            actions.remove_task(request.user, get_object_or_404(Task, pk=post.get("task"), plan=plan))
        elif op == "target":
            value = post.get("target_value") or None
            actions.add_key_target(
                request.user,
                plan,
                code=post["code"].strip(),
                title=post["title"].strip(),
                metric=post.get("metric", ""),
                target_value=Decimal(value) if value else None,
                unit=post.get("unit", "%"),
            )
        elif op == "report":
            period = _choice(post.get("period", ""), ReportPeriod.values)
            report = actions.create_report(request.user, plan, period=period)
            return redirect("reform:report", report.pk)
        else:
            raise Http404
        messages.success(request, _("Saved."))
    except ProblemError as exc:
        _fail(request, exc)
    except (ValueError, KeyError, ArithmeticError):
        messages.error(request, _("The form was incomplete."))
    return redirect("reform:plan", plan.pk)


def plan_forms_context(request, plan: Plan) -> dict:
    """What the plan page needs to show its editing forms (only to those who may use them)."""
    staff = selectors.is_reform_staff(request.user)
    mine = agency_ids_for(request.user, AGENCY_ROLES)
    editable = plan.status in EDITABLE_PLAN_STATUSES and (
        (plan.kind == PlanKind.PROVINCIAL and staff) or (plan.kind == PlanKind.AGENCY and plan.agency_id in mine)
    )
    context = {"editable": editable, "section_kinds": SectionKind.choices}
    if editable and plan.kind == PlanKind.PROVINCIAL:
        province = current_province(timezone.localdate())
        context["owners"] = (
            list(selectors.expected_agencies(province, timezone.localdate()).filter(tier=Tier.PROVINCE))
            if province
            else []
        )
        context["metrics"] = metrics.choices()
    can_report = plan.kind == PlanKind.AGENCY and plan.status == PlanStatus.ACCEPTED and plan.agency_id in mine
    if can_report:
        done = set(plan.reports.values_list("period", flat=True))
        context["report_periods"] = [(v, lbl) for v, lbl in ReportPeriod.choices if v not in done]
    return context


# ---------------------------------------------------------------- progress reports


def _visible_report(request, pk: int) -> ProgressReport:
    report = get_object_or_404(ProgressReport.objects.select_related("plan__agency"), pk=pk)
    if not selectors.is_reform_staff(request.user) and report.plan.agency_id not in agency_ids_for(
        request.user, AGENCY_ROLES
    ):
        raise Http404
    return report


@login_required
def report_detail(request, pk: int):
    report = _visible_report(request, pk)
    if request.method == "POST":
        return _report_post(request, report)
    staff = selectors.is_reform_staff(request.user)
    mine = report.plan.agency_id in agency_ids_for(request.user, AGENCY_ROLES)
    editable = mine and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    return render(
        request,
        "reform/report.html",
        {
            "report": report,
            "plan": report.plan,
            "lines": report.lines.select_related("task__section").order_by("task__section__order", "task__code"),
            "evidence": report.evidence.select_related("added_by"),
            "editable": editable,
            "can_submit": editable and report.plan.agency_id in agency_ids_for(request.user, SIGNING_ROLES),
            "can_review": staff and report.status == ReportStatus.SUBMITTED,
            "statuses": TaskStatus.choices,
            "today": timezone.localdate(),
        },
    )


def _report_post(request, report: ProgressReport):
    post, op = request.POST, request.POST.get("op", "")
    try:
        if op == "lines":
            changed = 0
            for line in report.lines.select_related("task"):
                status = post.get(f"status-{line.task_id}")
                progress = post.get(f"progress-{line.task_id}")
                note = post.get(f"note-{line.task_id}", "")
                if status is None:
                    continue
                if (status, int(progress or 0), note) != (line.status, line.progress, line.note):
                    actions.report_task(
                        request.user, report, line.task, status=status, progress=int(progress or 0), note=note
                    )
                    changed += 1
            messages.success(request, _("%(n)s task lines saved.") % {"n": changed})
        elif op == "evidence":
            _add_evidence(request, report=report)
        elif op == "submit":
            figures = {}
            for key, value in zip(post.getlist("figure_key"), post.getlist("figure_value"), strict=False):
                if key.strip():
                    figures[key.strip()] = value.strip()
            actions.submit_report(
                request.user,
                report,
                summary=post.get("summary", ""),
                figures=figures or None,
                expected_version=int(post["version"]),
            )
            messages.success(request, _("The report is submitted to Home Affairs."))
        elif op in ("accept", "return"):
            actions.review_report(
                request.user,
                report,
                accept=op == "accept",
                comment=post.get("comment", ""),
                expected_version=int(post["version"]),
            )
            messages.success(request, _("Done."))
        else:
            raise Http404
    except ProblemError as exc:
        _fail(request, exc)
    except (ValueError, KeyError):
        messages.error(request, _("The form was incomplete."))
    return redirect("reform:report", report.pk)


# ---------------------------------------------------------------- inspections


@login_required
def inspections(request):
    """Home Affairs' inspection plans of a year: create one, schedule visits."""
    _require_staff(request)
    today = timezone.localdate()
    year = int(request.GET.get("year") or today.year) if (request.GET.get("year") or "").isdigit() else today.year
    if request.method == "POST":
        post, op = request.POST, request.POST.get("op", "")
        try:
            if op == "plan":
                actions.create_inspection_plan(
                    request.user,
                    year=int(post["year"]),
                    title=post["title"].strip(),
                    document_number=post.get("document_number", ""),
                )
            elif op == "schedule":
                plan = get_object_or_404(InspectionPlan, pk=post.get("plan"))
                agency = get_object_or_404(Agency, pk=post.get("agency"))
                day = _day(post.get("scheduled_on"))
                if day is None:
                    raise ValueError("scheduled_on")
                actions.schedule_inspection(request.user, plan, agency=agency, scheduled_on=day, scope=post["scope"])
            else:
                raise Http404
            messages.success(request, _("Saved."))
        except ProblemError as exc:
            _fail(request, exc)
        except (ValueError, KeyError):
            messages.error(request, _("The form was incomplete."))
        return redirect(f"{request.path}?year={year}")
    province = current_province(today)
    plans = InspectionPlan.objects.filter(year=year).prefetch_related("inspections__agency")
    return render(
        request,
        "reform/inspections.html",
        {
            "year": year,
            "plans": plans,
            "agencies": list(selectors.expected_agencies(province, today)) if province else [],
            "today": today,
        },
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(Inspection.objects.select_related("plan", "agency"), pk=pk)
    staff = selectors.is_reform_staff(request.user)
    mine = inspection.agency_id in agency_ids_for(request.user, AGENCY_ROLES)
    if not (staff or mine):
        raise Http404
    if request.method == "POST":
        post, op = request.POST, request.POST.get("op", "")
        try:
            if op == "record":
                recs = []
                for line in post.get("recommendations", "").splitlines():
                    if not line.strip():
                        continue
                    text, _sep, deadline = line.rpartition("|")
                    recs.append((text.strip(), date.fromisoformat(deadline.strip())))
                actions.record_inspection(
                    request.user,
                    inspection,
                    carried_out_on=_day(post.get("carried_out_on")) or timezone.localdate(),
                    conclusion=post.get("conclusion", ""),
                    findings=[x.strip() for x in post.get("findings", "").splitlines() if x.strip()],
                    recommendations=recs,
                )
            elif op == "respond":
                rec = get_object_or_404(Recommendation, pk=post.get("recommendation"), inspection=inspection)
                actions.respond_recommendation(request.user, rec, response=post.get("response", ""))
                if request.FILES.get("file"):
                    actions.add_evidence(
                        request.user,
                        recommendation=rec,
                        description=post.get("description") or request.FILES["file"].name,
                        file=_upload(request),
                    )
            elif op in ("close_rec", "reopen_rec"):
                rec = get_object_or_404(Recommendation, pk=post.get("recommendation"), inspection=inspection)
                actions.review_recommendation(
                    request.user, rec, close=op == "close_rec", comment=post.get("comment", "")
                )
            elif op == "close":
                actions.close_inspection(request.user, inspection)
            else:
                raise Http404
            messages.success(request, _("Saved."))
        except ProblemError as exc:
            _fail(request, exc)
        except (ValueError, KeyError):
            messages.error(request, _("The form was incomplete."))
        return redirect("reform:inspection", inspection.pk)
    return render(
        request,
        "reform/inspection.html",
        {
            "inspection": inspection,
            "findings": inspection.findings.all(),
            "recommendations": inspection.recommendations.prefetch_related("evidence"),
            "staff": staff,
            "mine": mine,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- PAR evaluation


@login_required
@require_POST
def evaluation_open(request):
    """Open the year's evaluation of an index set for every agency of its group (departments or communes)."""
    _require_staff(request)
    index_set = get_object_or_404(IndexSet, pk=request.POST.get("index_set"))
    today = timezone.localdate()
    province = current_province(today)
    expected = selectors.expected_agencies(province, today) if province else Agency.objects.none()
    tier = Tier.COMMUNE if index_set.target == "commune" else Tier.PROVINCE
    try:
        evaluation = actions.open_evaluation(request.user, index_set, list(expected.filter(tier=tier)))
        messages.success(request, _("The evaluation is open: agencies can now assess themselves."))
        return redirect("reform:evaluation", evaluation.pk)
    except ProblemError as exc:
        _fail(request, exc)
    return redirect("reform:dashboard")


@login_required
@require_POST
def metric_value(request, pk: int):
    """Reform staff type in a metric's value with its evidence where no provider computes it."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("index_set"), pk=pk)
    try:
        agency = get_object_or_404(Agency, pk=request.POST.get("agency"))
        actions.enter_metric_value(
            request.user,
            metric=request.POST.get("metric", ""),
            agency=agency,
            year=evaluation.index_set.year,
            value=request.POST.get("value", ""),
            evidence=request.POST.get("evidence", ""),
        )
        messages.success(request, _("Saved."))
    except ProblemError as exc:
        _fail(request, exc)
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("reform:evaluation", evaluation.pk)


def sheet_mode(request, assessment: Assessment, evaluation: Evaluation) -> dict:
    """Which column of the score sheet the user may write now (nothing once published)."""
    staff = selectors.is_reform_staff(request.user)
    mine = assessment.agency_id in agency_ids_for(request.user, AGENCY_ROLES)
    signing = assessment.agency_id in agency_ids_for(request.user, SIGNING_ROLES)
    phase = evaluation.phase
    return {
        "self": mine and phase == EvaluationPhase.SELF_ASSESSMENT and assessment.self_submitted_at is None,
        "submit_self": signing and phase == EvaluationPhase.SELF_ASSESSMENT and assessment.self_submitted_at is None,
        "round1": staff and phase == EvaluationPhase.APPRAISAL_1,
        "explain": mine and phase == EvaluationPhase.EXPLANATION,
        "round2": staff and phase == EvaluationPhase.APPRAISAL_2,
        "adjust": staff and phase == EvaluationPhase.ADJUSTMENTS,
        "compute": staff and phase not in (EvaluationPhase.FINAL, EvaluationPhase.PUBLISHED),
        "evidence": mine and not evaluation.frozen,
    }


FIELD_OF = {"self": ScoreField.SELF, "round1": ScoreField.ROUND_1, "round2": ScoreField.ROUND_2}


@login_required
@require_POST
def assessment_command(request, pk: int):
    """The score sheet's forms. `scores` writes every changed value of one column (one action per value)."""
    assessment = get_object_or_404(Assessment.objects.select_related("agency", "evaluation__index_set"), pk=pk)
    if not selectors.is_reform_staff(request.user) and assessment.agency_id not in agency_ids_for(
        request.user, AGENCY_ROLES
    ):
        raise Http404
    post, op = request.POST, request.POST.get("op", "")
    try:
        if op == "scores":
            column = post.get("column", "")
            field = FIELD_OF.get(column)
            if field is None:
                raise ValueError(column)
            saved, failed = 0, []
            for score in assessment.scores.select_related("criterion").filter(criterion__method=ScoringMethod.MANUAL):
                raw = (post.get(f"v-{score.criterion_id}") or "").strip().replace(",", ".")
                if raw == "":
                    continue
                reason = post.get(f"r-{score.criterion_id}", "").strip() or post.get("reason", "").strip()
                current = getattr(score, field)
                try:
                    if current is not None and Decimal(raw) == current:
                        continue
                    actions.set_score(request.user, assessment, score.criterion, field=field, value=raw, reason=reason)
                    saved += 1
                except ProblemError as exc:
                    failed.append(f"{score.criterion.code}: {exc.detail}")
                except ArithmeticError:
                    failed.append(f"{score.criterion.code}: {raw}")
            if saved:
                messages.success(request, _("%(n)s scores saved.") % {"n": saved})
            for text in failed:
                messages.error(request, text)
        elif op == "explain":
            count = 0
            for score in assessment.scores.select_related("criterion"):
                text = (post.get(f"e-{score.criterion_id}") or "").strip()
                if text and text != score.explanation:
                    actions.explain(request.user, assessment, score.criterion, text=text)
                    count += 1
            messages.success(request, _("%(n)s explanations saved.") % {"n": count})
        elif op == "evidence":
            _add_evidence(
                request, score=get_object_or_404(Score, assessment=assessment, criterion_id=post.get("criterion"))
            )
        elif op == "submit":
            actions.submit_self_assessment(request.user, assessment)
            messages.success(request, _("The self-assessment is submitted to the council."))
        elif op == "adjust":
            actions.add_adjustment(
                request.user,
                assessment,
                kind=_choice(post.get("kind", ""), AdjustmentKind.values),
                points=post.get("points", ""),
                reason=post.get("reason", ""),
            )
            messages.success(request, _("Saved."))
        elif op == "compute":
            missing = actions.compute_formula_scores(request.user, assessment)
            if missing:
                messages.warning(request, _("No data yet for: %(codes)s") % {"codes": ", ".join(missing)})
            else:
                messages.success(request, _("Computed criteria updated from system data."))
        else:
            raise Http404
    except ProblemError as exc:
        _fail(request, exc)
    except (ValueError, KeyError):
        messages.error(request, _("The form was incomplete."))
    return redirect("reform:assessment", assessment.pk)


def evaluation_progress(evaluation: Evaluation):
    """Per assessment: how many manual leaves are self-scored, explained, and whether the sheet is submitted."""
    return (
        evaluation.assessments.select_related("agency")
        .annotate(
            self_scored=Count("scores", filter=Q(scores__self_score__isnull=False)),
            explained=Count("scores", filter=~Q(scores__explanation="")),
            evidence_count=Count("scores__evidence"),
        )
        .order_by("agency__tier", "agency__code")
    )


def criterion_metrics(evaluation: Evaluation) -> list[dict]:
    """The metrics the set's computed criteria read, and whether a provider computes them from system data."""
    rows = Criterion.objects.filter(index_set=evaluation.index_set).exclude(metric="")
    names = sorted(set(rows.values_list("metric", flat=True)))
    return [{"name": n, "label": metrics.label_of(n), "provided": metrics.is_provided(n)} for n in names]
