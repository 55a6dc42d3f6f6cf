"""Shipments of dossiers and results through the public postal service, and every webhook the carriers sent.

Only `postal/actions.py` creates shipments or changes their status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.postal.constants import Direction, ShipmentStatus, WebhookOutcome


class Shipment(models.Model):
    """One postal item of a dossier (bưu gửi): the dossier carried to the agency, or the result to the applicant."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="shipments")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    provider = models.CharField(_("provider"), max_length=40, db_index=True)
    reference = models.CharField(_("order reference"), max_length=40, unique=True)  # our order id
    # The carrier's item code (số hiệu bưu gửi, e.g. EB123456789VN); empty until the carrier accepts the order.
    waybill = models.CharField(_("waybill"), max_length=40, unique=True, null=True, blank=True)
    # Pick-up: from the applicant to the receiving agency; delivery: from the agency to the applicant.
    sender_name = models.CharField(_("sender"), max_length=255, blank=True)
    sender_phone = models.CharField(_("sender phone"), max_length=40, blank=True)
    sender_address = models.CharField(_("sender address"), max_length=500, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=255)
    recipient_phone = models.CharField(_("recipient phone"), max_length=40, blank=True)
    recipient_address = models.CharField(_("recipient address"), max_length=500)
    postage_fee = models.PositiveBigIntegerField(_("postage (VND)"), default=0)  # cước phí
    cod_amount = models.PositiveBigIntegerField(_("cash on delivery (VND)"), default=0)  # tiền thu hộ
    # The part of cod_amount that is the dossier's unpaid fees (phí, lệ phí), set when the delivery is created.
    cod_fees = models.PositiveBigIntegerField(_("fees collected on delivery (VND)"), default=0)
    # What the carrier reports the postman collected on delivery (the carrier remits it to the agency).
    cod_collected = models.PositiveBigIntegerField(_("cash collected (VND)"), default=0)
    cod_collected_at = models.DateTimeField(_("cash collected at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED, db_index=True
    )
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    order_error = models.CharField(max_length=300, blank=True)  # why the carrier refused the order, if it did
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    ordered_at = models.DateTimeField(_("order accepted at"), null=True, blank=True)
    status_at = models.DateTimeField(_("status since"), null=True, blank=True)
    dossier_returned = models.BooleanField(
        default=False, help_text=_("Delivering it recorded the return of the result on the dossier.")
    )
    polled_at = models.DateTimeField(_("last tracking query"), null=True, blank=True)  # poll_shipments
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "direction"], name="shipment_dossier_direction")]
        constraints = [
            # One item on its way per dossier and direction; a returned one may be sent again.
            models.UniqueConstraint(
                fields=["dossier", "direction"],
                condition=~models.Q(status="returned_to_sender"),
                name="shipment_one_active_per_direction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.waybill or self.reference} ({self.status})"


class SimulatorEvent(models.Model):
    """The simulated carrier's own record of what happened to an item (demo and tests only): what its tracking
    endpoint answers, whether or not the webhook reached us."""

    waybill = models.CharField(max_length=40, db_index=True)
    event_id = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    at = models.DateTimeField()
    cod_collected = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.waybill} {self.status}"


class ShipmentEvent(models.Model):
    """A carrier's webhook (or a tracking update that changed the shipment) as received, with what we made of it.
    Append-only: forged webhooks are kept too."""

    shipment = models.ForeignKey(Shipment, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    provider = models.CharField(max_length=40, db_index=True)
    # The carrier's id of the event (or one derived from item, status and time): the same webhook twice is
    # recorded as a duplicate and applied once. Empty for rejected webhooks.
    event_id = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices, blank=True)
    carrier_status = models.CharField(max_length=40, blank=True)  # the carrier's own code
    at = models.DateTimeField(null=True, blank=True)  # when it happened, as the carrier says
    cod_collected = models.PositiveBigIntegerField(default=0)  # cash the postman collected (VND), as reported
    # How it reached us: pushed by the carrier (webhook) or read from its tracking query (poll).
    source = models.CharField(max_length=10, default="webhook")
    received_at = models.DateTimeField(db_index=True)
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    signature_ok = models.BooleanField(default=False)
    result = models.CharField(max_length=20, choices=WebhookOutcome.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=models.Q(result="applied"),
                name="shipment_event_applied_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id or '?'} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Shipment events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Shipment events are append-only.")
