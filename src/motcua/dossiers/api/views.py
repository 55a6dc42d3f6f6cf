"""Dossier API: create (idempotent), list and read (scoped), events, actions, and the public lookup."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.core.errors import ProblemError
from motcua.core.idempotency import created_response
from motcua.dossiers import actions
from motcua.dossiers.api import serializers as s
from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.selectors import dossier_for, dossiers_for, events_of, public_status

# Each action's parameters; the action function of the same name takes them as keyword arguments.
ACTION_PARAMS: dict[Action, type[s.ActionSerializer]] = {
    Action.RECEIVE: s.ReceiveSerializer,
    Action.REFUSE: s.ReasonSerializer,
    Action.ASSIGN: s.HandOverSerializer,
    Action.FORWARD: s.HandOverSerializer,
    Action.SEND_BACK: s.HandOverSerializer,
    Action.REQUEST_SUPPLEMENT: s.SupplementSerializer,
    Action.SUPPLEMENT_RECEIVED: s.ActionSerializer,
    Action.REQUIRE_PAYMENT: s.PaymentSerializer,
    Action.PAYMENT_DONE: s.PaidSerializer,
    Action.WITHDRAW: s.OptionalReasonSerializer,
    Action.STOP: s.ReasonSerializer,
    Action.FINISH: s.ActionSerializer,
    Action.RETURN_RESULT: s.ActionSerializer,
    Action.EXTEND: s.ExtendSerializer,
}


def _not_found(code: str) -> ProblemError:
    return ProblemError("dossier_not_found", _("No dossier %(code)s is visible to you.") % {"code": code}, status=404)


class DossierListCreate(generics.ListAPIView):
    serializer_class = s.DossierSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = dossiers_for(self.request.user)
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status__in=[int(x) for x in params["status"].split(",") if x.isdigit()])
        if params.get("procedure"):
            qs = qs.filter(procedure__code=params["procedure"])
        if params.get("agency"):
            qs = qs.filter(handling_agency__code=params["agency"])
        return qs

    @extend_schema(
        request=s.DossierCreateSerializer,
        responses={201: s.DossierSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
    )
    def post(self, request):
        """Submit online (channel 2) or receive at a desk (channel 1 in person, 3 by post)."""

        def create():
            data = s.DossierCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            common = {
                "procedure": v["procedure"],
                "agency": v["agency"],
                "applicant": v["applicant"],
                "form_data": v["form_data"],
            }
            if v["channel"] == Channel.ONLINE:
                dossier = actions.submit(None, actor=request.user, **common)
            else:
                dossier = actions.receive(
                    None,
                    actor=request.user,
                    channel=Channel(v["channel"]),
                    documents_checked=v["documents_checked"],
                    **common,
                )
            return s.DossierSerializer(dossier).data

        return created_response(request, "dossiers.create", create)


class DossierDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.DossierSerializer)
    def get(self, request, code: str):
        dossier = dossier_for(request.user, code)
        if dossier is None:
            raise _not_found(code)
        return Response(s.DossierSerializer(dossier).data)


class DossierEvents(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.EventSerializer(many=True))
    def get(self, request, code: str):
        dossier = dossier_for(request.user, code)
        if dossier is None:
            raise _not_found(code)
        return Response(s.EventSerializer(events_of(dossier), many=True).data)


class DossierAction(APIView):
    """POST /dossiers/{code}/actions/{action}/ with the version you saw and the action's parameters."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.ActionSerializer, responses=s.DossierSerializer)
    def post(self, request, code: str, action: str):
        try:
            name = Action(action)
        except ValueError:
            name = None
        if name not in ACTION_PARAMS:
            raise ProblemError("unknown_action", _("There is no action “%(a)s”.") % {"a": action}, status=404)
        dossier = dossier_for(request.user, code)
        if dossier is None:
            raise _not_found(code)
        params = ACTION_PARAMS[name](data=request.data)
        params.is_valid(raise_exception=True)
        kwargs = dict(params.validated_data)
        version, comment = kwargs.pop("version"), kwargs.pop("comment")
        result = getattr(actions, name.value)(dossier, actor=request.user, version=version, comment=comment, **kwargs)
        return Response(s.DossierSerializer(result).data)


class DossierDocuments(APIView):
    """List the documents of a dossier, or attach one (multipart: file, name, kind, version)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    def _dossier(self, request, code):
        dossier = dossier_for(request.user, code)
        if dossier is None:
            raise _not_found(code)
        return dossier

    @extend_schema(responses=s.DossierDocumentSerializer(many=True))
    def get(self, request, code: str):
        dossier = self._dossier(request, code)
        return Response(s.DossierDocumentSerializer(dossier.documents.order_by("uploaded_at", "id"), many=True).data)

    @extend_schema(request=s.DocumentUploadSerializer, responses={201: s.DossierDocumentSerializer})
    def post(self, request, code: str):
        dossier = self._dossier(request, code)
        params = s.DocumentUploadSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        v = params.validated_data
        actions.attach(
            dossier,
            actor=request.user,
            version=v["version"],
            comment=v["comment"],
            file=v["file"],
            name=v["name"],
            kind=v["kind"],
        )
        document = dossier.documents.order_by("-id").first()
        return Response(s.DossierDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DossierDocumentFile(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, code: str, pk: int):
        dossier = dossier_for(request.user, code)
        document = dossier.documents.filter(pk=pk).first() if dossier is not None else None
        if document is None:
            raise _not_found(code)
        extension = mimetypes.guess_extension(document.content_type) or ""
        filename = document.name if document.name.lower().endswith(extension) else document.name + extension
        return FileResponse(
            document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=filename
        )


class LookupThrottle(AnonRateThrottle):
    scope = "lookup"


class PublicLookup(APIView):
    """Anyone with a dossier code sees its status; no personal data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LookupThrottle]

    @extend_schema(responses=s.PublicDossierSerializer)
    def get(self, request, code: str):
        row = public_status(code)
        if row is None:
            raise ProblemError("dossier_not_found", _("No dossier has the code %(code)s.") % {"code": code}, status=404)
        return Response(public_representation(row))


_DATETIME = serializers.DateTimeField()


def public_representation(row: dict) -> dict:
    """What `PublicDossierSerializer` gives, from `selectors.public_status`'s values: the most called read of the
    platform (every receipt's QR code) skips building a ModelSerializer's fields per request. A test keeps the two
    identical."""
    when = _DATETIME.to_representation
    return {
        "code": row["code"],
        "status": row["status"],
        "status_label": str(Status(row["status"]).label),
        "channel": row["channel"],
        "procedure": row["procedure__code"],
        "procedure_name": row["procedure__name"],
        "receiving_agency": row["receiving_agency__name"],
        **{k: when(row[k]) if row[k] is not None else None for k in PUBLIC_DATES},
    }


PUBLIC_DATES = ("submitted_at", "received_at", "due_at", "finished_at", "returned_at")
