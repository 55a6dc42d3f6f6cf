"""Recruitment rounds, applications, the computer-based exam and round-2 marks.

Rules are data (RecruitmentRuleSet, effective-dated, citing Decree 170/2025/NĐ-CP); all writes go through
`recruitment/actions.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.personnel.constants import Qualification
from motcua.recruitment.constants import (
    ApplicationStatus,
    CouncilRole,
    Difficulty,
    Gender,
    MarkPart,
    Result,
    Round2Form,
    RoundStatus,
    SessionStatus,
    Subject,
)


class RecruitmentRuleSet(EffectiveDated):
    """The recruitment rules in force from a date: round-1 structure, pass marks, priority points, tie-breaks.

    round1_parts: [{"subject": "general", "questions": 60, "minutes": 60,
                    "blueprint": {"easy": 20, "medium": 30, "hard": 10}, "only_if_required": false}, …]
    priority_points: {"category code": {"points": "7.5", "label": "…"}, …}
    tie_breaks: ordered keys, e.g. ["round2_score", "written_score", "head_decides"].
    """

    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    round1_parts = models.JSONField(_("round 1 parts"), default=list)
    round1_pass_ratio = models.DecimalField(
        _("round 1 pass ratio"), max_digits=4, decimal_places=3, default=Decimal("0.5")
    )
    round2_max = models.DecimalField(_("round 2 maximum"), max_digits=6, decimal_places=2, default=Decimal(100))
    round2_pass_mark = models.DecimalField(_("round 2 pass mark"), max_digits=6, decimal_places=2, default=Decimal(50))
    marker_tolerance = models.DecimalField(
        _("largest difference between two markers"), max_digits=6, decimal_places=2, default=Decimal(10)
    )
    appeal_days = models.PositiveSmallIntegerField(_("days to request re-marking"), default=5)
    priority_points = models.JSONField(_("priority categories and points"), default=dict)
    only_highest_priority = models.BooleanField(_("only the highest priority counts"), default=True)
    tie_breaks = models.JSONField(_("tie-breaks"), default=list)
    eligibility = models.JSONField(
        _("eligibility checks"),
        default=list,
        blank=True,
        help_text=_('Checks run on every application, e.g. [{"check": "min_age", "years": 18, "source": "…"}].'),
    )
    required_documents = models.JSONField(
        _("documents to upload"),
        default=list,
        blank=True,
        help_text=_('[{"code": "diploma", "label": "…", "mandatory": true}, …]; formats from core.uploads.'),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("What was verified in the text and what assumed."))

    class Meta:
        verbose_name = _("recruitment rule set")
        verbose_name_plural = _("recruitment rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from or '…'})"


class ExamFeeSchedule(EffectiveDated):
    """The recruitment fee per candidate by the number of candidates of the exam (phí tuyển dụng).

    tiers: [{"below": 100, "amount": 500000}, {"below": 500, "amount": 400000}, {"below": null, "amount": 300000}]
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    tiers = models.JSONField(_("tiers"), default=list)
    remark_fee = models.PositiveIntegerField(_("re-marking fee per paper (VND)"), default=0)

    class Meta:
        verbose_name = _("exam fee schedule")
        verbose_name_plural = _("exam fee schedules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name

    def amount_for(self, candidates: int) -> int:
        for tier in self.tiers:
            if tier.get("below") is None or candidates < tier["below"]:
                return int(tier["amount"])
        return int(self.tiers[-1]["amount"]) if self.tiers else 0


class Question(TimeStampedModel):
    """A multiple-choice question of the round-1 bank (ngân hàng câu hỏi)."""

    subject = models.CharField(_("subject"), max_length=30, choices=Subject.choices)
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices)
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), help_text=_("List of answer texts."))
    correct = models.PositiveSmallIntegerField(_("correct choice (0-based)"))
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["subject", "difficulty", "active"], name="question_bank_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class RecruitmentRound(TimeStampedModel):
    """A recruitment round (kỳ tuyển dụng): plan, approval, announcement, exams, results."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    agency = models.ForeignKey(
        "divisions.Agency",
        on_delete=models.PROTECT,
        related_name="recruitment_rounds",
        verbose_name=_("recruiting authority"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rule_set = models.ForeignKey(RecruitmentRuleSet, on_delete=models.PROTECT, verbose_name=_("rules"))
    status = models.CharField(_("status"), max_length=30, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    conditions = models.TextField(_("conditions and standards"), blank=True)
    announcement = models.TextField(_("announcement"), blank=True)
    fee = models.PositiveIntegerField(_("exam fee (VND)"), default=0)
    fee_schedule = models.ForeignKey(
        ExamFeeSchedule, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("fee schedule")
    )
    expected_candidates = models.PositiveIntegerField(
        _("expected candidates"), default=0, help_text=_("Sets the fee tier of the fee schedule.")
    )
    applications_open = models.DateField(_("applications from"), null=True, blank=True)
    applications_close = models.DateField(_("applications until"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    scores_announced_at = models.DateTimeField(_("round-2 scores announced at"), null=True, blank=True)
    appeals_close = models.DateField(_("re-marking requests until"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def scores_frozen(self) -> bool:
        return self.status == RoundStatus.RESULTS_PUBLISHED


class RoundPosition(models.Model):
    """A job position recruited in a round and how many people (chỉ tiêu)."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="positions")
    position = models.ForeignKey("personnel.JobPosition", on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveSmallIntegerField(_("number to recruit"))
    round2_form = models.CharField(
        _("round 2 form"), max_length=20, choices=Round2Form.choices, default=Round2Form.WRITTEN
    )

    class Meta:
        verbose_name = _("position in a round")
        verbose_name_plural = _("positions in a round")
        constraints = [models.UniqueConstraint(fields=["round", "position"], name="round_position_unique")]

    def __str__(self) -> str:
        return f"{self.position.name} × {self.quota}"


class CouncilMember(models.Model):
    """A member of the recruitment council (hội đồng tuyển dụng) and what they do."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=CouncilRole.choices)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="council_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Application(TimeStampedModel):
    """An application (Phiếu đăng ký dự tuyển, the form annexed to Decree 170/2025/NĐ-CP) and its results."""

    round = models.ForeignKey(RecruitmentRound, on_delete=models.PROTECT, related_name="applications")
    round_position = models.ForeignKey(RoundPosition, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    # The form's content.
    full_name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    vietnamese_nationality = models.BooleanField(_("Vietnamese nationality"), default=True)
    religion = models.CharField(_("religion"), max_length=50, blank=True, default="Không")
    citizen_id = models.CharField(_("citizen ID number"), max_length=12)
    id_issued_on = models.DateField(_("ID issued on"), null=True, blank=True)
    id_issued_by = models.CharField(_("ID issued by"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16)
    email = models.EmailField(_("email"), blank=True)
    hometown = models.CharField(_("place of origin"), max_length=200, blank=True)
    residence = models.CharField(_("permanent residence"), max_length=255, blank=True)
    current_address = models.CharField(_("current address"), max_length=255, blank=True)
    health_fit = models.BooleanField(_("in good health for the duties"), default=True)
    health_note = models.CharField(_("state of health"), max_length=100, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    weight_kg = models.PositiveSmallIntegerField(_("weight (kg)"), null=True, blank=True)
    general_education = models.CharField(_("general education"), max_length=20, blank=True, default="12/12")
    qualification = models.PositiveSmallIntegerField(_("qualification"), choices=Qualification.choices)
    major = models.CharField(_("major"), max_length=200, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    diploma_number = models.CharField(_("diploma number"), max_length=50, blank=True)
    training_mode = models.CharField(_("mode of training"), max_length=50, blank=True)
    classification = models.CharField(_("classification of the degree"), max_length=50, blank=True)
    other_training = models.TextField(_("other training"), blank=True)
    work_history = models.TextField(_("work history"), blank=True)
    family = models.TextField(_("family"), blank=True)
    foreign_language = models.CharField(_("foreign language"), max_length=100, blank=True)
    language_exemption = models.CharField(
        _("reason for exemption from the foreign-language test"), max_length=255, blank=True
    )
    priority_categories = models.JSONField(_("priority categories"), default=list, blank=True)
    declaration = models.BooleanField(_("declaration that the information is true"), default=False)
    # The exam fee (Circular 92/2021/TT-BTC): recorded here, not through motcua.payments (its payments
    # belong to dossiers).
    fee_amount = models.PositiveIntegerField(_("exam fee (VND)"), default=0)
    fee_paid_at = models.DateTimeField(_("fee paid at"), null=True, blank=True)
    fee_receipt = models.CharField(_("fee receipt number"), max_length=50, blank=True)
    fee_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Review and results.
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    ineligibility = models.JSONField(_("reasons not eligible"), default=list, blank=True)
    candidate_number = models.CharField(_("candidate number"), max_length=20, blank=True)  # số báo danh
    round1_passed = models.BooleanField(null=True)
    round2_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    written_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    priority_points = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    head_decision = models.BooleanField(null=True, help_text=_("The head's decision on a tie at the last place."))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "candidate_number", "pk"]
        constraints = [
            # Decree 170/2025/NĐ-CP: one application per person per round (chỉ đăng ký 01 vị trí).
            models.UniqueConstraint(fields=["round", "candidate"], name="application_one_per_round"),
            models.UniqueConstraint(fields=["round", "citizen_id"], name="application_one_per_citizen_id"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.round.code}"


class ApplicationDocument(models.Model):
    """A document uploaded with an application (văn bằng, chứng chỉ, giấy tờ ưu tiên), checked by content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=40)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(upload_to="recruitment/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.kind} {self.name}"


class ExamSession(models.Model):
    """One candidate's computer-based test in one subject: its seed, its questions, its timing, its score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sessions")
    subject = models.CharField(max_length=30, choices=Subject.choices)
    seed = models.BigIntegerField(help_text=_("Seed of the random test: the same seed and bank give the same test."))
    question_ids = models.JSONField(default=list, blank=True)
    minutes = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.NOT_STARTED)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")
        constraints = [models.UniqueConstraint(fields=["application", "subject"], name="exam_session_unique")]

    def __str__(self) -> str:
        return f"{self.application} — {self.subject}"


class ExamAnswer(models.Model):
    """The latest answer to one question of a session; `seq` is the client's sequence number, so that an
    older save arriving late never overwrites a newer one."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="answers")
    question_id = models.PositiveIntegerField()
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    seq = models.PositiveIntegerField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "question_id"], name="exam_answer_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.question_id}={self.choice} (#{self.seq})"


class AnswerEvent(models.Model):
    """Append-only log of every answer save as received (applied or not): the audit of the exam."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="events")
    question_id = models.PositiveIntegerField()
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    seq = models.PositiveIntegerField()
    applied = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["session", "at"], name="answer_event_session_idx")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.question_id}={self.choice} (#{self.seq}, applied={self.applied})"


class Round2Mark(models.Model):
    """One marker's independent score of one candidate (chấm thi vòng 2); two per part, then reconciled."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="marks")
    part = models.CharField(max_length=10, choices=MarkPart.choices, default=MarkPart.ROUND2)
    marker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "part", "marker"], name="round2_mark_once_per_marker"),
            models.CheckConstraint(condition=Q(score__gte=0), name="round2_mark_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.part}: {self.score} by {self.marker_id}"


class RemarkRequest(models.Model):
    """A candidate's request to re-mark their round-2 paper (đơn phúc khảo) and the chair's decision."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="remark")
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(auto_now_add=True)
    old_score = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    new_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("re-marking request")
        verbose_name_plural = _("re-marking requests")

    def __str__(self) -> str:
        return f"{self.application}: {self.old_score} → {self.new_score}"
