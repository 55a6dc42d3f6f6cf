"""Screens for personnel staff: staffing quotas and vacancies, Excel import/export of positions and quotas,
training plans from competency gaps, and the yearly evaluation with its evidence. Writes go through actions."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError
from motcua.divisions.models import Agency
from motcua.personnel import actions, exchange, selectors
from motcua.personnel.models import Evaluation, PersonnelRecord, TrainingEnrolment, TrainingPlan


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def dashboard(request):
    year = _year(request)
    agencies = _managed_agencies(request)
    ids = selectors.managed_agency_ids(request.user)
    report = selectors.vacancy_report(agencies)
    quotas = {q.agency_id: q for q in selectors.quota_statuses(agencies, year)}
    rows = [(a, quotas[a.agency_id]) for a in report]
    return render(
        request,
        "personnel/dashboard.html",
        {
            "rows": rows,
            "year": year,
            "totals": selectors.province_vacancy_totals(report),
            "province_wide": ids is None,
            "allocation": selectors.province_allocation(year) if ids is None else None,
        },
    )


def _managed_agencies(request):
    ids = selectors.managed_agency_ids(request.user)
    if ids is not None and not ids:
        raise PermissionDenied
    agencies = Agency.objects.filter(job_positions__isnull=False).distinct().order_by("tier", "code")
    return agencies if ids is None else agencies.filter(pk__in=ids)


def _agency(request, agencies):
    pk = request.GET.get("agency") or request.POST.get("agency")
    chosen = agencies.filter(pk=pk).first() if pk and str(pk).isdigit() else None
    return chosen or agencies.first()


@login_required
def export_xlsx(request):
    """The job positions and quotas of the agencies the user manages, as an Excel workbook (re-importable)."""
    year = _year(request)
    body = exchange.staffing_workbook(_managed_agencies(request), year)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="vi-tri-viec-lam-bien-che-{year}.xlsx"'
    return response


@login_required
def import_xlsx(request):
    """Upload a workbook of positions and quotas: every row checked, all written or nothing."""
    _managed_agencies(request)
    errors, summary = [], None
    if request.method == "POST" and request.FILES.get("file"):
        try:
            summary = exchange.import_workbook(request.FILES["file"], actor=request.user)
        except exchange.StaffingFileError as exc:
            errors = exc.errors
        except ProblemError as exc:
            messages.error(request, exc.detail)
    return render(request, "personnel/import.html", {"errors": errors, "summary": summary})


@login_required
def training(request):
    """Competency gaps of an agency's people and its yearly training plan."""
    agencies = _managed_agencies(request)
    agency, year = _agency(request, agencies), _year(request)
    if agency is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "draft":
                actions.draft_training_plan(actor=request.user, agency=agency, year=year)
                messages.success(request, _("The plan was drafted from the competency gaps."))
            elif request.POST.get("action") == "approve":
                plan = get_object_or_404(TrainingPlan, agency=agency, year=year)
                actions.approve_training_plan(actor=request.user, plan=plan)
                messages.success(request, _("The plan is approved."))
            elif request.POST.get("action") == "complete":
                enrolment = get_object_or_404(TrainingEnrolment, pk=request.POST.get("enrolment"))
                actions.record_completion(
                    actor=request.user,
                    enrolment=enrolment,
                    day=date.fromisoformat(request.POST.get("day") or timezone.localdate().isoformat()),
                    passed=request.POST.get("passed") != "0",
                    certificate=request.POST.get("certificate", ""),
                )
                messages.success(request, _("Completion recorded."))
        except (ProblemError, ValueError) as exc:
            messages.error(request, getattr(exc, "detail", str(exc)))
        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    plan = TrainingPlan.objects.filter(agency=agency, year=year).first()
    courses = []
    if plan:
        courses = list(
            plan.courses.annotate(
                people=Count("enrolments"), cost=F("cost_per_person") * Count("enrolments")
            ).prefetch_related("enrolments__person")
        )
    return render(
        request,
        "personnel/training.html",
        {
            "agencies": agencies,
            "agency": agency,
            "year": year,
            "gaps": selectors.competency_gaps(agency),
            "plan": plan,
            "courses": courses,
            "total_cost": sum(c.cost for c in courses),
            "can_approve": plan is not None
            and (
                selectors.has_personnel_province_scope(request.user)
                or agency.pk in selectors.leader_agency_ids(request.user)
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
def evaluation(request):
    """The yearly evaluation of an agency's civil servants, each with the evidence the evaluator must see:
    dossier steps they held past the due time, and citizens' feedback about their conduct."""
    agencies = _managed_agencies(request)
    agency, year = _agency(request, agencies), _year(request)
    if agency is None:
        raise Http404
    if request.method == "POST":
        record = get_object_or_404(PersonnelRecord, pk=request.POST.get("record"), agency=agency)
        try:
            actions.evaluate(
                actor=request.user,
                record=record,
                year=year,
                score=(request.POST.get("score") or "").replace(",", "."),
                disciplined=request.POST.get("disciplined") == "on",
            )
        except ProblemError as exc:
            messages.error(request, exc.detail)
        except ArithmeticError:
            messages.error(request, _("The score is between 0 and 100."))
        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    day = min(date(year, 12, 31), timezone.localdate())
    records = (
        PersonnelRecord.objects.filter(selectors.active_on(day), agency=agency)
        .select_related("person", "position")
        .order_by("position__group", "position__code", "person__full_name")
    )
    evaluations = {e.person_id: e for e in Evaluation.objects.filter(agency=agency, year=year)}
    rows = [(r, selectors.evaluation_evidence(r.person, year), evaluations.get(r.person_id)) for r in records]
    return render(
        request,
        "personnel/evaluation.html",
        {"agencies": agencies, "agency": agency, "year": year, "rows": rows},
    )
