"""Dossiers (hồ sơ TTHC), their steps, documents, pauses and hash-chained events.

Only `dossiers/actions.py` changes a dossier's status, holder, steps or times.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import citizen_id_validator
from motcua.core.audit import ChainedEvent
from motcua.dossiers.constants import Action, ApplicantKind, Channel, DocumentKind, Status


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=60, unique=True)  # mã hồ sơ
    # The code's parts: the daily prefix of the receiving agency and the sequence within it, unique
    # together, so that concurrent receipts get consecutive numbers without gaps (see actions).
    sequence_key = models.CharField(max_length=60, editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers")
    process = models.ForeignKey(
        "procedures.Process", null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices, db_index=True)

    # Applicant (chủ hồ sơ). Personal data: shown only to the applicant and the agencies holding it.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    applicant_kind = models.CharField(_("applicant kind"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=200)
    applicant_citizen_id = models.CharField(
        _("citizen ID number"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    organisation_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_unit = models.ForeignKey(
        "divisions.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address_street = models.CharField(_("street address"), max_length=255, blank=True)

    receiving_agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="received_dossiers")
    handling_agency = models.ForeignKey(
        "divisions.Agency", on_delete=models.PROTECT, related_name="handled_dossiers", help_text=_("Holds it now.")
    )
    current_step = models.ForeignKey("DossierStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="held_dossiers"
    )

    form_data = models.JSONField(_("form data"), default=dict, blank=True)
    fee_total = models.DecimalField(_("fees (VND)"), max_digits=14, decimal_places=0, default=0)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)  # ngày hẹn trả
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    extended = models.BooleanField(_("extended with an apology"), default=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=10, blank=True)  # early / on_time / late
    overdue_at = models.DateTimeField(_("became overdue at"), null=True, blank=True)  # set once by the sweep

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sequence_key", "sequence"], name="dossier_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["handling_agency", "status"], name="dossier_agency_status"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_agency_received"),
        ]

    def __str__(self) -> str:
        return self.code


class DossierSequence(models.Model):
    """The last daily sequence number given at one receiving agency (key = the code's prefix).

    Incremented with one conditional UPDATE inside the transaction that creates the dossier, so the row is
    locked only from that moment to the commit: concurrent receipts at one desk queue briefly instead of
    colliding and retrying, and a rolled-back receipt gives its number back (no gaps).
    """

    key = models.CharField(max_length=60, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class DossierStep(models.Model):
    """One step of a dossier's handling, with its allotted time and who held it (phiếu kiểm soát quá trình)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    process_step = models.ForeignKey(
        "procedures.ProcessStep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=300)
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allotted_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, blank=True)  # forwarded / sent_back / finished / stopped

    class Meta:
        ordering = ["dossier", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(finished_at__isnull=True), name="dossier_one_open_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}:{self.position} {self.name}"


class Pause(models.Model):
    """A span when the clock stopped: supplement requested or financial obligation pending."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    status = models.PositiveSmallIntegerField(choices=Status.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} paused {self.started_at:%Y-%m-%d %H:%M} → {self.ended_at or '…'}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.APPLICATION)
    required_document = models.ForeignKey(
        "procedures.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=300)
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.name}"


class DossierEvent(ChainedEvent):
    """Append-only, hash-chained history of one dossier; written only by dossiers/actions.py."""

    STREAM_FIELD = "dossier"
    HASHED_FIELDS = ("seq", "at", "actor_id", "kind", "data", "from_status", "to_status", "step_id")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    to_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    step = models.ForeignKey(DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.kind}"

    @property
    def action(self) -> Action:
        return Action(self.kind)

    @property
    def label(self) -> str:
        """What happened, in the reader's language (actions, or system events registered by the apps)."""
        from motcua.dossiers.constants import SYSTEM_EVENTS

        return Action(self.kind).label if self.kind in Action.values else str(SYSTEM_EVENTS.get(self.kind, self.kind))
