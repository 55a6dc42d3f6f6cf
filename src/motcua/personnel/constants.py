"""Choices, legal sources and error codes of the personnel app (job positions, staffing quotas, records)."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role

# Legal sources (checked 27/11/2026, see the report of issue 8):
# - Decree 361/2025/NĐ-CP on job positions of civil servants (replaces Decree 62/2020/NĐ-CP): framework
#   catalogue of job positions; each agency approves its own positions, with a job description and a
#   competency framework, by 1/7/2026 (earlier approvals stay valid until then).
# - Law on Cadres and Civil Servants 80/2025/QH15; ranks (ngạch) and their codes: Circular 02/2021/TT-BNV
#   (administrative ranks 01.00x), Circular 29/2022/TT-BTC (accountants 06.03x) — codes recalled, not
#   re-checked in this research.
# - Training and refresher training of civil servants (đào tạo, bồi dưỡng): Decree 101/2017/NĐ-CP as amended
#   by Decree 89/2021/NĐ-CP — yearly plans by each agency from the job positions' requirements (recalled, not
#   re-checked against a 2025 successor: ASSUMED still in force). Course costs in data/training.yaml are demo
#   figures (ASSUMED), not a price list.
JOB_POSITIONS_DECREE = "Decree 361/2025/NĐ-CP"
TRAINING_DECREE = "Decree 101/2017/NĐ-CP (amended by Decree 89/2021/NĐ-CP)"
JOB_POSITIONS_DECREE_REPLACED = "Decree 62/2020/NĐ-CP"


class PositionGroup(models.TextChoices):
    """The four groups of civil-servant job positions (nhóm vị trí việc làm), Decree 361/2025/NĐ-CP."""

    LEADERSHIP = "leadership", _("Leadership and management")  # lãnh đạo, quản lý
    PROFESSIONAL = "professional", _("Specialised professional")  # chuyên môn, nghiệp vụ chuyên ngành
    SHARED = "shared", _("Shared professional")  # chuyên môn, nghiệp vụ dùng chung
    SUPPORT = "support", _("Support and service")  # hỗ trợ, phục vụ


class Qualification(models.IntegerChoices):
    """Highest trained level (trình độ đào tạo), ordered so that a higher value satisfies a lower requirement."""

    NONE = 0, _("No vocational qualification")
    INTERMEDIATE = 1, _("Intermediate (trung cấp)")
    COLLEGE = 2, _("College (cao đẳng)")
    BACHELOR = 3, _("Bachelor (đại học)")
    MASTER = 4, _("Master (thạc sĩ)")
    DOCTOR = 5, _("Doctor (tiến sĩ)")


# Who manages personnel data: personnel staff (cán bộ tổ chức) in their agencies; a province administrator
# and the personnel staff of the province's staffing authority (Sở Nội vụ, see StaffingAuthority) everywhere.
PERSONNEL_ROLES = frozenset({Role.PERSONNEL_STAFF})


class ErrorCode(StrEnum):
    """Machine-readable codes of the personnel app's problem+json errors."""

    NOT_ALLOWED = "personnel_not_allowed"
    POSITION_NOT_IN_AGENCY = "personnel_position_not_in_agency"
    POSITION_NOT_VALID = "personnel_position_not_valid"
    RANK_MISMATCH = "personnel_rank_mismatch"
    QUALIFICATION_TOO_LOW = "personnel_qualification_too_low"
    ALREADY_PLACED = "personnel_already_placed"
    RECORD_ENDED = "personnel_record_ended"
    INVALID_DATES = "personnel_invalid_dates"
    INVALID_QUOTA = "personnel_invalid_quota"
    QUOTA_EXCEEDS_PARENT = "personnel_quota_exceeds_parent"
    NO_EVALUATION_RULES = "personnel_no_evaluation_rules"
    SCORE_OUT_OF_RANGE = "personnel_score_out_of_range"
    NOT_IN_POST = "personnel_not_in_post"
    EXCELLENT_CAP = "personnel_excellent_cap_exceeded"
    EVALUATION_FINAL = "personnel_evaluation_final"
    REQUEST_DECIDED = "personnel_request_already_decided"
    REASON_REQUIRED = "personnel_reason_required"
    PLAN_EXISTS = "personnel_training_plan_exists"
    PLAN_NOT_DRAFT = "personnel_training_plan_not_draft"
    PLAN_NOT_APPROVED = "personnel_training_plan_not_approved"
    NO_GAPS = "personnel_no_competency_gaps"
    ALREADY_COMPLETED = "personnel_training_already_completed"
    BAD_FILE = "personnel_bad_file"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class StaffingWarning(StrEnum):
    """Warnings shown to personnel staff (not errors: the law lets the agency decide, the system tells)."""

    OVER_QUOTA = "over_quota"  # vượt biên chế được giao
    POSITION_FULL = "position_full"  # vị trí việc làm đã đủ người
    NO_QUOTA = "no_quota"


class Grade(models.TextChoices):
    """The four quality grades of a civil servant's year (xếp loại chất lượng), Decree 335/2025/NĐ-CP
    (from 1/1/2026; before it Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP)."""

    EXCELLENT = "excellent", _("Excellently completed duties")  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "good", _("Well completed duties")  # hoàn thành tốt nhiệm vụ
    COMPLETED = "completed", _("Completed duties")  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "not_completed", _("Did not complete duties")  # không hoàn thành nhiệm vụ
