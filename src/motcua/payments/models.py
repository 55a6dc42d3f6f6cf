"""Payments of dossier fees and financial obligations, and every callback the providers sent.

Only `payments/actions.py` creates payments or changes their status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.payments.constants import CallbackOutcome, PaymentStatus, Purpose


class Payment(models.Model):
    """One attempt to pay one obligation of a dossier through one provider (our order, mã giao dịch)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="payments")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    # The obligation paid: 0 for the fees at submission, else the seq of the dossier's "require_payment" event.
    obligation_seq = models.PositiveIntegerField(default=0)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    provider = models.CharField(_("provider"), max_length=40, db_index=True)
    reference = models.CharField(_("reference"), max_length=40, unique=True)  # our order id (mã thanh toán)
    status = models.CharField(
        _("status"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    provider_txn = models.CharField(_("provider transaction id"), max_length=100, blank=True)
    redirect_url = models.URLField(max_length=2000, blank=True)
    qr_payload = models.CharField(max_length=512, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    dossier_resumed = models.BooleanField(default=False, help_text=_("Paying it resumed the dossier's clock."))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "purpose", "obligation_seq"], name="payment_obligation")]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} ({self.status})"


class PaymentCallback(models.Model):
    """A callback (IPN, webhook) as received, with what we made of it. Append-only: written once, never
    changed or deleted, forged ones included — the evidence for reconciliation and disputes."""

    provider = models.CharField(max_length=40, db_index=True)
    received_at = models.DateTimeField(db_index=True)
    method = models.CharField(max_length=8, default="POST")
    body = models.TextField(blank=True)  # raw body, or the query string of a GET callback
    headers = models.JSONField(default=dict, blank=True)  # the provider's stored_headers only
    remote_addr = models.CharField(max_length=64, blank=True)
    signature_ok = models.BooleanField(default=False)
    result = models.CharField(max_length=20, choices=CallbackOutcome.choices)
    reference = models.CharField(max_length=40, blank=True, db_index=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="callbacks")
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference or '?'} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Payment callbacks are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Payment callbacks are append-only.")
