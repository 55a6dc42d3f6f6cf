"""Feedback and petitions (phản ánh, kiến nghị) with their history, answers and the time limits to answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import ChainedEvent
from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.feedback.constants import SUBJECT_MAX, EventKind, Kind, Stage, Status


class TimeLimit(EffectiveDated):
    """How many working days a stage may take (route, answer), for one kind of feedback or for all (kind empty).

    Rows carry their legal source; `assumed` marks a value we could not verify in the text of the law.
    """

    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, blank=True, help_text=_("Empty: every kind.")
    )
    working_days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1)
    source = models.CharField(_("source"), max_length=300)
    assumed = models.BooleanField(_("assumed (not verified)"), default=False)

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["stage", "kind", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.kind or '*'}: {self.working_days} ({self.valid_from}–{self.valid_to})"


class Feedback(TimeStampedModel):
    """One item of feedback or a petition, from submission to its (published) answer."""

    code = models.CharField(_("follow-up code"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    content = models.TextField(_("content"))
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("procedure"),
    )
    dossier_code = models.CharField(_("dossier code"), max_length=60, blank=True)
    concerned_agency = models.ForeignKey(
        "divisions.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency concerned (as the author says)"),
    )
    agency = models.ForeignKey(
        "divisions.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("responsible agency"),
    )
    # The author: empty for anonymous conduct reports.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    author_phone = models.CharField(_("phone"), max_length=20, blank=True)
    author_email = models.EmailField(_("email"), blank=True)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    consent_publish = models.BooleanField(_("agrees to publication of the answer"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    version = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    route_due_at = models.DateTimeField(_("to route by"), null=True, blank=True)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("to answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for not handling"), blank=True)
    public_question = models.TextField(
        _("question as published"), blank=True, help_text=_("The content without personal details, when published.")
    )
    # Subject, question and answer without diacritics, lower case, for the public search (set on publishing).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    @property
    def due_at(self):
        """The deadline of the current stage: routing, then answering; none once closed."""
        if self.status == Status.RECEIVED:
            return self.route_due_at
        if self.status == Status.ROUTED:
            return self.answer_due_at
        return None


class Answer(models.Model):
    """The responsible agency's answer (văn bản trả lời)."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="answer")
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.text[:40]}"


class FeedbackEvent(ChainedEvent):
    """Append-only, hash-chained history of one item: who did what, when."""

    STREAM_FIELD = "feedback"
    HASHED_FIELDS = ("seq", "at", "actor_id", "kind", "data", "from_status", "to_status")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=12, blank=True, choices=Status.choices)

    class Meta:
        ordering = ["feedback", "seq"]
        constraints = [models.UniqueConstraint(fields=["feedback", "seq"], name="feedback_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.feedback_id}#{self.seq} {self.kind}"

    @property
    def label(self) -> str:
        return str(EventKind(self.kind).label) if self.kind in EventKind.values else self.kind
