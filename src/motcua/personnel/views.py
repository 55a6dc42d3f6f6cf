"""Screens for personnel staff: staffing quotas and vacancies of the agencies they manage."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.divisions.models import Agency
from motcua.personnel import exports, selectors


@login_required
def dashboard(request):
    year = int(request.GET.get("year") or timezone.localdate().year)
    agencies = _managed_agencies(request)
    ids = selectors.managed_agency_ids(request.user)
    report = selectors.vacancy_report(agencies)
    quotas = {q.agency_id: q for q in selectors.quota_statuses(agencies, year)}
    rows = [(a, quotas[a.agency_id]) for a in report]
    return render(
        request,
        "personnel/dashboard.html",
        {"rows": rows, "year": year, "totals": selectors.province_vacancy_totals(report), "province_wide": ids is None},
    )


def _managed_agencies(request):
    ids = selectors.managed_agency_ids(request.user)
    if ids is not None and not ids:
        raise PermissionDenied
    agencies = Agency.objects.filter(job_positions__isnull=False).distinct().order_by("tier", "code")
    return agencies if ids is None else agencies.filter(pk__in=ids)


@login_required
def export_xlsx(request):
    """The job positions and quotas of the agencies the user manages, as an Excel workbook."""
    year = int(request.GET.get("year") or timezone.localdate().year)
    body = exports.staffing_workbook(_managed_agencies(request), year)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="vi-tri-viec-lam-bien-che-{year}.xlsx"'
    return response
