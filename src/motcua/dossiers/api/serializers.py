from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.dossiers.constants import ApplicantKind, Channel, DocumentKind, Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierStep
from motcua.procedures.models import Procedure


class _ByCode(serializers.SlugRelatedField):
    """A related object named by its `code` (procedure national code, agency QCVN 102 code)."""

    def __init__(self, model, **kwargs):
        super().__init__(slug_field="code", queryset=model.objects.all(), **kwargs)

    def to_internal_value(self, data):
        # Codes may repeat across periods (agencies, units): take the newest period.
        found = self.get_queryset().filter(code=data).order_by("-valid_from").first()
        if found is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return found


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=200)
    citizen_id = serializers.CharField(max_length=12, required=False, allow_blank=True)
    tax_code = serializers.CharField(max_length=14, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=16, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address_unit = _ByCode(AdministrativeUnit, required=False, allow_null=True)
    address_street = serializers.CharField(max_length=255, required=False, allow_blank=True)


class DossierCreateSerializer(serializers.Serializer):
    """Online submission (channel 2, by the applicant) or reception at a desk (channel 1 or 3, by the desk)."""

    procedure = _ByCode(Procedure)
    agency = _ByCode(Agency, help_text=_("Code of the receiving agency (QCVN 102:2016)."))
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.ONLINE)
    applicant = ApplicantSerializer()
    form_data = serializers.JSONField(required=False, default=dict)
    documents_checked = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_("At a desk: ids of the procedure's required documents checked on paper."),
    )


class DossierStepSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    holder = serializers.CharField(source="holder.username", default=None)

    class Meta:
        model = DossierStep
        fields = [
            "position",
            "name",
            "agency",
            "role",
            "holder",
            "allotted_hours",
            "started_at",
            "due_at",
            "finished_at",
            "outcome",
        ]


class DossierSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    handling_agency = serializers.CharField(source="handling_agency.code")
    status_label = serializers.CharField(source="get_status_display")
    holder = serializers.CharField(source="holder.username", default=None)
    current_step = DossierStepSerializer(default=None)
    applicant = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "code",
            "version",
            "status",
            "status_label",
            "channel",
            "procedure",
            "procedure_name",
            "receiving_agency",
            "handling_agency",
            "current_step",
            "holder",
            "applicant",
            "form_data",
            "fee_total",
            "submitted_at",
            "received_at",
            "due_at",
            "original_due_at",
            "extended",
            "finished_at",
            "returned_at",
            "paused_since",
            "timeliness",
        ]

    def get_applicant(self, dossier: Dossier) -> dict:
        return {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "citizen_id": dossier.applicant_citizen_id,
            "tax_code": dossier.organisation_tax_code,
            "phone": dossier.phone,
            "email": dossier.email,
            "address_unit": dossier.address_unit.code if dossier.address_unit_id else None,
            "address_street": dossier.address_street,
        }


class PublicDossierSerializer(serializers.ModelSerializer):
    """The public lookup: status and dates only, never personal data."""

    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    receiving_agency = serializers.CharField(source="receiving_agency.name")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Dossier
        fields = [
            "code",
            "status",
            "status_label",
            "channel",
            "procedure",
            "procedure_name",
            "receiving_agency",
            "submitted_at",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)
    step = serializers.IntegerField(source="step.position", default=None)

    class Meta:
        model = DossierEvent
        fields = ["seq", "at", "kind", "actor", "from_status", "to_status", "step", "data", "hash", "prev_hash"]


# --- action parameters ---------------------------------------------------------------------------------
class _Officer(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=get_user_model().objects.filter(is_active=True), **kwargs)


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The dossier version you saw (stale → 409)."))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiveSerializer(ActionSerializer):
    documents_checked = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class ReasonSerializer(ActionSerializer):
    reason = serializers.CharField()


class OptionalReasonSerializer(ActionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class HandOverSerializer(ActionSerializer):
    to_user = _Officer(required=False, allow_null=True, default=None)


class SupplementSerializer(ReasonSerializer):
    documents = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class PaymentSerializer(ActionSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaidSerializer(ActionSerializer):
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class ExtendSerializer(ActionSerializer):
    new_due_at = serializers.DateTimeField()
    apology = serializers.CharField()


STATUS_CHOICES = [(s.value, s.label) for s in Status]


class DossierDocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", default=None)

    class Meta:
        model = DossierDocument
        fields = ["id", "kind", "name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]


class DocumentUploadSerializer(ActionSerializer):
    file = serializers.FileField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.APPLICATION)
