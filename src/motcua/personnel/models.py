"""Job positions, ranks, staffing quotas and personnel records (vị trí việc làm, ngạch, biên chế, hồ sơ).

Rules are data: ranks and job positions carry their legal basis and validity dates; a quota is per
agency per year. Writes go through `personnel/actions.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.personnel.constants import Grade, PlanStatus, PositionGroup, Qualification, RequestStatus


def _valid_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
        name=name,
    )


class Rank(EffectiveDated):
    """A civil-servant rank (ngạch công chức), e.g. 01.003 Chuyên viên."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(
        _("level"), default=3, help_text=_("1 = senior (cao cấp) … 5 = staff (nhân viên); lower is higher.")
    )
    min_qualification = models.PositiveSmallIntegerField(
        _("minimum qualification"), choices=Qualification.choices, default=Qualification.BACHELOR
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StaffingAuthority(EffectiveDated):
    """The agency that manages civil-servant staffing for a province (Sở Nội vụ): its personnel staff see
    and manage every agency of the province. Data, not code, so no province's department is hard-wired."""

    agency = models.OneToOneField("divisions.Agency", on_delete=models.CASCADE, related_name="staffing_authority")

    class Meta:
        verbose_name = _("staffing authority")
        verbose_name_plural = _("staffing authorities")

    def __str__(self) -> str:
        return str(self.agency)


class JobPosition(EffectiveDated, TimeStampedModel):
    """A job position approved for one agency (vị trí việc làm), Decree 361/2025/NĐ-CP."""

    agency = models.ForeignKey(
        "divisions.Agency", on_delete=models.PROTECT, related_name="job_positions", verbose_name=_("agency")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=PositionGroup.choices)
    description = models.TextField(_("job description"), blank=True)  # bản mô tả công việc
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="positions", verbose_name=_("required rank"))
    min_qualification = models.PositiveSmallIntegerField(
        _("minimum qualification"), choices=Qualification.choices, default=Qualification.BACHELOR
    )
    qualifications = models.TextField(_("required qualifications"), blank=True, help_text=_("Majors, certificates."))
    competencies = models.JSONField(
        _("competency framework"), default=list, blank=True, help_text=_("List of competencies (khung năng lực).")
    )
    headcount = models.PositiveSmallIntegerField(_("number of people"), default=1)
    requires_foreign_language = models.BooleanField(_("requires a foreign language"), default=False)
    legal_basis = models.CharField(_("approval decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("job position")
        verbose_name_plural = _("job positions")
        ordering = ["agency", "group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="job_position_agency_code_unique"),
            _valid_range("job_position_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.short_name or self.agency.name})"


class StaffingQuota(TimeStampedModel):
    """The civil-servant staffing quota (biên chế công chức) assigned to an agency for a year."""

    agency = models.ForeignKey(
        "divisions.Agency", on_delete=models.PROTECT, related_name="staffing_quotas", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    assigned = models.PositiveIntegerField(_("assigned"))
    decision = models.CharField(_("assigning decision"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("staffing quota")
        verbose_name_plural = _("staffing quotas")
        ordering = ["-year", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="staffing_quota_agency_year_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.assigned}"


class QuotaChangeRequest(TimeStampedModel):
    """An agency's request to change its staffing quota for a year, decided by the staffing authority."""

    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="quota_requests")
    year = models.PositiveSmallIntegerField(_("year"))
    requested = models.PositiveIntegerField(_("quota requested"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("quota change request")
        verbose_name_plural = _("quota change requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.requested} ({self.get_status_display()})"


class PersonnelRecord(TimeStampedModel):
    """A civil servant holding a job position in an agency from a date until (exclusive) a date."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="personnel_records", verbose_name=_("person")
    )
    agency = models.ForeignKey(
        "divisions.Agency", on_delete=models.PROTECT, related_name="personnel_records", verbose_name=_("agency")
    )
    position = models.ForeignKey(
        JobPosition, on_delete=models.PROTECT, related_name="records", verbose_name=_("job position")
    )
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="records", verbose_name=_("rank"))
    qualification = models.PositiveSmallIntegerField(_("qualification"), choices=Qualification.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True, help_text=_("Exclusive; empty = still in post."))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("personnel record")
        verbose_name_plural = _("personnel records")
        ordering = ["agency", "-valid_from"]
        constraints = [
            # A person holds at most one open post at a time (kiêm nhiệm is out of scope for now).
            models.UniqueConstraint(
                fields=["person"], condition=Q(valid_to__isnull=True), name="personnel_one_open_record"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="personnel_record_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["agency", "valid_from", "valid_to"], name="personnel_agency_dates_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.position.name}"


class EvaluationRuleSet(EffectiveDated):
    """Rules of the yearly evaluation: score thresholds of the grades and the cap on "excellent".

    thresholds: {"excellent": 90, "good": 70, "completed": 50} — a score below the lowest is "not completed".
    """

    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    thresholds = models.JSONField(_("score thresholds"), default=dict)
    excellent_cap_ratio = models.DecimalField(
        _("cap on excellent, as a share of those graded good"), max_digits=4, decimal_places=3, default=0.2
    )

    class Meta:
        verbose_name = _("evaluation rule set")
        verbose_name_plural = _("evaluation rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Evaluation(TimeStampedModel):
    """A civil servant's yearly evaluation and grade (đánh giá, xếp loại chất lượng hằng năm)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations")
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    rules = models.ForeignKey(EvaluationRuleSet, on_delete=models.PROTECT)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    disciplined = models.BooleanField(
        _("disciplined in the year"),
        default=False,
        help_text=_("Reprimand or heavier: not completed, whatever the score."),
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    evidence = models.JSONField(
        _("evidence shown to the evaluator"),
        default=dict,
        blank=True,
        help_text=_("Citizens' feedback about the officer and dossier lateness attributed to them."),
    )
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    final = models.BooleanField(_("final"), default=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_grade_display()}"


# ------------------------------------------------------------------ training (đào tạo, bồi dưỡng)


class PersonCompetency(TimeStampedModel):
    """A competency of the position's framework that a civil servant has shown (by training or assessment).
    The gap between a position's `competencies` and its holder's is what training plans close."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competencies")
    name = models.CharField(_("competency"), max_length=200)
    attained_on = models.DateField(_("attained on"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Course, certificate …"))

    class Meta:
        verbose_name = _("competency of a person")
        verbose_name_plural = _("competencies of people")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="person_competency_unique")]

    def __str__(self) -> str:
        return f"{self.person}: {self.name}"


class TrainingOffer(EffectiveDated):
    """A course that builds one competency, with its provider, length and cost per person (the catalogue
    from which plans are drafted; data/training.yaml)."""

    competency = models.CharField(_("competency"), max_length=200)
    name = models.CharField(_("course"), max_length=255)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), default=5)
    cost_per_person = models.PositiveIntegerField(_("cost per person (VND)"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("training offer")
        verbose_name_plural = _("training offers")
        ordering = ["competency", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.competency})"


class TrainingPlan(TimeStampedModel):
    """An agency's yearly training and refresher plan (kế hoạch đào tạo, bồi dưỡng hằng năm)."""

    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="training_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="training_plan_agency_year_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class TrainingCourse(models.Model):
    """A course of a plan: what, for which competency, when, cost per person."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="courses")
    competency = models.CharField(_("competency"), max_length=200)
    name = models.CharField(_("course"), max_length=255)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    cost_per_person = models.PositiveIntegerField(_("cost per person (VND)"), default=0)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["plan", "starts", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="training_course_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingEnrolment(models.Model):
    """Who attends a course, and its completion (hoàn thành khóa học)."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(PersonnelRecord, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    certificate = models.CharField(_("certificate number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="training_enrolment_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"
