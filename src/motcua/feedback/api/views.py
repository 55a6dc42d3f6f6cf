"""Feedback API: anyone submits and follows up by code (throttled, no personal data); officers list their items."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.divisions.selectors import agency_on
from motcua.feedback import actions, selectors
from motcua.feedback.api import serializers as s
from motcua.feedback.constants import ErrorCode, Status
from motcua.procedures.selectors import get_procedure


class PublicThrottle(AnonRateThrottle):
    scope = "lookup"  # the public lookup's rate (settings.LOOKUP_RATE)


def _not_found(code: str) -> ProblemError:
    return ProblemError(ErrorCode.NOT_FOUND.value, _("No feedback has the code %(code)s.") % {"code": code}, status=404)


class Submit(APIView):
    """Send feedback or a petition; the answer carries the follow-up code."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]

    @extend_schema(request=s.SubmitSerializer, responses={201: s.SubmittedSerializer})
    def post(self, request):
        data = s.SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        procedure = None
        if v.get("procedure"):
            procedure = get_procedure(v["procedure"])
            if procedure is None:
                raise ProblemError(
                    ErrorCode.INVALID.value,
                    _("No procedure has this code."),
                    invalid_params=[InvalidParam("procedure", "not_found", _("No procedure has this code."))],
                )
        agency = None
        if v.get("concerned_agency"):
            agency = agency_on(v["concerned_agency"])
            if agency is None:
                raise ProblemError(
                    ErrorCode.INVALID.value,
                    _("No agency has this code."),
                    invalid_params=[InvalidParam("concerned_agency", "not_found", _("No agency has this code."))],
                )
        feedback = actions.submit(
            actor=request.user,
            kind=v["kind"],
            subject=v["subject"],
            content=v["content"],
            procedure=procedure,
            dossier_code=v.get("dossier_code", ""),
            concerned_agency=agency,
            author_name=v.get("author_name", ""),
            author_phone=v.get("author_phone", ""),
            author_email=v.get("author_email", ""),
            anonymous=v.get("anonymous", False),
            consent_publish=v.get("consent_publish", False),
            honeypot=v.get("website", ""),
        )
        return Response(s.SubmittedSerializer(feedback).data, status=status.HTTP_201_CREATED)


class FollowUp(APIView):
    """Status by follow-up code; the question and answer only once published. No personal data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PublicThrottle]

    @extend_schema(responses=s.PublicFeedbackSerializer)
    def get(self, request, code: str):
        feedback = selectors.public_followup(code)
        if feedback is None:
            raise _not_found(code)
        return Response(s.PublicFeedbackSerializer(feedback).data)


class OfficerList(generics.ListAPIView):
    """Feedback the caller may see: routers all, officers their agencies', citizens their own."""

    serializer_class = s.OfficerFeedbackSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Status.values), OpenApiParameter("agency", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.visible(self.request.user).order_by("-received_at")
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        if self.request.query_params.get("agency"):
            qs = qs.filter(agency__code=self.request.query_params["agency"])
        return qs
