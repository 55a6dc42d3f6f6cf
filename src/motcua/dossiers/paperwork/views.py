"""Downloads of the one-stop paperwork: a dossier's forms as PDF, and the tracking ledger as Excel.

Both are scoped like every dossier read (`dossier_for`, `dossiers_for`): a dossier you cannot see is
"not found", never "forbidden", so that codes cannot be probed.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.dossiers.paperwork.constants import ErrorCode, Paper
from motcua.dossiers.paperwork.ledger import ledger_workbook
from motcua.dossiers.paperwork.pdf import render_paper
from motcua.dossiers.selectors import dossier_for, dossiers_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnyAccept(BaseContentNegotiation):
    """The body is a file whatever the Accept header says; errors are problem+json (rendered as JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FileView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AnyAccept


def _file(data: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data
    return response


class PaperPdf(FileView):
    @extend_schema(
        parameters=[OpenApiParameter("form", str, OpenApiParameter.PATH, enum=Paper.values)],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="problem+json")},
    )
    def get(self, request, code: str, form: str):
        """A form of the dossier as PDF (Circular 03/2025/TT-VPCP, Annex I, forms 01–06)."""
        try:
            paper = Paper(form)
        except ValueError:
            raise ProblemError(
                ErrorCode.UNKNOWN_PAPER,
                _("There is no paper “%(form)s”.") % {"form": form},
                status=404,
                invalid_params=[InvalidParam("form", "choice", ", ".join(Paper.values))],
            ) from None
        dossier = dossier_for(request.user, code)
        if dossier is None:
            raise ProblemError(
                ErrorCode.DOSSIER_NOT_FOUND, _("No dossier %(code)s is visible to you.") % {"code": code}, status=404
            )
        return _file(render_paper(dossier, paper), "application/pdf", f"{dossier.code}-{paper.value}.pdf", inline=True)


def _date_param(request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ProblemError(
            "invalid",
            _("The request has invalid parameters."),
            invalid_params=[InvalidParam(name, "date", _("Use the form YYYY-MM-DD."))],
        ) from None


class LedgerXlsx(FileView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day of reception (default: the 1st)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of reception (default: today)"),
        ],
        responses={(200, XLSX): OpenApiTypes.BINARY, 400: OpenApiResponse(description="problem+json")},
    )
    def get(self, request):
        """The tracking ledger (sổ theo dõi hồ sơ, form 07) of the dossiers you may see, received in a period."""
        today = timezone.localdate()
        start = _date_param(request, "from", today.replace(day=1))
        end = _date_param(request, "to", today)
        if end < start:
            raise ProblemError(
                "invalid",
                _("The request has invalid parameters."),
                invalid_params=[InvalidParam("to", "before_from", _("The end is before the start."))],
            )
        if (end - start).days > 366:
            raise ProblemError(
                "invalid",
                _("The request has invalid parameters."),
                invalid_params=[InvalidParam("to", "too_long", _("At most one year at a time."))],
            )
        dossiers = dossiers_for(request.user).filter(
            received_at__isnull=False, received_at__date__gte=start, received_at__date__lte=end
        )
        workbook = ledger_workbook(dossiers, period=(start, end))
        out = BytesIO()
        workbook.save(out)
        filename = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        return _file(out.getvalue(), XLSX, filename, inline=False)
