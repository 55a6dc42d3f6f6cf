"""The portal's own records: an applicant's unfinished online application (draft) with its uploaded files,
and the satisfaction ratings of returned dossiers. Written only by `portal/actions.py`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """An online application being filled in (hồ sơ lưu nháp): one per applicant and procedure.

    `data` holds what was entered, step by step: {"agency": code, "applicant": {...}, "form": {dotted name:
    raw value}, "delivery": {...}, "done": [step slugs]}. Files are kept on the draft (DraftFile), checked
    on upload like any dossier document, and attached to the dossier at submission.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts")
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft application")
        verbose_name_plural = _("draft applications")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "procedure"], name="portal_draft_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.procedure.code}"


def _draft_file_path(instance, filename: str) -> str:
    # A random name: never the applicant's file name, never guessable.
    return f"portal/drafts/{uuid.uuid4().hex}"


class DraftFile(models.Model):
    """A file uploaded to a draft for one required document (thành phần hồ sơ), already checked."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        "procedures.RequiredDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=300)
    file = models.FileField(upload_to=_draft_file_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Rating(models.IntegerChoices):
    """The answer scale of the national satisfaction survey (rất hài lòng / hài lòng / không hài lòng)."""

    UNSATISFIED = 1, _("Not satisfied")
    SATISFIED = 2, _("Satisfied")
    VERY_SATISFIED = 3, _("Very satisfied")


class Survey(models.Model):
    """The applicant's rating of a returned dossier on the national criteria (đánh giá mức độ hài lòng)."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="portal_survey")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    time = models.PositiveSmallIntegerField(_("processing time"), choices=Rating.choices)
    attitude = models.PositiveSmallIntegerField(_("officers' attitude"), choices=Rating.choices)
    publicity = models.PositiveSmallIntegerField(_("public information"), choices=Rating.choices)
    ease = models.PositiveSmallIntegerField(_("ease of the procedure"), choices=Rating.choices)
    cost = models.PositiveSmallIntegerField(_("cost"), choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    CRITERIA = ("time", "attitude", "publicity", "ease", "cost")

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return f"{self.dossier_id}"
