from __future__ import annotations

from rest_framework import serializers

from motcua.payments.constants import Purpose
from motcua.payments.models import Payment


class PaymentCreateSerializer(serializers.Serializer):
    dossier = serializers.CharField(max_length=60, help_text="Dossier code.")
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    provider = serializers.CharField(max_length=40)
    amount = serializers.IntegerField(
        min_value=1, required=False, help_text="Optional check: refused unless it is the amount due (VND)."
    )


class PaymentSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.code", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "reference",
            "dossier",
            "purpose",
            "amount",
            "provider",
            "status",
            "provider_txn",
            "redirect_url",
            "qr_payload",
            "created_at",
            "expires_at",
            "paid_at",
            "dossier_resumed",
            "version",
        ]
        read_only_fields = fields


class CallbackAnswerSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    reference = serializers.CharField()
    status = serializers.CharField()


class ReconciliationRowSerializer(serializers.Serializer):
    provider = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.IntegerField()
    paid = serializers.IntegerField()
    paid_amount = serializers.IntegerField()
    failed = serializers.IntegerField()
    pending = serializers.IntegerField()
    expired = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    rejected_callbacks = serializers.IntegerField(required=False)


class VietQRSerializer(serializers.Serializer):
    reference = serializers.CharField()
    payload = serializers.CharField()
    bank_bin = serializers.CharField()
    account = serializers.CharField()
    account_name = serializers.CharField()
    amount = serializers.IntegerField()
