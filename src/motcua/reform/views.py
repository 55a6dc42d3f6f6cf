"""Home Affairs pages: the reform dashboard, a plan, a PAR ranking (with inline SVG charts) and its Excel export.

Views only read (selectors) and call actions.py; the editing forms are in views_forms.py.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.permissions import agency_ids_for
from motcua.core.charts import Bar, hbar_chart, pct
from motcua.core.errors import ProblemError
from motcua.divisions.models import Agency
from motcua.divisions.selectors import current_province, province_of
from motcua.reform import actions, metrics, scoring, selectors, views_forms
from motcua.reform.constants import (
    AGENCY_ROLES,
    EVALUATION_TRANSITIONS,
    SIGNING_ROLES,
    EvaluationPhase,
    PlanKind,
    PlanStatus,
)
from motcua.reform.exports import ranking_workbook
from motcua.reform.models import (
    Assessment,
    Evaluation,
    IndexSet,
    InspectionPlan,
    Plan,
    Recommendation,
    ScoreChange,
)

TIER_COLOURS = {"excellent": "#1b7f3b", "good": "#0b57d0", "fair": "#8a6d00", "average": "#c25e00", "weak": "#b3261e"}


def _short(agency) -> str:
    """A chart label: the short name, or the name without the province's ("Sở Y tế tỉnh Đồng Tháp" → "Sở Y tế")."""
    if agency.short_name:
        return agency.short_name
    name = agency.name.replace("Ủy ban nhân dân ", "UBND ")
    for marker in (" tỉnh ", " thành phố "):
        if marker in name and name.index(marker) > 0:
            return name[: name.index(marker)]
    return name


def _require_staff(request):
    if not selectors.is_reform_staff(request.user):
        raise PermissionDenied


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year", default))
    except ValueError:
        return default


@login_required
def dashboard(request):
    """Coverage, progress and overdue tasks by agency, missing reports, open recommendations, latest rankings."""
    if not selectors.is_reform_staff(request.user) and agency_ids_for(request.user, AGENCY_ROLES):
        return redirect("reform:agency")  # an agency's people have their own page
    _require_staff(request)
    today = timezone.localdate()
    latest = Plan.objects.filter(kind=PlanKind.PROVINCIAL).order_by("-year").first()
    year = _year(request, latest.year if latest else today.year)
    provincial = selectors.provincial_plan(year)
    province = current_province(today) or (province_of(provincial.agency.unit) if provincial else None)
    # Looking at a past year: count as of its last day.
    as_of = min(today, date(year, 12, 31))
    coverage = selectors.plan_coverage(province, year, as_of) if province else None
    progress = selectors.task_progress(year, as_of)
    overdue_qs = selectors.overdue_tasks(year, as_of)
    overdue_count = overdue_qs.count()
    overdue = list(overdue_qs[:12])
    missing = selectors.missing_reports(year, as_of)
    due_soon = selectors.tasks_due_soon(year, as_of, 14).count() + len(selectors.reports_due_soon(year, as_of, 14))
    open_recs = Recommendation.objects.exclude(status="closed").select_related("inspection__agency")
    coverage_chart = None
    if coverage:
        total = len(coverage.rows) or 1
        labels = [
            (PlanStatus.ACCEPTED, "#1b7f3b"),
            (PlanStatus.SUBMITTED, "#0b57d0"),
            (PlanStatus.RETURNED, "#c25e00"),
            (PlanStatus.DRAFT, "#8a6d00"),
            ("none", "#b3261e"),
        ]
        coverage_chart = hbar_chart(
            [
                Bar(
                    str(PlanStatus(key).label) if key != "none" else _("No plan"),
                    coverage.counts.get(key, 0),
                    f"{coverage.counts.get(key, 0)}/{total}",
                    colour,
                )
                for key, colour in labels
            ],
            max_value=total,
            title=_("Plan coverage"),
            width=520,
        )
    progress_chart = hbar_chart(
        [
            Bar(
                _short(p.agency),
                p.done_pct,
                f"{p.done}/{p.total}" + (f" · {p.overdue}⚠" if p.overdue else ""),
                "#b3261e" if p.overdue else "#1b7f3b",
            )
            for p in progress[:20]
        ],
        title=_("Tasks done by agency"),
        width=520,
    )
    by_agency = {p.agency.pk: p for p in progress}
    evaluations = Evaluation.objects.select_related("index_set").order_by("-index_set__year", "index_set__target")
    context = {
        "year": year,
        "years": sorted(set(Plan.objects.values_list("year", flat=True))) or [year],
        "provincial": provincial,
        "coverage": coverage,
        "coverage_chart": coverage_chart,
        "plan_rows": [(row, by_agency.get(row.agency.pk)) for row in coverage.rows if row.plan] if coverage else [],
        "progress": progress,
        "progress_chart": progress_chart,
        "overdue": overdue,
        "overdue_count": overdue_count,
        "missing": missing,
        "due_soon": due_soon,
        "open_recs": open_recs[:20],
        "inspection_plans": InspectionPlan.objects.filter(year=year).prefetch_related("inspections__agency"),
        "evaluations": evaluations,
        "unopened_sets": IndexSet.objects.filter(evaluation__isnull=True).order_by("-year", "target"),
        "as_of": as_of,
    }
    return render(request, "reform/dashboard.html", context)


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user).select_related("agency", "parent"), pk=pk)
    sections = plan.sections.prefetch_related("tasks__owner", "tasks__cooperating")
    staff = selectors.is_reform_staff(request.user)
    mine = agency_ids_for(request.user, AGENCY_ROLES)
    signing = agency_ids_for(request.user, SIGNING_ROLES)
    can_cascade = []
    if plan.kind == PlanKind.PROVINCIAL and plan.status == PlanStatus.ISSUED and mine:
        planned = set(Plan.objects.filter(year=plan.year, agency_id__in=mine).values_list("agency_id", flat=True))
        can_cascade = list(Agency.objects.filter(pk__in=mine - planned, parent__isnull=True).order_by("code"))
    return render(
        request,
        "reform/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "targets": plan.key_targets.all(),
            "reports": plan.reports.all(),
            "today": timezone.localdate(),
            "can_issue": staff and plan.kind == PlanKind.PROVINCIAL and plan.status == PlanStatus.DRAFT,
            "can_review": staff and plan.kind == PlanKind.AGENCY and plan.status == PlanStatus.SUBMITTED,
            "can_submit": plan.kind == PlanKind.AGENCY
            and plan.agency_id in signing
            and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
            "can_cascade": can_cascade,
            **views_forms.plan_forms_context(request, plan),
        },
    )


def _visible_evaluation(request, pk: int) -> Evaluation:
    evaluation = get_object_or_404(Evaluation.objects.select_related("index_set"), pk=pk)
    if evaluation.phase != EvaluationPhase.PUBLISHED and not selectors.is_reform_staff(request.user):
        raise Http404
    return evaluation


@login_required
def evaluation_detail(request, pk: int):
    """A PAR ranking with its chart; last year's index drawn as a marker on each bar."""
    evaluation = _visible_evaluation(request, pk)
    index_set = evaluation.index_set
    ranking = list(selectors.ranking(evaluation))
    previous = selectors.previous_indices([a.agency_id for a in ranking], index_set.year, index_set.target)
    rows = [
        (a, prev, a.index_value - prev if prev is not None and a.index_value is not None else None)
        for a, prev in ((a, previous.get(a.agency_id)) for a in ranking)
    ]
    chart = hbar_chart(
        [
            Bar(
                f"{a.rank}. {_short(a.agency)}" if a.rank else _short(a.agency),
                float(a.index_value or 0),
                pct(a.index_value or 0),
                TIER_COLOURS.get(a.tier, "#0b57d0"),
                float(prev) if prev is not None else None,
            )
            for a, prev, _delta in rows
        ],
        title=_("PAR index %(year)s") % {"year": index_set.year},
    )
    fields = index_set.criteria.filter(parent__isnull=True).order_by("order")
    return render(
        request,
        "reform/evaluation.html",
        {
            "evaluation": evaluation,
            "index_set": index_set,
            "rows": rows,
            "chart": chart,
            "fields": fields,
            "staff": selectors.is_reform_staff(request.user),
            "next_phase": next(iter(EVALUATION_TRANSITIONS.get(evaluation.phase, ())), None),
            "progress": views_forms.evaluation_progress(evaluation) if selectors.is_reform_staff(request.user) else [],
            "metric_rows": views_forms.criterion_metrics(evaluation),
            "agencies": [x.agency for x in ranking],
            "average": _average([a.index_value for a in ranking]),
            "previous_average": _average(list(previous.values())),
        },
    )


def _average(values):
    values = [v for v in values if v is not None]
    return scoring.q2(sum(values) / len(values)) if values else None


@login_required
def evaluation_export(request, pk: int):
    evaluation = _visible_evaluation(request, pk)
    response = HttpResponse(
        ranking_workbook(evaluation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"chi-so-cchc-{evaluation.index_set.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- forms: each POST calls one action


def _fail(request, exc: ProblemError) -> None:
    messages.error(request, f"{exc.detail} ({exc.code})")


@login_required
@require_POST
def plan_command(request, pk: int):
    """Buttons of the plan page: issue, cascade, submit, accept, return (each one action)."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    op, comment = request.POST.get("op", ""), request.POST.get("comment", "")
    target = plan
    try:
        if op == "issue":
            day = date.fromisoformat(request.POST.get("issued_on") or timezone.localdate().isoformat())
            actions.issue_plan(
                request.user, plan, issued_on=day, document_number=request.POST.get("document_number", "")
            )
        elif op == "cascade":
            agency = get_object_or_404(Agency, pk=request.POST.get("agency"))
            target = actions.cascade_plan(request.user, plan, agency)
        elif op == "submit":
            actions.submit_plan(request.user, plan, expected_version=int(request.POST.get("version", plan.version)))
        elif op == "accept":
            actions.accept_plan(request.user, plan, comment=comment, expected_version=int(request.POST["version"]))
        elif op == "return":
            actions.return_plan(request.user, plan, comment=comment, expected_version=int(request.POST["version"]))
        else:
            raise Http404
        messages.success(request, _("Done."))
    except ProblemError as exc:
        _fail(request, exc)
    except (ValueError, KeyError):
        messages.error(request, _("The form was incomplete."))
    return redirect("reform:plan", target.pk)


@login_required
@require_POST
def evaluation_command(request, pk: int):
    """Buttons of the evaluation page: move to the next phase, publish."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    try:
        version = int(request.POST["version"])
        if request.POST.get("op") == "publish":
            actions.publish_evaluation(
                request.user,
                evaluation,
                decision_number=request.POST.get("decision_number", ""),
                expected_version=version,
            )
        else:
            actions.advance_evaluation(
                request.user, evaluation, to=request.POST.get("to", ""), expected_version=version
            )
        messages.success(request, _("Done."))
    except ProblemError as exc:
        _fail(request, exc)
    except (ValueError, KeyError):
        messages.error(request, _("The form was incomplete."))
    return redirect("reform:evaluation", evaluation.pk)


@login_required
def assessment_detail(request, pk: int):
    """One agency's score sheet: every criterion with its self, round-1, round-2 and counted score, evidence,
    explanation, and the history of changes (who, when, old, new, why). For reform staff and the agency's own
    people; the column the user may write in the current phase is a form (views_forms.assessment_command)."""
    assessment = get_object_or_404(Assessment.objects.select_related("agency", "evaluation__index_set"), pk=pk)
    if not selectors.is_reform_staff(request.user) and assessment.agency_id not in agency_ids_for(
        request.user, AGENCY_ROLES
    ):
        raise Http404
    evaluation = assessment.evaluation
    index_set = evaluation.index_set
    scores = {s.criterion_id: s for s in assessment.scores.prefetch_related("evidence")}
    roots = actions.criteria_tree(index_set)
    criteria = list(index_set.criteria.order_by("order"))
    readings = {}
    for c in criteria:
        c.metric_label = metrics.label_of(c.metric) if c.metric else ""
        c.preview = None
        score = scores.get(c.pk)
        if c.metric and score is not None and score.metric_value is None and not evaluation.frozen:
            # What the computed criterion would get now (the council records it at round 1 and at the end).
            if c.metric not in readings:
                readings[c.metric] = metrics.read(c.metric, assessment.agency, index_set.year)
            reading = readings[c.metric]
            if reading is not None:
                try:
                    points = scoring.apply_rule(c.rule or {"kind": "ratio"}, reading.value, c.max_points)
                except scoring.RuleError:
                    points = None
                c.preview = {"value": reading.value, "points": points, "source": reading.source}
    code_of = {c.pk: c.code for c in criteria}
    counted = {
        code_of[s.criterion_id]: scoring.appraised(s.self_score, s.round1_score, s.round2_score)
        for s in scores.values()
    }
    totals = scoring.totals(roots, counted)
    rows = [(c, scores.get(c.pk), totals.get(c.code), c.parent_id is None) for c in criteria]
    changes = (
        ScoreChange.objects.filter(score__assessment=assessment)
        .select_related("actor", "score__criterion")
        .order_by("-at", "-pk")[:200]
    )
    mode = views_forms.sheet_mode(request, assessment, evaluation)
    column = next((c for c in ("self", "round1", "round2") if mode[c]), None)
    return render(
        request,
        "reform/assessment.html",
        {
            "assessment": assessment,
            "evaluation": evaluation,
            "index_set": index_set,
            "rows": rows,
            "changes": changes,
            "adjustments": assessment.adjustments.select_related("actor"),
            "mode": mode,
            "column": column,
            "staff": selectors.is_reform_staff(request.user),
            "metric_rows": views_forms.criterion_metrics(evaluation),
            "appraised_total": sum((totals[r.code] for r in roots), scoring.ZERO),
            "max_total": index_set.max_total,
        },
    )
