"""Choices, state table, legal sources and error codes of the recruitment app.

Legal sources (research of 27/11/2026; see the issue-8 report for what was verified and what assumed):
- Decree 170/2025/NĐ-CP on recruitment, use and management of civil servants (from 1/7/2025; replaces
  Decree 138/2020/NĐ-CP as amended by Decree 116/2024/NĐ-CP):
  art. 9(2)(a) round 1 — computer-based multiple choice, 60 questions in 60 minutes on general knowledge;
  candidates answering at least 50% correctly go on to round 2 (verified);
  art. 9(2)(b) round 2 — professional exam: written (180 minutes, or computer-based 60–120 questions in
  90–180 minutes), interview, or written + interview (verified);
  art. 10 — ranking: when two or more candidates have the same total at the last place, the one with the
  higher round-2 (professional) score wins; then, for the written + interview form, the higher written
  score; otherwise the head of the recruiting authority decides (verified, press summary of art. 10);
  priority points 7.5 / 5 / 2.5 added to the round-2 result (verified, press summary).
- Round-2 pass mark 50/100 and "only the highest priority category counts": carried over from Decree
  138/2020/NĐ-CP art. 5 and 10 (assumed unchanged; stored as data in RecruitmentRuleSet).
- Re-marking (phúc khảo) of round-2 scores on the candidate's request within a window after the scores are
  announced: Circular 06/2020/TT-BNV art. 29 as recalled; the window (5 days) is assumed and kept as data
  (RecruitmentRuleSet.appeal_days, counted in calendar days — recruitment does not depend on workdays).
- Exam fee: Circular 92/2021/TT-BTC art. 4 (from 15/12/2021): 500,000 / 400,000 / 300,000 VND per candidate
  for under 100 / 100–499 / 500+ candidates; re-marking 150,000 VND per paper (verified, data/fees.yaml).
- The application form (Phiếu đăng ký dự tuyển): its sections follow the form annexed to Decree 138/2020/NĐ-CP
  as recalled (personal details, ID, health, education, degrees, work history, family, foreign-language
  exemption, priority category, declaration); the annex of Decree 170/2025/NĐ-CP could not be read — ASSUMED
  unchanged in substance.
- Two independent markers and their reconciliation (chênh lệch ≤ 10% of the scale → average, otherwise the
  chair decides): exam rules of Circular 06/2020/TT-BNV as recalled (assumed; tolerance is data).
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

RECRUITMENT_DECREE = "Decree 170/2025/NĐ-CP"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Plan being drafted")  # kế hoạch tuyển dụng (dự thảo)
    APPROVED = "approved", _("Plan approved")  # kế hoạch được phê duyệt
    ANNOUNCED = "announced", _("Announced, taking applications")  # thông báo tuyển dụng
    APPLICATIONS_CLOSED = "applications_closed", _("Applications closed")
    ELIGIBILITY_PUBLISHED = "eligibility_published", _("Eligible candidates published")  # danh sách đủ điều kiện
    ROUND1 = "round1", _("Round 1 exam")  # thi vòng 1 trên máy tính
    ROUND2 = "round2", _("Round 2 exam")  # thi vòng 2 chuyên môn
    SCORES_ANNOUNCED = "scores_announced", _("Round-2 scores announced, re-marking requests open")  # phúc khảo
    RESULTS_PUBLISHED = "results_published", _("Results published")  # thông báo kết quả


# The state table of a round: each state and the states reachable from it.
TRANSITIONS: dict[str, frozenset[str]] = {
    RoundStatus.DRAFT: frozenset({RoundStatus.APPROVED}),
    RoundStatus.APPROVED: frozenset({RoundStatus.ANNOUNCED}),
    RoundStatus.ANNOUNCED: frozenset({RoundStatus.APPLICATIONS_CLOSED}),
    RoundStatus.APPLICATIONS_CLOSED: frozenset({RoundStatus.ELIGIBILITY_PUBLISHED}),
    RoundStatus.ELIGIBILITY_PUBLISHED: frozenset({RoundStatus.ROUND1}),
    RoundStatus.ROUND1: frozenset({RoundStatus.ROUND2}),
    RoundStatus.ROUND2: frozenset({RoundStatus.SCORES_ANNOUNCED}),
    RoundStatus.SCORES_ANNOUNCED: frozenset({RoundStatus.RESULTS_PUBLISHED}),
    RoundStatus.RESULTS_PUBLISHED: frozenset(),
}


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")  # đủ điều kiện dự tuyển
    INELIGIBLE = "ineligible", _("Not eligible")


class Result(models.TextChoices):
    PASSED = "passed", _("Successful")  # trúng tuyển
    FAILED = "failed", _("Not successful")
    HEAD_DECIDES = "head_decides", _("Tie: the head of the recruiting authority decides")


class Subject(models.TextChoices):
    GENERAL = "general", _("General knowledge")  # kiến thức chung
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")  # ngoại ngữ


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class SessionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")


class Round2Form(models.TextChoices):
    WRITTEN = "written", _("Written")  # thi viết
    INTERVIEW = "interview", _("Interview")  # phỏng vấn
    WRITTEN_INTERVIEW = "written_interview", _("Written and interview")  # viết kết hợp phỏng vấn


class MarkPart(models.TextChoices):
    ROUND2 = "round2", _("Round 2 result")
    WRITTEN = "written", _("Written part (tie-break)")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair of the council")  # chủ tịch hội đồng
    MARKER = "marker", _("Marker")  # thành viên chấm thi


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ErrorCode(StrEnum):
    """Machine-readable codes of the recruitment app's problem+json errors."""

    NOT_ALLOWED = "recruitment_not_allowed"
    NOT_FOUND = "recruitment_not_found"
    BAD_TRANSITION = "recruitment_bad_transition"
    NO_RULES = "recruitment_no_rules"
    NO_POSITIONS = "recruitment_no_positions"
    QUOTA_ABOVE_VACANCIES = "recruitment_quota_above_vacancies"
    NOT_ACCEPTING = "recruitment_not_accepting_applications"
    DUPLICATE_APPLICATION = "recruitment_duplicate_application"
    POSITION_NOT_IN_ROUND = "recruitment_position_not_in_round"
    DECLARATION_MISSING = "recruitment_declaration_missing"
    UNKNOWN_PRIORITY = "recruitment_unknown_priority"
    SESSION_NOT_OPEN = "recruitment_session_not_open"
    SESSION_NOT_STARTED = "recruitment_session_not_started"
    SESSION_FINISHED = "recruitment_session_finished"
    TIME_OVER = "recruitment_exam_time_over"
    QUESTION_NOT_IN_TEST = "recruitment_question_not_in_test"
    INVALID_CHOICE = "recruitment_invalid_choice"
    SEQUENCE_CONFLICT = "recruitment_sequence_conflict"
    BANK_TOO_SMALL = "recruitment_question_bank_too_small"
    NOT_A_MARKER = "recruitment_not_a_marker"
    ALREADY_MARKED = "recruitment_already_marked"
    SCORE_OUT_OF_RANGE = "recruitment_score_out_of_range"
    MARKS_DIVERGE = "recruitment_marks_diverge"
    MARKS_MISSING = "recruitment_marks_missing"
    SCORES_FROZEN = "recruitment_scores_frozen"
    REASON_REQUIRED = "recruitment_reason_required"
    NOT_ELIGIBLE = "recruitment_not_eligible"
    EXAMS_UNFINISHED = "recruitment_exams_unfinished"
    APPEALS_CLOSED = "recruitment_remarking_closed"
    APPEALS_OPEN = "recruitment_remarking_still_open"
    DUPLICATE_APPEAL = "recruitment_duplicate_remarking_request"
    APPEAL_DECIDED = "recruitment_remarking_already_decided"
    DOCUMENT_KIND = "recruitment_unknown_document_kind"
    FEE_ALREADY_PAID = "recruitment_fee_already_paid"
    RECEIPT_REQUIRED = "recruitment_fee_receipt_required"
    NOT_A_USER = "recruitment_unknown_user"


class Ineligibility(StrEnum):
    """Why an application is not eligible (codes shown to the candidate, text through gettext)."""

    UNDER_AGE = "under_age"  # chưa đủ 18 tuổi
    NOT_VIETNAMESE = "not_vietnamese"  # không có quốc tịch Việt Nam
    QUALIFICATION = "qualification_below_position"  # trình độ không đáp ứng vị trí
    FOREIGN_LANGUAGE = "foreign_language_missing"  # vị trí yêu cầu ngoại ngữ
    HEALTH = "health_not_declared_fit"  # sức khỏe
    DOCUMENTS = "documents_missing"  # thiếu giấy tờ bắt buộc
    FEE_UNPAID = "fee_unpaid"  # chưa nộp phí dự tuyển (Circular 92/2021/TT-BTC)


# What the candidate and the published list see for each reason (gettext).
INELIGIBILITY_LABELS = {
    Ineligibility.UNDER_AGE: _("Under the minimum age"),
    Ineligibility.NOT_VIETNAMESE: _("Not of Vietnamese nationality"),
    Ineligibility.QUALIFICATION: _("Qualification below the position's requirement"),
    Ineligibility.FOREIGN_LANGUAGE: _("Foreign language required by the position not declared"),
    Ineligibility.HEALTH: _("Not declared fit for the duties"),
    Ineligibility.DOCUMENTS: _("Mandatory documents missing"),
    Ineligibility.FEE_UNPAID: _("Exam fee not paid"),
}
