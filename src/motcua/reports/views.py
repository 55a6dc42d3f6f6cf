"""Statistics pages: the dossier-statistics form with filters, drill-down from each cell, and its exports.

Views only read (selectors and the roll-ups); nothing here changes a dossier.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import ProblemError
from motcua.divisions.constants import Tier
from motcua.procedures.models import Field
from motcua.reports import exports, selectors
from motcua.reports.forms import COLUMNS, FORM_BASIS, FORM_CODE, total_of

GROUP_LABELS = {"agency": gettext_lazy("Agency"), "field": gettext_lazy("Field"), "level": gettext_lazy("Level")}
DRILL_LIMIT = 500


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _report(request) -> dict:
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    error = None
    try:
        start, end = selectors.parse_period(request.GET.get("from"), request.GET.get("to"))
    except ProblemError as exc:
        error = exc.detail
        start, end = selectors.parse_period(None, None)
    group = request.GET.get("group") if request.GET.get("group") in selectors.GROUPS else "agency"
    tier, field_id = _int(request.GET.get("level")), _int(request.GET.get("field"))
    rows = selectors.form_rows(request.user, start, end, group=group, tier=tier, field_id=field_id)
    base = {"from": start.isoformat(), "to": end.isoformat()}
    if tier:
        base["level"] = tier
    if field_id:
        base["field"] = field_id
    for row in rows:
        keyed = {**base, {"agency": "agency", "field": "field", "level": "level"}[group]: row.key}
        row.linked = [(value, "?" + urlencode({**keyed, "column": key})) for key, value in row.cells()]
    return {
        "title": _("Status and results of handling administrative procedures"),
        "form_code": FORM_CODE,
        "basis": FORM_BASIS,
        "period_label": _("Period: %(start)s – %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        "start": start,
        "end": end,
        "group": group,
        "group_label": GROUP_LABELS[group],
        "groups": GROUP_LABELS,
        "tier": tier,
        "tiers": [(t.value, t.label) for t in Tier],
        "field_id": field_id,
        "fields": Field.objects.order_by("name").values_list("pk", "name"),
        "rows": rows,
        "total": total_of(rows),
        "columns": COLUMNS,
        "error": error,
        "query": urlencode({k: v for k, v in request.GET.items() if k in ("from", "to", "group", "level", "field")}),
        "generated_at": timezone.localtime(),
    }


@login_required
def dossier_stats(request):
    return render(request, "reports/form.html", _report(request))


@login_required
def export_xlsx(request):
    report = _report(request)
    response = HttpResponse(
        exports.workbook(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bieu-II06a-{report["start"]}-{report["end"]}.xlsx"'
    return response


@login_required
def export_pdf(request):
    report = _report(request)
    response = HttpResponse(exports.pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bieu-II06a-{report["start"]}-{report["end"]}.pdf"'
    return response


@login_required
def cell(request):
    """The dossiers behind one cell of the form."""
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    column = request.GET.get("column", "")
    labels = {c.key: f"{c.group} — {c.label}" for c in COLUMNS}
    try:
        start, end = selectors.parse_period(request.GET.get("from"), request.GET.get("to"))
        if column not in labels:
            raise ProblemError("unknown_column", _("No such column."))
        dossiers = selectors.cell_dossiers(
            request.user,
            column,
            start,
            end,
            agency_id=_int(request.GET.get("agency")),
            field_id=_int(request.GET.get("field")),
            tier=_int(request.GET.get("level")),
        )
    except ProblemError as exc:
        return render(request, "reports/cell.html", {"error": exc.detail}, status=400)
    count = dossiers.count()
    return render(
        request,
        "reports/cell.html",
        {
            "column_label": labels[column],
            "start": start,
            "end": end,
            "count": count,
            "dossiers": dossiers[:DRILL_LIMIT],
            "truncated": count > DRILL_LIMIT,
            "back": "?" + urlencode({"from": start.isoformat(), "to": end.isoformat()}),
        },
    )
