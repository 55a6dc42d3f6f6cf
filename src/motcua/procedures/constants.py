"""Choices and error codes of the TTHC (thủ tục hành chính) catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A working day has 8 working hours (Decree 118/2025/NĐ-CP counts deadlines in working days; the
# provinces' office windows, e.g. 7:00–11:30 and 13:30–17:00, give 8 hours).
WORKING_HOURS_PER_DAY = 8


class TimeUnit(models.TextChoices):
    """Unit of a procedure's processing time (thời hạn giải quyết)."""

    WORKING_DAYS = "working_days", _("working days")  # ngày làm việc
    WORKING_HOURS = "working_hours", _("working hours")  # giờ làm việc
    CALENDAR_DAYS = "calendar_days", _("calendar days")  # ngày (kể cả ngày nghỉ)
    SAME_DAY = "same_day", _("same day")  # ngay trong ngày (sau 15 giờ: ngày làm việc tiếp theo)


class OnlineLevel(models.TextChoices):
    """Online public-service level under Decree 42/2022/NĐ-CP (replacing levels 1–4 of Decree 43/2011)."""

    FULL = "full", _("Full online public service")  # dịch vụ công trực tuyến toàn trình
    PARTIAL = "partial", _("Partial online public service")  # dịch vụ công trực tuyến một phần
    NONE = "none", _("Not offered online")  # chỉ cung cấp thông tin


class ProcedureStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")  # tạm dừng tiếp nhận


class DocumentForm(models.TextChoices):
    """How a required paper must be presented (bản chính / bản sao)."""

    ORIGINAL = "original", _("Original")  # bản chính
    COPY = "copy", _("Copy")  # bản sao (chụp)
    CERTIFIED_COPY = "certified_copy", _("Certified copy")  # bản sao có chứng thực
    ORIGINAL_OR_COPY = "original_or_copy", _("Original or copy")  # bản chính hoặc bản sao


class FeeCategory(models.TextChoices):
    CHARGE = "charge", _("Charge")  # lệ phí
    FEE = "fee", _("Fee")  # phí


class FeeKind(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")  # mức cố định
    PER_PAGE = "per_page", _("Per page")  # theo trang
    PER_COPY = "per_copy", _("Per copy")  # theo bản
    FORMULA = "formula", _("Formula")  # công thức (e.g. tiered per page with a cap)
    SET_LOCALLY = "set_locally", _("Set by the provincial People's Council")  # do HĐND tỉnh quy định


class ErrorCode(models.TextChoices):
    """Machine-readable problem codes of the procedures app (returned as `code` in problem+json)."""

    PROCEDURE_NOT_FOUND = "procedure_not_found", _("No procedure has that code.")
    INVALID_FILTER = "invalid_filter", _("A filter parameter is not valid.")
    FORM_DATA_INVALID = "form_data_invalid", _("The online form data do not match the procedure's form.")
    FORM_SCHEMA_INVALID = "form_schema_invalid", _("The procedure's form description is not a valid JSON Schema.")
    ALLOTMENT_MISMATCH = "allotment_mismatch", _("The step allotments do not add up to the processing time.")
