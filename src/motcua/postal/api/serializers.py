from __future__ import annotations

from rest_framework import serializers

from motcua.postal.constants import Direction, ShipmentStatus
from motcua.postal.models import Shipment, ShipmentEvent

# Plain strings in the schema (an enum here would collide with the payments' "status" enum name).
STATUS_HELP = "One of: " + ", ".join(ShipmentStatus.values) + "."


class ShipmentCreateSerializer(serializers.Serializer):
    dossier = serializers.CharField(max_length=60, help_text="Dossier code.")
    direction = serializers.ChoiceField(choices=Direction.choices)
    provider = serializers.CharField(max_length=40, required=False, help_text="Default: POSTAL_PROVIDER.")
    address = serializers.CharField(
        max_length=500, required=False, help_text="Pick-up address, or delivery address (default: the portal's)."
    )


class ShipmentEventSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = ShipmentEvent
        fields = ["status", "carrier_status", "at", "received_at", "cod_collected", "source"]
        read_only_fields = fields


class ShipmentSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.code", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = Shipment
        fields = [
            "reference",
            "dossier",
            "direction",
            "provider",
            "waybill",
            "status",
            "recipient_name",
            "recipient_address",
            "postage_fee",
            "cod_amount",
            "cod_fees",
            "cod_collected",
            "failed_attempts",
            "order_error",
            "created_at",
            "ordered_at",
            "status_at",
            "dossier_returned",
            "version",
        ]
        read_only_fields = fields


class ShipmentDetailSerializer(ShipmentSerializer):
    history = serializers.SerializerMethodField()

    class Meta(ShipmentSerializer.Meta):
        fields = [*ShipmentSerializer.Meta.fields, "history"]
        read_only_fields = fields

    def get_history(self, shipment) -> list[dict]:
        from motcua.postal.selectors import history_of

        return ShipmentEventSerializer(history_of(shipment), many=True).data


class WebhookAnswerSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    waybill = serializers.CharField()
    status = serializers.CharField()
