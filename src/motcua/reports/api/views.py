"""Reports API: the dossier-statistics form as JSON (errors as RFC 9457 problem+json)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.reports import selectors
from motcua.reports.forms import COLUMN_KEYS, FORM_BASIS, FORM_CODE, total_of


def _agency_param(raw):
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ProblemError(
            "invalid",
            _("The request has invalid parameters."),
            invalid_params=[InvalidParam("agency", "invalid", _("An agency id is a number."))],
        ) from None


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
