"""Statistics pages: the dossier-statistics form with filters, drill-down from each cell and its exports; the
public-service index; the leaders' dashboard; exports run in the background with their progress.

Views only read (selectors and the roll-ups); the one write, asking for an export, goes through actions.py.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.core.charts import Bar, Series, column_chart, hbar_chart, pct
from motcua.core.errors import ProblemError
from motcua.divisions.constants import Tier
from motcua.divisions.models import Agency
from motcua.procedures.models import Field
from motcua.reports import actions, exports, selectors
from motcua.reports.forms import COLUMNS, FORM_BASIS, FORM_CODE, total_of
from motcua.reports.models import ExportRequest

GROUP_LABELS = {"agency": gettext_lazy("Agency"), "field": gettext_lazy("Field"), "level": gettext_lazy("Level")}
DRILL_LIMIT = 500
GOOD, BAD = "#146c2e", "#b3261e"
FILTER_KEYS = ("from", "to", "group", "level", "field", "agency")


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _params(request) -> dict:
    return {k: v for k, v in request.GET.items() if k in FILTER_KEYS and v}


def _filters(user, params: dict) -> dict:
    """Period and filters from the query (a bad period shows an error and falls back to this year)."""
    if not selectors.can_see_reports(user):
        raise PermissionDenied
    error = None
    try:
        start, end = selectors.parse_period(params.get("from"), params.get("to"))
    except ProblemError as exc:
        error = exc.detail
        start, end = selectors.parse_period(None, None)
    scope = selectors.scope_agency_ids(user)
    agencies = Agency.objects.order_by("tier", "name")
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    agency_id = _int(params.get("agency"))
    return {
        "start": start,
        "end": end,
        "error": error,
        "tier": _int(params.get("level")),
        "tiers": [(t.value, t.label) for t in Tier],
        "field_id": _int(params.get("field")),
        "fields": Field.objects.order_by("name").values_list("pk", "name"),
        "agency_id": agency_id,
        "agencies": agencies.values_list("pk", "name"),
        "agency_name": Agency.objects.filter(pk=agency_id).values_list("name", flat=True).first() if agency_id else "",
        "period_label": _("Period: %(start)s – %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        "generated_at": timezone.localtime(),
        "query": urlencode(params),
        "export_kinds": ExportRequest.Kind.choices,
    }


def report_context(user, params: dict) -> dict:
    """The statistics form for `user` and the page's filters (shared by the page, the exports and the tasks)."""
    ctx = _filters(user, params)
    group = params.get("group") if params.get("group") in selectors.GROUPS else "agency"
    start, end, tier, field_id = ctx["start"], ctx["end"], ctx["tier"], ctx["field_id"]
    rows = selectors.form_rows(user, start, end, group=group, tier=tier, field_id=field_id, agency_id=ctx["agency_id"])
    base = {"from": start.isoformat(), "to": end.isoformat()}
    if tier:
        base["level"] = tier
    if field_id:
        base["field"] = field_id
    for row in rows:
        keyed = {**base, {"agency": "agency", "field": "field", "level": "level"}[group]: row.key}
        row.linked = [(value, "?" + urlencode({**keyed, "column": key})) for key, value in row.cells()]
    return {
        **ctx,
        "title": _("Status and results of handling administrative procedures"),
        "form_code": FORM_CODE,
        "basis": FORM_BASIS,
        "group": group,
        "group_label": GROUP_LABELS[group],
        "groups": GROUP_LABELS,
        "rows": rows,
        "total": total_of(rows),
        "columns": COLUMNS,
    }


def index_context(user, params: dict) -> dict:
    """The public-service index for `user`, the period and the agency chosen (default: all they may see)."""
    ctx = _filters(user, params)
    result = selectors.service_index_for(
        user, ctx["start"], ctx["end"], agency_id=ctx["agency_id"], tier=ctx["tier"], field_id=ctx["field_id"]
    )
    return {
        **ctx,
        "title": _("Public-service index"),
        "result": result,
        "scope_label": ctx["agency_name"] or _("All agencies you may see"),
        "chart": hbar_chart(
            [
                Bar(f"{g.group.name} ({g.group.points})", float(g.score), str(g.score), marker=float(reach))
                for g, reach in ((g, g.computable_points) for g in result.groups)
            ],
            max_value=max(float(g.group.points) for g in result.groups),
            title=_("Points per group (the line: points our data can reach)"),
        ),
    }


def _problem_page(request, exc: ProblemError):
    if exc.status == 403:
        raise PermissionDenied(exc.detail)
    return render(request, "reports/cell.html", {"error": exc.detail}, status=exc.status)


@login_required
def dossier_stats(request):
    try:
        return render(request, "reports/form.html", report_context(request.user, _params(request)))
    except ProblemError as exc:
        return _problem_page(request, exc)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_xlsx(request):
    report = report_context(request.user, _params(request))
    return _download(exports.workbook(report), exports.XLSX, exports.form_filename(report, "xlsx"))


@login_required
def export_pdf(request):
    report = report_context(request.user, _params(request))
    return _download(exports.pdf(report), "application/pdf", exports.form_filename(report, "pdf"))


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


# --- public-service index --------------------------------------------------------------------------------------
@login_required
def service_index(request):
    try:
        return render(request, "reports/index.html", index_context(request.user, _params(request)))
    except ProblemError as exc:
        return _problem_page(request, exc)


@login_required
def service_index_xlsx(request):
    try:
        context = index_context(request.user, _params(request))
    except ProblemError as exc:
        return _problem_page(request, exc)
    return _download(exports.index_workbook(context), exports.XLSX, exports.index_filename(context))


# --- the leaders' dashboard ------------------------------------------------------------------------------------
@login_required
def dashboard(request):
    params = _params(request)
    try:
        ctx = _filters(request.user, params)
        data = selectors.dashboard(
            request.user,
            ctx["start"],
            ctx["end"],
            agency_id=ctx["agency_id"],
            tier=ctx["tier"],
            field_id=ctx["field_id"],
        )
    except ProblemError as exc:
        return _problem_page(request, exc)
    months = data["months"]
    agencies = [r for r in data["agency_rows"] if r["resolved_total"]][:15]
    officers = [(o, o["late"] + o["open_overdue"]) for o in data["officers"][:15]]
    charts = {
        "months": column_chart(
            [f"{m['month']:%m/%y}" for m in months],
            [
                Series(_("Received"), [m["received"] for m in months], "#0b57d0"),
                Series(_("Received online"), [m["online"] for m in months], "#6c9bd9"),
                Series(_("Resolved"), [m["resolved"] for m in months], "#146c2e"),
                Series(_("Resolved late"), [m["late"] for m in months], "#b3261e"),
            ],
            title=_("Dossiers per month"),
        ),
        "agencies": hbar_chart(
            [
                Bar(
                    r.label,
                    float(r.on_time_rate),
                    pct(r.on_time_rate),
                    GOOD if r.on_time_rate >= 95 else BAD,
                )
                for r in agencies
            ],
            title=_("On-time rate per agency (lowest first)"),
        ),
        "officers": hbar_chart(
            [Bar(o["name"], late, str(late), BAD) for o, late in officers],
            max_value=max([late for _o, late in officers] + [1]),
            title=_("Late steps per officer"),
        ),
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            **ctx,
            **data,
            "charts": charts,
            "officers": data["officers"][:50],
            "resolved_agencies": agencies,
            "title": _("Leaders' dashboard"),
        },
    )


# --- background exports ----------------------------------------------------------------------------------------
@login_required
@require_POST
def export_request(request):
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    if kind not in ExportRequest.Kind.values:
        raise Http404
    params = {k: v for k, v in request.POST.items() if k in FILTER_KEYS and v}
    export = actions.request_export(request.user, kind, params)
    return redirect("reports:export", pk=export.pk)


def _own_export(request, pk) -> ExportRequest:
    return get_object_or_404(ExportRequest, pk=pk, user=request.user)


@login_required
def export_status(request, pk):
    export = _own_export(request, pk)
    template = "reports/_export_status.html" if request.headers.get("HX-Request") else "reports/export.html"
    return render(request, template, {"export": export})


@login_required
def export_list(request):
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    exports_ = ExportRequest.objects.filter(user=request.user)[:30]
    return render(request, "reports/exports.html", {"exports": exports_, "kinds": ExportRequest.Kind.choices})


@login_required
def export_download(request, pk):
    export = _own_export(request, pk)
    if export.state != ExportRequest.State.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)
