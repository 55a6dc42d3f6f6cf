"""Notification templates (data, editable in the admin) and the outbox of messages to send.

The outbox is written in the transaction of the dossier action (see subscribers.py) and emptied by
background workers (delivery.py), which claim a row with a compare-and-set UPDATE like healthchecks'
Flip: whoever changes the row from "due" to "sending" owns it until `claimed_until`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.notifications.constants import OutboxStatus, TemplateKey


class NotificationTemplate(models.Model):
    """The text of one message kind for one channel and language, rendered by Django's template engine
    with `dossier`, `event`, `data`, `procedure`, `agency`, `lookup_url` and `extra` in its context."""

    key = models.CharField(_("message kind"), max_length=40, choices=TemplateKey.choices)
    channel = models.CharField(_("channel"), max_length=20)  # email / sms / zns (registry ids)
    language = models.CharField(_("language"), max_length=8, default="vi")
    subject = models.CharField(_("subject"), max_length=300, blank=True)  # e-mail only
    body = models.TextField(_("body"))
    # ZNS: the id of the template approved by Zalo; the body's variables become its template_data.
    provider_template_id = models.CharField(_("provider template id"), max_length=60, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [
            models.UniqueConstraint(fields=["key", "channel", "language"], name="notify_template_unique"),
        ]
        ordering = ["key", "channel", "language"]

    def __str__(self) -> str:
        return f"{self.key} / {self.channel} / {self.language}"


class OutboxMessage(models.Model):
    """One message to one recipient on one channel, caused by one dossier event (hộp thư đi)."""

    # Our message id, sent to the provider as its idempotency / tracking id (eSMS RequestId, ZNS tracking_id,
    # e-mail Message-ID): a re-send after a crash is recognised and not delivered twice.
    uid = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="notifications", verbose_name=_("dossier")
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    key = models.CharField(_("message kind"), max_length=40, choices=TemplateKey.choices)
    channel = models.CharField(_("channel"), max_length=20)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="vi")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    payload = models.JSONField(_("provider data"), default=dict, blank=True)  # e.g. ZNS template_id + data

    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)  # who holds the current claim
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing notification")
        verbose_name_plural = _("outgoing notifications")
        constraints = [
            # One event never yields two messages for the same recipient on the same channel.
            models.UniqueConstraint(fields=["event", "channel", "recipient"], name="notify_outbox_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notify_outbox_due")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key} → {self.channel}:{self.recipient} ({self.status})"
