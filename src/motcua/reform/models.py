"""Administrative-reform (CCHC) plans and their cascade, progress reports, PAR-index evaluation, inspections.

Written only by `reform/actions.py`. Rows carry a `version` for compare-and-set status changes, and
a `source` citing the document they come from where they are loaded from data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.reform.constants import (
    AdjustmentKind,
    Component,
    EvaluationPhase,
    IndexTarget,
    InspectionStatus,
    PlanKind,
    PlanStatus,
    RecommendationStatus,
    ReportPeriod,
    ReportStatus,
    ScoringMethod,
    SectionKind,
    TaskStatus,
)

POINTS = {"max_digits": 6, "decimal_places": 2}


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


# ---------------------------------------------------------------- plans


class Plan(Versioned, TimeStampedModel):
    """A year's reform plan: the province's (issued by the provincial People's Committee) or an agency's."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices)
    agency = models.ForeignKey(
        "divisions.Agency", on_delete=models.PROTECT, related_name="reform_plans", verbose_name=_("agency")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
        verbose_name=_("provincial plan"),
    )
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)  # số hiệu văn bản
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    review_comment = models.TextField(_("review comment"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("reform plan")
        verbose_name_plural = _("reform plans")
        ordering = ["-year", "kind", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="reform_plan_agency_year"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(kind=PlanKind.PROVINCIAL), name="reform_one_provincial_plan_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Section(models.Model):
    """A part of a plan: institutional reform, procedures, apparatus, civil service, finance, digital…"""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("area"), max_length=20, choices=SectionKind.choices)
    code = models.CharField(_("code"), max_length=10)  # "I", "II", …
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="reform_section_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Task(Versioned, TimeStampedModel):
    """A reform task (nhiệm vụ): what, who owns it, who co-operates, by when, what comes out, measured how."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="tasks")
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("task"))
    owner = models.ForeignKey(
        "divisions.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reform_tasks",
        verbose_name=_("owning agency"),
        help_text=_("Empty on a provincial task assigned to every department and commune."),
    )
    assign_to_all = models.CharField(
        _("assigned to all"),
        max_length=12,
        blank=True,
        choices=[("", "—"), ("department", _("all departments")), ("commune", _("all communes")), ("all", _("all"))],
    )
    cooperating = models.ManyToManyField(
        "divisions.Agency", blank=True, related_name="reform_cooperations", verbose_name=_("co-operating agencies")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_output = models.CharField(_("expected output"), max_length=400, blank=True)  # sản phẩm
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=120, blank=True)
    source_task = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pulled",
        verbose_name=_("provincial task"),
    )
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        _("progress %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("reform task")
        verbose_name_plural = _("reform tasks")
        ordering = ["plan", "section__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="reform_task_code"),
            models.UniqueConstraint(
                fields=["plan", "source_task"], condition=Q(source_task__isnull=False), name="reform_task_pulled_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class KeyTarget(models.Model):
    """A headline target of the provincial plan (chỉ tiêu), optionally measured by a named metric."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="key_targets")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("target"), max_length=300)
    metric = models.CharField(_("metric"), max_length=40, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, default="%")
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("key target")
        verbose_name_plural = _("key targets")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="reform_target_code")]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- progress reports


class ProgressReport(Versioned, TimeStampedModel):
    """An agency's periodic reform report (báo cáo CCHC quý, 6 tháng, năm)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)  # {"procedures_online": 120, …}
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["plan", "due_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="reform_report_period")]

    def __str__(self) -> str:
        return f"{self.plan.agency} — {self.get_period_display()} {self.plan.year}"


class ReportLine(models.Model):
    """One task's status as reported in a progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="report_lines")
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="reform_report_line_task")]

    def __str__(self) -> str:
        return f"{self.report} — {self.task.code}"


class Evidence(TimeStampedModel):
    """A file or link that backs a report, a task, a score or a recommendation's follow-up (minh chứng)."""

    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    score = models.ForeignKey("Score", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    recommendation = models.ForeignKey(
        "Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="reform/evidence/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)
    description = models.CharField(_("description"), max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    # ---------------------------------------------------------------- PAR index

    def __str__(self) -> str:
        return self.description


class IndexSet(EffectiveDated, TimeStampedModel):
    """A year's PAR index (Bộ chỉ số CCHC) for departments or for communes: a tree of criteria."""

    year = models.PositiveSmallIntegerField(_("year"))
    target = models.CharField(_("evaluated"), max_length=12, choices=IndexTarget.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    max_total = models.DecimalField(_("maximum total"), **POINTS, default=Decimal(100))
    bonus_cap = models.DecimalField(_("bonus cap"), **POINTS, null=True, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True, help_text='[[90, "excellent"], [80, "good"], …]')
    source = models.CharField(_("source"), max_length=400, blank=True)
    verified = models.BooleanField(_("verified against the text"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("PAR index set")
        verbose_name_plural = _("PAR index sets")
        ordering = ["-year", "target"]
        constraints = [models.UniqueConstraint(fields=["year", "target"], name="reform_indexset_year_target")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A field (lĩnh vực), criterion (tiêu chí) or sub-criterion (tiêu chí thành phần) with its maximum."""

    index_set = models.ForeignKey(IndexSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("code"), max_length=20)  # "1", "1.2", "1.2.3"
    title = models.CharField(_("title"), max_length=400)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    method = models.CharField(_("scoring method"), max_length=10, choices=ScoringMethod.choices, default="manual")
    component = models.CharField(_("component"), max_length=10, choices=Component.choices, default="appraisal")
    metric = models.CharField(_("metric"), max_length=40, blank=True)
    rule = models.JSONField(_("scoring rule"), default=dict, blank=True)
    guidance = models.TextField(_("how to score"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["index_set", "order"]
        constraints = [models.UniqueConstraint(fields=["index_set", "code"], name="reform_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Evaluation(Versioned, TimeStampedModel):
    """One year's evaluation round over an index set (đánh giá, xếp hạng Chỉ số CCHC)."""

    index_set = models.OneToOneField(IndexSet, on_delete=models.PROTECT, related_name="evaluation")
    phase = models.CharField(
        _("phase"), max_length=16, choices=EvaluationPhase.choices, default=EvaluationPhase.SELF_ASSESSMENT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    decision_number = models.CharField(_("publication decision"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("PAR evaluation")
        verbose_name_plural = _("PAR evaluations")

    def __str__(self) -> str:
        return f"{self.index_set} — {self.get_phase_display()}"

    @property
    def frozen(self) -> bool:
        return self.phase == EvaluationPhase.PUBLISHED


class Assessment(Versioned, TimeStampedModel):
    """One agency's scores in an evaluation, with its final score and rank."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assessments")
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="par_assessments")
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    explanation_submitted_at = models.DateTimeField(null=True, blank=True)
    appraised_total = models.DecimalField(**POINTS, null=True, blank=True)
    bonus = models.DecimalField(**POINTS, null=True, blank=True)
    deduction = models.DecimalField(**POINTS, null=True, blank=True)
    final_score = models.DecimalField(_("final score"), **POINTS, null=True, blank=True)
    index_value = models.DecimalField(_("index %"), **POINTS, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    tied = models.BooleanField(default=False)
    tier = models.CharField(_("tier"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("PAR assessment")
        verbose_name_plural = _("PAR assessments")
        ordering = ["evaluation", "rank", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "agency"], name="reform_assessment_agency")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.evaluation.index_set.year}"

    @property
    def tier_label(self) -> str:
        from motcua.reform.constants import TIER_LABELS

        return str(TIER_LABELS.get(self.tier, self.tier))


class Score(models.Model):
    """The scores of one leaf criterion for one agency: self, round 1, explanation, round 2."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_score = models.DecimalField(**POINTS, null=True, blank=True)
    round1_score = models.DecimalField(**POINTS, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)  # giải trình
    round2_score = models.DecimalField(**POINTS, null=True, blank=True)
    metric_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    metric_source = models.CharField(max_length=300, blank=True)
    comment = models.TextField(_("council's comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="reform_score_criterion")]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


class ScoreChange(models.Model):
    """Every change of a score: who, when, which value, old, new, why. Append-only."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20)
    old = models.DecimalField(**POINTS, null=True, blank=True)
    new = models.DecimalField(**POINTS, null=True, blank=True)
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"


class Adjustment(models.Model):
    """A bonus or deduction decided by the council, with its reason (điểm thưởng / điểm trừ)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=10, choices=AdjustmentKind.choices)
    points = models.DecimalField(**POINTS, validators=[MinValueValidator(Decimal(0))])
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.points}"


class MetricValue(TimeStampedModel):
    """A metric's value entered by hand for an agency and year, with its evidence (until reports plugs in)."""

    metric = models.CharField(max_length=40)
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    evidence = models.CharField(max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["metric", "agency", "year"], name="reform_metric_value")]

    # ---------------------------------------------------------------- inspection

    def __str__(self) -> str:
        return f"{self.metric} {self.agency_id} {self.year} = {self.value}"


class InspectionPlan(Versioned, TimeStampedModel):
    """The year's reform inspection plan of Home Affairs (kế hoạch kiểm tra CCHC)."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


class Inspection(Versioned, TimeStampedModel):
    """One inspection visit: which agency, when, what (scope)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="reform_inspections")
    scheduled_on = models.DateField(_("scheduled on"))
    scope = models.TextField(_("what is inspected"))
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        ordering = ["scheduled_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} — {self.scheduled_on}"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(Versioned, TimeStampedModel):
    """What the inspected agency must fix, by when; followed up until closed (kiến nghị, theo dõi khắc phục)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    response = models.TextField(_("agency's response"), blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
