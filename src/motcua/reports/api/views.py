"""Reports API: the dossier-statistics form, the public-service index and timeliness per officer as JSON (errors
as RFC 9457 problem+json)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.reports import selectors
from motcua.reports.forms import COLUMN_KEYS, FORM_BASIS, FORM_CODE, total_of


def _agency_param(raw, name="agency"):
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ProblemError(
            "invalid",
            _("The request has invalid parameters."),
            invalid_params=[InvalidParam(name, "invalid", _("An id is a number."))],
        ) from None


PERIOD_PARAMS = [
    OpenApiParameter("from", str, description="First day, YYYY-MM-DD (default: 1 January)"),
    OpenApiParameter("to", str, description="Last day, YYYY-MM-DD (default: today)"),
    OpenApiParameter("agency", int, description="One agency of your scope"),
    OpenApiParameter("level", int, description="Agency tier (1 province, 2 district, 3 commune)"),
    OpenApiParameter("field", int, description="Procedure field id"),
]


def _common(request):
    if not selectors.can_see_reports(request.user):
        raise ProblemError("forbidden", _("You cannot see dossier statistics."), status=403)
    q = request.query_params
    start, end = selectors.parse_period(q.get("from"), q.get("to"))
    filters = {
        "agency_id": _agency_param(q.get("agency")),
        "tier": _agency_param(q.get("level"), "level"),
        "field_id": _agency_param(q.get("field"), "field"),
    }
    return start, end, filters


def _num(value):
    return None if value is None else str(value)


class ServiceIndexView(APIView):
    """The public-service index (Decision 766/QĐ-TTg) for the caller's scope: each indicator with its
    numerator, denominator, rate, points, maximum and whether its points or its data are ASSUMED."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: dict})
    def get(self, request):
        start, end, filters = _common(request)
        result = selectors.service_index_for(request.user, start, end, **filters)
        return Response(
            {
                "index": result.index_set.code,
                "name": result.index_set.name,
                "source": result.index_set.source,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "score": _num(result.score),
                "points": _num(result.points),
                "computable_points": _num(result.computable_points),
                "groups": [
                    {
                        "code": g.group.code,
                        "name": g.group.name,
                        "score": _num(g.score),
                        "points": _num(g.group.points),
                        "indicators": [
                            {
                                "code": r.indicator.code,
                                "name": r.indicator.name,
                                "numerator": r.numerator,
                                "denominator": r.denominator,
                                "rate": _num(r.rate),
                                "score": _num(r.score),
                                "points": _num(r.indicator.points),
                                "assumed_points": r.indicator.assumed_points,
                                "proxy": r.indicator.proxy,
                                "no_data": not r.computable,
                                "note": r.indicator.note,
                            }
                            for r in g.indicators
                        ],
                    }
                    for g in result.groups
                ],
            }
        )


class OfficerTimelinessView(APIView):
    """Per officer of the caller's scope: steps finished in the period, late, open and overdue, overdue marks."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: dict})
    def get(self, request):
        start, end, filters = _common(request)
        rows = selectors.officer_timeliness(request.user, start, end, **filters)
        for row in rows:
            row["late_rate"] = _num(row["late_rate"])
        return Response({"from": start.isoformat(), "to": end.isoformat(), "officers": rows})


class DossierStatsView(APIView):
    """Rows of Biểu II.06a for the caller's scope: one per agency, with every column and the totals."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First day, YYYY-MM-DD (default: 1 January)"),
            OpenApiParameter("to", str, description="Last day, YYYY-MM-DD (default: today)"),
            OpenApiParameter("agency", int, description="One agency of your scope"),
        ],
        responses={200: dict},
    )
    def get(self, request):
        if not selectors.can_see_reports(request.user):
            raise ProblemError("forbidden", _("You cannot see dossier statistics."), status=403)
        start, end = selectors.parse_period(request.query_params.get("from"), request.query_params.get("to"))
        rows = selectors.form_rows(
            request.user, start, end, agency_id=_agency_param(request.query_params.get("agency"))
        )

        def out(row):
            return {
                "agency": row.key,
                "name": row.label,
                **{k: row[k] for k in COLUMN_KEYS},
                "on_time_rate": row.on_time_rate,
                "online_share": row.online_share,
            }

        total = total_of(rows)
        return Response(
            {
                "form": FORM_CODE,
                "basis": FORM_BASIS,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "columns": list(COLUMN_KEYS),
                "rows": [out(r) for r in rows],
                "total": {k: total[k] for k in COLUMN_KEYS},
            }
        )
