"""Personnel API: read the catalogue, quotas and vacancies in the caller's scope; write through actions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.divisions.models import Agency
from motcua.personnel import actions, selectors
from motcua.personnel.api.serializers import (
    AgencyVacanciesSerializer,
    JobPositionSerializer,
    PlacementResultSerializer,
    PlacementSerializer,
    QuotaSetSerializer,
    QuotaStatusSerializer,
)
from motcua.personnel.models import JobPosition, Rank


def _agencies(request):
    qs = selectors.scoped(request.user, Agency.objects.all(), agency_field="pk")
    if request.query_params.get("agency"):
        qs = qs.filter(pk=request.query_params["agency"])
    return qs


class JobPositionList(generics.ListAPIView):
    serializer_class = JobPositionSerializer

    def get_queryset(self):
        qs = selectors.scoped(self.request.user, JobPosition.objects.select_related("agency", "rank"))
        if self.request.query_params.get("agency"):
            qs = qs.filter(agency_id=self.request.query_params["agency"])
        return qs


class QuotaView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("agency", int)],
        responses=QuotaStatusSerializer(many=True),
    )
    def get(self, request):
        year = int(request.query_params.get("year") or timezone.localdate().year)
        agencies = _agencies(request).filter(staffing_quotas__isnull=False).distinct()
        statuses = selectors.quota_statuses(agencies, year)
        return Response(QuotaStatusSerializer(statuses, many=True).data)

    @extend_schema(request=QuotaSetSerializer, responses=QuotaStatusSerializer)
    def post(self, request):
        data = QuotaSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = get_object_or_404(Agency, pk=values.pop("agency"))
        actions.set_quota(actor=request.user, agency=agency, **values)
        return Response(QuotaStatusSerializer(selectors.quota_status(agency, values["year"])).data)


class VacancyView(APIView):
    @extend_schema(parameters=[OpenApiParameter("agency", int)], responses=AgencyVacanciesSerializer(many=True))
    def get(self, request):
        report = [a for a in selectors.vacancy_report(_agencies(request)) if a.positions]
        return Response(AgencyVacanciesSerializer(report, many=True).data)


class PlacementView(APIView):
    @extend_schema(request=PlacementSerializer, responses={201: PlacementResultSerializer})
    def post(self, request):
        data = PlacementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        outcome = actions.place_person(
            actor=request.user,
            person=get_object_or_404(get_user_model(), pk=v["person"]),
            position=get_object_or_404(JobPosition.objects.select_related("agency"), pk=v["position"]),
            rank=get_object_or_404(Rank, pk=v["rank"]),
            qualification=v["qualification"],
            day=v["day"],
            note=v["note"],
        )
        body = {"record": outcome.obj.pk, "warnings": outcome.warnings}
        return Response(PlacementResultSerializer(body).data, status=status.HTTP_201_CREATED)
