"""Payments API: create (idempotent), read, provider callbacks, VietQR, receipt, daily reconciliation."""

from __future__ import annotations

from datetime import date

import segno
from django.http import HttpResponse
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
from motcua.payments import actions
from motcua.payments.api import serializers as s
from motcua.payments.constants import ErrorCode
from motcua.payments.contrib.napas_gateway.provider import problem_rspcode
from motcua.payments.contrib.vietqr import provider as vietqr
from motcua.payments.receipts import render_receipt
from motcua.payments.registry import registry
from motcua.payments.selectors import may_reconcile, payment_for, reconciliation


def _not_found(reference: str) -> ProblemError:
    return ProblemError(ErrorCode.NOT_FOUND, _("No payment %(ref)s is visible to you.") % {"ref": reference}, 404)


def _payment(request, reference: str):
    payment = payment_for(request.user, reference)
    if payment is None:
        raise _not_found(reference)
    return payment


class PaymentCreate(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=s.PaymentCreateSerializer,
        responses={201: s.PaymentSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    def post(self, request):
        """Start paying a dossier's fees or financial obligation: the applicant or the dossier's agency."""

        def create():
            data = s.PaymentCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            dossier = dossier_for(request.user, v["dossier"])
            if dossier is None:
                raise ProblemError(
                    "dossier_not_found", _("No dossier %(code)s is visible to you.") % {"code": v["dossier"]}, 404
                )
            payment = actions.request_payment(
                dossier, actor=request.user, purpose=v["purpose"], provider=v["provider"], amount=v.get("amount")
            )
            return s.PaymentSerializer(payment).data

        return created_response(request, "payments.create", create)


class PaymentDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.PaymentSerializer)
    def get(self, request, reference: str):
        return Response(s.PaymentSerializer(_payment(request, reference)).data)


class Providers(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The enabled payment providers: [{"id", "name"}]."""
        return Response([{"id": key, "name": name} for key, name in registry.choices()])


@method_decorator(csrf_exempt, name="dispatch")
class ProviderCallback(APIView):
    """The provider's server-to-server notification (IPN / webhook): anonymous, checked by its signature."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def _handle(self, request, provider: str, body: bytes):
        try:
            recorded = actions.record_callback(
                provider,
                body,
                dict(request.headers),
                method=request.method,
                remote_addr=request.META.get("REMOTE_ADDR", ""),
            )
        except ProblemError as problem:
            response = problem_response(problem, request.path)
            if provider == "napas_gateway":  # the gateway reads RspCode
                response.data.update(problem_rspcode(problem.code))
            return response
        plugin = registry.get(provider)
        return Response(
            {
                "outcome": recorded.outcome,
                "reference": recorded.payment.reference,
                "status": recorded.payment.status,
                **plugin.acknowledgement(recorded.outcome),
            }
        )

    @extend_schema(request=OpenApiTypes.OBJECT, responses=s.CallbackAnswerSerializer)
    def post(self, request, provider: str):
        return self._handle(request, provider, request.body)

    @extend_schema(responses=s.CallbackAnswerSerializer)
    def get(self, request, provider: str):
        """GET notifications (the gateway's IPN): the signed parameters are the query string."""
        return self._handle(request, provider, request.META.get("QUERY_STRING", "").encode())


def _vietqr(request, reference: str):
    payment = _payment(request, reference)
    if payment.provider != "vietqr" or not payment.qr_payload:
        raise ProblemError(ErrorCode.NOT_QR, _("This payment has no VietQR code."), status=404)
    return payment


class VietQRPayload(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.VietQRSerializer)
    def get(self, request, reference: str):
        payment = _vietqr(request, reference)
        conf = vietqr.config()
        return Response(
            {
                "reference": payment.reference,
                "payload": payment.qr_payload,
                "bank_bin": conf["bin"],
                "account": conf["account"],
                "account_name": conf["name"],
                "amount": payment.amount,
            }
        )


class VietQRImage(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY})
    def get(self, request, reference: str):
        import io

        payment = _vietqr(request, reference)
        buffer = io.BytesIO()
        segno.make(payment.qr_payload, error="m").save(buffer, kind="png", scale=8, border=4)
        return HttpResponse(buffer.getvalue(), content_type="image/png")


class Receipt(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, reference: str):
        """The electronic receipt (biên lai điện tử) of a paid payment."""
        payment = _payment(request, reference)
        pdf = render_receipt(payment)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
        return response


class Reconciliation(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, required=True)],
        responses=s.ReconciliationRowSerializer(many=True),
    )
    def get(self, request):
        """Per provider, the payments of one day (đối soát): province and agency administrators."""
        if not may_reconcile(request.user):
            raise ProblemError(ErrorCode.FORBIDDEN, _("Only administrators see the reconciliation."), status=403)
        raw = request.query_params.get("date", "")
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ProblemError(
                "invalid",
                _("The request has invalid parameters."),
                invalid_params=[InvalidParam("date", "invalid", _("A date as YYYY-MM-DD"))],
            ) from None
        return Response({"date": day.isoformat(), "providers": reconciliation(request.user, day)})
