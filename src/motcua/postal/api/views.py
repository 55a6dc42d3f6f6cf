"""Postal API: create (idempotent) and track shipments of a dossier; carriers' webhooks."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.api import problem_response
from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.idempotency import created_response
from motcua.dossiers.selectors import dossier_for
from motcua.postal import actions
from motcua.postal.api import serializers as s
from motcua.postal.constants import Direction, ErrorCode
from motcua.postal.selectors import shipment_for, shipments_for


def _dossier(request, code: str):
    dossier = dossier_for(request.user, code)
    if dossier is None:
        raise ProblemError("dossier_not_found", _("No dossier %(code)s is visible to you.") % {"code": code}, 404)
    return dossier


class Shipments(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("dossier", str, required=True, description="Dossier code.")],
        responses=s.ShipmentSerializer(many=True),
    )
    def get(self, request):
        """The shipments of a dossier the caller may see (applicant, officers of the holding agencies)."""
        code = request.query_params.get("dossier", "")
        if not code:
            raise ProblemError(
                "invalid",
                _("The request has invalid parameters."),
                invalid_params=[InvalidParam("dossier", "required", _("Required"))],
            )
        return Response(s.ShipmentSerializer(shipments_for(_dossier(request, code)), many=True).data)

    @extend_schema(
        request=s.ShipmentCreateSerializer,
        responses={201: s.ShipmentSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    def post(self, request):
        """Request a pick-up of the dossier (applicant or agency) or send the result by post (receiving desk)."""

        def create():
            data = s.ShipmentCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            dossier = _dossier(request, v["dossier"])
            act = actions.request_pickup if v["direction"] == Direction.PICKUP else actions.create_delivery
            shipment = act(dossier, actor=request.user, provider=v.get("provider"), address=v.get("address", ""))
            return s.ShipmentSerializer(shipment).data

        return created_response(request, "postal.create", create)


class ShipmentDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ShipmentDetailSerializer)
    def get(self, request, reference: str):
        """A shipment by its reference or waybill, with its tracking history."""
        shipment = shipment_for(request.user, reference)
        if shipment is None:
            raise ProblemError(
                ErrorCode.NOT_FOUND, _("No shipment %(ref)s is visible to you.") % {"ref": reference}, 404
            )
        return Response(s.ShipmentDetailSerializer(shipment).data)


@method_decorator(csrf_exempt, name="dispatch")
class CarrierWebhook(APIView):
    """The carrier's status push: anonymous, checked by its signature."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=OpenApiTypes.OBJECT, responses=s.WebhookAnswerSerializer)
    def post(self, request, provider: str):
        try:
            recorded = actions.record_webhook(
                provider, request.body, dict(request.headers), remote_addr=request.META.get("REMOTE_ADDR", "")
            )
        except ProblemError as problem:
            return problem_response(problem, request.path)
        shipment = recorded.shipment
        return Response(
            {
                "outcome": recorded.outcome,
                "waybill": shipment.waybill if shipment else "",
                "status": shipment.status if shipment else "",
            }
        )
