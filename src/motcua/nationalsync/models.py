"""The outbox of messages to the national portal, and what the simulated portal received.

One `SyncMessage` per (dossier event, service), written in the transaction of the dossier action
(actions.on_dossier_event), with the payload as it was at that event. The sender (actions.send_pending)
pushes them in order per dossier: (seq of the event, part). A message is claimed with the compare-and-set
UPDATE of notifications.delivery (`claim` / `finish`), so the bookkeeping fields are the same as
notifications.OutboxMessage's.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.nationalsync.constants import OutboxStatus, Part, SyncService


class SyncMessage(models.Model):
    uid = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="national_sync", verbose_name=_("dossier")
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", on_delete=models.CASCADE, related_name="national_sync", verbose_name=_("event")
    )
    seq = models.PositiveIntegerField(_("event number"))  # the event's seq in its dossier
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices)
    service = models.CharField(_("service"), max_length=40, choices=SyncService.choices)
    is_update = models.BooleanField(_("update of a synced dossier"), default=False)  # isUpdating
    payload = models.JSONField(_("payload"))

    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    response = models.TextField(_("portal's answer"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to the national portal")
        verbose_name_plural = _("messages to the national portal")
        constraints = [models.UniqueConstraint(fields=["event", "service"], name="nationalsync_once_per_event")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="nationalsync_due"),
            models.Index(fields=["dossier", "seq", "part"], name="nationalsync_order"),
        ]
        ordering = ["dossier", "seq", "part"]

    def __str__(self) -> str:
        return f"{self.payload.get('MaHoSo', self.dossier_id)} #{self.seq} {self.service} ({self.status})"


class PortalReceipt(models.Model):
    """One call received by the simulated national portal (the demo's and the tests' stand-in)."""

    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    service = models.CharField(_("service"), max_length=40)
    dossier_code = models.CharField(_("dossier code"), max_length=60, blank=True, db_index=True)
    is_update = models.BooleanField(_("update"), default=False)
    accepted = models.BooleanField(_("accepted"), default=False)
    answer = models.CharField(_("answer"), max_length=200, blank=True)
    body = models.JSONField(_("body"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("call received by the simulated portal")
        verbose_name_plural = _("calls received by the simulated portal")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.service} {self.dossier_code} ({'ok' if self.accepted else self.answer})"


class PortalSimulatorState(models.Model):
    """The simulator's knobs (a single row): how many of the next sync calls it refuses."""

    fail_next = models.PositiveIntegerField(_("refuse the next N calls"), default=0)

    class Meta:
        verbose_name = _("simulated portal settings")
        verbose_name_plural = _("simulated portal settings")

    def __str__(self) -> str:
        return str(_("Simulated national portal"))
