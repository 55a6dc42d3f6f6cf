"""Read-only representations of the catalogue for the public API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.divisions.constants import Tier
from motcua.procedures.exchange import LEVEL_NAMES
from motcua.procedures.models import FeeItem, Field, PerformingAgency, Procedure, Process, ProcessStep, RequiredDocument


def level_name(tier) -> str | None:
    return LEVEL_NAMES[Tier(tier)] if tier else None


class FieldSerializer(serializers.ModelSerializer):
    procedure_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Field
        fields = ["code", "national_code", "name", "procedure_count"]


class FieldRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class TimeSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)
    unit = serializers.CharField()
    note = serializers.CharField()


class ProcedureListSerializer(serializers.ModelSerializer):
    field = FieldRefSerializer()
    levels = serializers.SerializerMethodField()
    time = serializers.SerializerMethodField()
    rank = serializers.FloatField(read_only=True, required=False, help_text="Search rank (higher is better)")

    class Meta:
        model = Procedure
        fields = [
            "code", "name", "field", "levels", "time", "online_level", "postal_allowed", "inter_agency", "status",
            "valid_from", "valid_to", "rank",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(LEVEL_NAMES.values()))))
    def get_levels(self, obj: Procedure) -> list[str]:
        return [level_name(t) for t in obj.levels]

    @extend_schema_field(TimeSerializer)
    def get_time(self, obj: Procedure) -> dict:
        return TimeSerializer({"value": obj.time_value, "unit": obj.time_unit, "note": obj.time_note}).data


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["position", "name", "form", "copies", "mandatory", "template_name", "template", "note"]


class FeeSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, coerce_to_string=False, allow_null=True)

    class Meta:
        model = FeeItem
        fields = ["position", "name", "category", "kind", "amount", "formula", "exemptions", "legal_basis"]


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PerformerSerializer(serializers.ModelSerializer):
    level = serializers.SerializerMethodField()
    agency = AgencyRefSerializer(allow_null=True)

    class Meta:
        model = PerformingAgency
        fields = ["level", "kind", "agency", "note"]

    def get_level(self, obj) -> str:
        return level_name(obj.tier)


class StepSerializer(serializers.ModelSerializer):
    handler_agency = AgencyRefSerializer(allow_null=True)
    handler_level = serializers.SerializerMethodField()
    allotted_hours = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = ProcessStep
        fields = [
            "position", "name", "role", "handler_agency", "handler_kind", "handler_level", "inter_agency",
            "allotted_hours",
        ]  # fmt: skip

    def get_handler_level(self, obj) -> str | None:
        return level_name(obj.handler_tier)


class ProcessSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    steps = StepSerializer(many=True)

    class Meta:
        model = Process
        fields = ["agency", "name", "valid_from", "valid_to", "source", "steps"]


class ProcedureDetailSerializer(ProcedureListSerializer):
    documents = DocumentSerializer(many=True)
    fees = FeeSerializer(many=True)
    performers = PerformerSerializer(many=True)
    processes = ProcessSerializer(many=True)

    class Meta(ProcedureListSerializer.Meta):
        fields = [
            *[f for f in ProcedureListSerializer.Meta.fields if f != "rank"],
            "result", "legal_basis", "form_schema", "source", "unverified", "performers", "documents", "fees",
            "processes",
        ]  # fmt: skip


class FormCheckSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
