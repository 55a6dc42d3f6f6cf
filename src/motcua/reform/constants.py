"""Vocabulary of administrative reform (cải cách hành chính, CCHC): statuses, transition tables, error codes.

The status tables are code (as in dossiers/constants.py); plans, tasks, index sets and criteria are data.
"""

from __future__ import annotations

import itertools

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role


class ErrorCode(models.TextChoices):
    """Machine-readable codes of reform errors (problem+json `code`); tests assert these, not messages."""

    FORBIDDEN = "reform_forbidden", _("You may not do this")
    OUT_OF_SCOPE = "reform_out_of_scope", _("This belongs to another agency")
    BAD_TRANSITION = "reform_bad_transition", _("Not allowed in the current status")
    PLAN_EXISTS = "reform_plan_exists", _("The agency already has a plan for this year")
    NOT_PROVINCIAL = "reform_not_provincial", _("Not a provincial plan")
    PLAN_NOT_ISSUED = "reform_plan_not_issued", _("The provincial plan is not issued yet")
    PLAN_LOCKED = "reform_plan_locked", _("The plan cannot be edited in its current status")
    PULLED_TASK = "reform_pulled_task", _("A task pulled from the provincial plan cannot be removed")
    REPORT_EXISTS = "reform_report_exists", _("A report for this period already exists")
    UNKNOWN_TASK = "reform_unknown_task", _("The task is not in this agency's plan")
    SCORES_FROZEN = "reform_scores_frozen", _("Scores are frozen after publication")
    WRONG_PHASE = "reform_wrong_phase", _("The evaluation is not in the phase for this")
    NOT_LEAF = "reform_not_leaf", _("Only sub-criteria without children are scored")
    NOT_MANUAL = "reform_not_manual", _("This criterion is computed, not scored by hand")
    OVER_MAX = "reform_over_max", _("The score exceeds the criterion's maximum")
    NEGATIVE = "reform_negative", _("A score cannot be negative")
    NO_EXPLANATION = "reform_no_explanation", _("Round 2 re-scores only criteria the agency explained")
    REASON_REQUIRED = "reform_reason_required", _("Give a reason for the change")
    UNKNOWN_METRIC = "reform_unknown_metric", _("Unknown metric")
    NO_METRIC_VALUE = "reform_no_metric_value", _("No value for the metric")
    BONUS_CAP = "reform_bonus_cap", _("Bonus points exceed the cap of the index set")
    INVALID_INDEX = "reform_invalid_index", _("The index set is inconsistent")
    RECOMMENDATION_OPEN = "reform_recommendation_open", _("Recommendations are still open")


# Roles of an agency's own people who draft its plan and reports, score its self-assessment.
AGENCY_ROLES = frozenset({Role.LEADER, Role.AGENCY_ADMIN, Role.SPECIALIST})
# Roles who sign for the agency: submit a plan, a report, a self-assessment, an explanation.
SIGNING_ROLES = frozenset({Role.LEADER, Role.AGENCY_ADMIN})
# Home Affairs reform staff (chuyên viên CCHC Sở Nội vụ): province-wide in this app.
REFORM_ROLES = frozenset({Role.REFORM_STAFF})


class PlanKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial plan")  # Kế hoạch CCHC của tỉnh
    AGENCY = "agency", _("Agency plan")  # Kế hoạch CCHC của sở, ngành, xã


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")  # provincial plan: ban hành
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


# Provincial plan: draft → issued. Agency plan: draft → submitted → accepted | returned → submitted.
PLAN_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    PlanKind.PROVINCIAL: {PlanStatus.DRAFT: frozenset({PlanStatus.ISSUED})},
    PlanKind.AGENCY: {
        PlanStatus.DRAFT: frozenset({PlanStatus.SUBMITTED}),
        PlanStatus.SUBMITTED: frozenset({PlanStatus.ACCEPTED, PlanStatus.RETURNED}),
        PlanStatus.RETURNED: frozenset({PlanStatus.SUBMITTED}),
    },
}
EDITABLE_PLAN_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})


class SectionKind(models.TextChoices):
    """The reform areas of Resolution 76/NQ-CP (2021–2030 master programme) plus direction and communication."""

    DIRECTION = "direction", _("Direction and management of reform")  # công tác chỉ đạo, điều hành
    INSTITUTIONS = "institutions", _("Institutional reform")  # cải cách thể chế
    PROCEDURES = "procedures", _("Administrative-procedure reform")  # cải cách TTHC
    APPARATUS = "apparatus", _("Reform of the state apparatus")  # cải cách tổ chức bộ máy
    CIVIL_SERVICE = "civil_service", _("Civil-service reform")  # cải cách chế độ công vụ
    PUBLIC_FINANCE = "public_finance", _("Public-finance reform")  # cải cách tài chính công
    DIGITAL = "digital", _("E-government and digital government")  # xây dựng CQĐT, CQS
    COMMUNICATION = "communication", _("Communication on reform")  # thông tin, tuyên truyền
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES = frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS})


class ReportPeriod(models.TextChoices):
    """Periodic reform reports (báo cáo CCHC định kỳ): quarterly, six-month, annual."""

    Q1 = "q1", _("First quarter")
    H1 = "h1", _("Six months")
    Q3 = "q3", _("Third quarter")
    ANNUAL = "annual", _("Annual")


# Month and day a period's report is due (assumption: the 15th of the month after the period; the
# province sets the real dates in its plan — change them here or in data).
REPORT_DUE: dict[str, tuple[int, int, int]] = {  # period → (year offset, month, day)
    ReportPeriod.Q1: (0, 3, 15),
    ReportPeriod.H1: (0, 6, 15),
    ReportPeriod.Q3: (0, 9, 15),
    ReportPeriod.ANNUAL: (0, 12, 15),
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.RETURNED: frozenset({ReportStatus.SUBMITTED}),
}


# ---- PAR index (Chỉ số CCHC) ----


class IndexTarget(models.TextChoices):
    DEPARTMENT = "department", _("Provincial departments and agencies")  # sở, ban, ngành
    COMMUNE = "commune", _("Commune-level People's Committees")  # UBND xã, phường, đặc khu


class ScoringMethod(models.TextChoices):
    MANUAL = "manual", _("Scored by hand from evidence")
    FORMULA = "formula", _("Computed from a metric")
    SURVEY = "survey", _("From a sociological survey")  # điều tra xã hội học


class Component(models.TextChoices):
    """The two halves of a PAR index score (Decision 876/QĐ-BNV): appraisal and survey."""

    APPRAISAL = "appraisal", _("Appraisal")  # điểm thẩm định
    SURVEY = "survey", _("Survey")  # điểm điều tra xã hội học


class EvaluationPhase(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")  # tự đánh giá, chấm điểm
    APPRAISAL_1 = "appraisal_1", _("Appraisal, round 1")  # thẩm định lần 1
    EXPLANATION = "explanation", _("Explanation by agencies")  # giải trình
    APPRAISAL_2 = "appraisal_2", _("Appraisal, round 2")  # thẩm định lần 2
    ADJUSTMENTS = "adjustments", _("Bonuses and deductions")  # điểm thưởng, điểm trừ
    FINAL = "final", _("Final scores and ranking")
    PUBLISHED = "published", _("Published")  # công bố


EVALUATION_ORDER = list(EvaluationPhase.values)
EVALUATION_TRANSITIONS: dict[str, frozenset[str]] = {a: frozenset({b}) for a, b in itertools.pairwise(EVALUATION_ORDER)}


class ScoreField(models.TextChoices):
    SELF = "self_score", _("Self-assessment")
    ROUND_1 = "round1_score", _("Appraisal round 1")
    ROUND_2 = "round2_score", _("Appraisal round 2")


# Which score field may be written in which phase.
SCORE_PHASE = {
    ScoreField.SELF: EvaluationPhase.SELF_ASSESSMENT,
    ScoreField.ROUND_1: EvaluationPhase.APPRAISAL_1,
    ScoreField.ROUND_2: EvaluationPhase.APPRAISAL_2,
}


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")  # điểm thưởng
    DEDUCTION = "deduction", _("Deduction")  # điểm trừ


# ---- Inspection (kiểm tra CCHC) ----


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Carried out")
    CLOSED = "closed", _("Closed")


INSPECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    InspectionStatus.PLANNED: frozenset({InspectionStatus.DONE}),
    InspectionStatus.DONE: frozenset({InspectionStatus.CLOSED}),
}


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")  # the agency reported what it did
    CLOSED = "closed", _("Closed")


RECOMMENDATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RecommendationStatus.OPEN: frozenset({RecommendationStatus.RESPONDED}),
    RecommendationStatus.RESPONDED: frozenset({RecommendationStatus.CLOSED, RecommendationStatus.OPEN}),
}


# Tier names used by scoring.DEFAULT_TIERS and the demo index sets (xếp loại).
TIER_LABELS = {
    "excellent": _("Excellent"),  # xuất sắc
    "good": _("Good"),  # tốt
    "fair": _("Fair"),  # khá
    "average": _("Average"),  # trung bình
    "weak": _("Weak"),  # yếu
}
