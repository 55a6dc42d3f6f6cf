"""Public, read-only catalogue API: list and search, fields, detail by national code, form check."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.procedures.api.serializers import (
    FieldSerializer,
    FormCheckSerializer,
    ProcedureDetailSerializer,
    ProcedureListSerializer,
)
from motcua.procedures.constants import ErrorCode, OnlineLevel
from motcua.procedures.forms import validate_form_data
from motcua.procedures.selectors import FilterError, fields_with_counts, get_procedure, search_procedures

FILTERS = [
    OpenApiParameter("field", str, description="Field code (lĩnh vực), e.g. ho-tich"),
    OpenApiParameter("level", str, enum=["province", "district", "commune"], description="Level that performs it"),
    OpenApiParameter("online_level", str, enum=OnlineLevel.values, description="Decree 42/2022/NĐ-CP online level"),
    OpenApiParameter("agency", str, description="Agency code: procedures that agency performs"),
]
QUERY = OpenApiParameter("q", str, description="Search words; accents optional ('giay phep xay dung')")
PROBLEM = OpenApiResponse(OpenApiTypes.OBJECT, description="application/problem+json")


class PublicMixin:
    """The catalogue is public: anonymous reads, no session (so no CSRF on the form check)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


def _problem_for(exc: FilterError) -> ProblemError:
    return ProblemError(
        code=ErrorCode.INVALID_FILTER.value,
        detail=_("A filter parameter is not valid."),
        status=400,
        title=_("Invalid filter"),
        invalid_params=[InvalidParam(name=exc.name, code="invalid", reason=exc.reason)],
    )


class ProcedureListView(PublicMixin, generics.ListAPIView):
    serializer_class = ProcedureListSerializer
    require_query = False

    def get_queryset(self):
        params = self.request.query_params
        query = params.get("q", "").strip()
        if self.require_query and not query:
            raise ProblemError(
                code=ErrorCode.INVALID_FILTER.value,
                detail=_("Give search words in q."),
                status=400,
                title=_("Invalid filter"),
                invalid_params=[InvalidParam(name="q", code="required", reason=_("This parameter is required."))],
            )
        try:
            return search_procedures(
                query,
                field=params.get("field"),
                level=params.get("level"),
                agency=params.get("agency"),
                online_level=params.get("online_level"),
            )
        except FilterError as exc:
            raise _problem_for(exc) from exc

    @extend_schema(
        summary="List the procedure catalogue",
        parameters=[QUERY, *FILTERS],
        responses={200: ProcedureListSerializer(many=True), 400: PROBLEM},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProcedureSearchView(ProcedureListView):
    require_query = True

    @extend_schema(
        summary="Search procedures by name, code or field (ranked, diacritics-insensitive)",
        parameters=[OpenApiParameter("q", str, required=True, description=QUERY.description), *FILTERS],
        responses={200: ProcedureListSerializer(many=True), 400: PROBLEM},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FieldListView(PublicMixin, generics.ListAPIView):
    serializer_class = FieldSerializer
    pagination_class = None

    def get_queryset(self):
        return fields_with_counts()

    @extend_schema(summary="Fields of procedures (lĩnh vực) with their procedure counts")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _procedure_or_404(code: str, agency: str | None = None):
    procedure = get_procedure(code, agency=agency)
    if procedure is None:
        raise ProblemError(
            code=ErrorCode.PROCEDURE_NOT_FOUND.value,
            detail=_("No procedure has the code %(code)s.") % {"code": code},
            status=404,
            title=_("Not found"),
        )
    return procedure


class ProcedureDetailView(PublicMixin, APIView):
    @extend_schema(
        summary="One procedure by national code, with documents, fees, performers and process steps",
        parameters=[OpenApiParameter("agency", str, description="Only the processes of this agency (code)")],
        responses={200: ProcedureDetailSerializer, 404: PROBLEM},
    )
    def get(self, request, code: str):
        procedure = _procedure_or_404(code, request.query_params.get("agency") or None)
        return Response(ProcedureDetailSerializer(procedure).data)


class FormCheckView(PublicMixin, APIView):
    """Checks answers against the procedure's online form (JSON Schema); writes nothing."""

    @extend_schema(
        summary="Check online-form answers against the procedure's JSON Schema",
        request=OpenApiTypes.OBJECT,
        responses={200: FormCheckSerializer, 404: PROBLEM, 422: PROBLEM},
    )
    def post(self, request, code: str):
        validate_form_data(_procedure_or_404(code), request.data)
        return Response({"valid": True})
