"""Vietnamese wording shared by the paperwork: dates as official documents write them, agency headers.

The forms are official Vietnamese documents that exist only in Vietnamese (Circular 03/2025/TT-VPCP), so
their wording is written here and in the templates directly, not through gettext.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from motcua.divisions.constants import AgencyKind
from motcua.divisions.models import KIND_WORDS

DOCUMENT_FORMS = {  # DocumentForm → wording on the receipt
    "original": "Bản chính",
    "copy": "Bản sao",
    "certified_copy": "Bản sao có chứng thực",
    "original_or_copy": "Bản chính hoặc bản sao",
}
TIME_UNITS = {
    "working_days": "ngày làm việc",
    "working_hours": "giờ làm việc",
    "calendar_days": "ngày",
    "same_day": "trong ngày",
}
TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
STATUSES = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
CHANNELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua dịch vụ bưu chính công ích"}
STEP_OUTCOMES = {
    "forwarded": "Chuyển bước tiếp theo",
    "sent_back": "Trả lại bước trước",
    "finished": "Hoàn thành",
    "stopped": "Dừng xử lý",
    "withdrawn": "Rút hồ sơ",
}


def local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def day_month(value: datetime) -> tuple[str, str]:
    """Day and month as official documents write them: 05, 02 (days 1–9, months 1–2 take a leading zero)."""
    return f"{value.day:02d}", (f"{value.month:02d}" if value.month < 3 else str(value.month))


def vn_date(value: datetime | None) -> str:
    """ngày 10 tháng 3 năm 2026"""
    if value is None:
        return "ngày ..... tháng ..... năm ......."
    value = local(value)
    day, month = day_month(value)
    return f"ngày {day} tháng {month} năm {value.year}"


def vn_datetime(value: datetime | None) -> str:
    """08 giờ 00 phút, ngày 10 tháng 3 năm 2026"""
    if value is None:
        return "..... giờ ..... phút, " + vn_date(None)
    value = local(value)
    return f"{value:%H} giờ {value:%M} phút, {vn_date(value)}"


def short_datetime(value: datetime | None) -> str:
    """10/03/2026 08:00, for tables."""
    return f"{local(value):%d/%m/%Y %H:%M}" if value is not None else ""


def place_name(agency) -> str:
    """The place written before the date ("Đồng Tháp, ngày …"): the agency's unit without its kind word."""
    unit = agency.unit
    # The province for agencies of a province, the commune for a commune's agencies.
    name = unit.name if unit is not None else ""
    for kind_word in KIND_WORDS:
        if name.startswith(kind_word + " "):
            return name[len(kind_word) + 1 :]
    return name


def superior_name(agency) -> str:
    """The governing body printed above an agency's name (tên cơ quan chủ quản)."""
    if agency.parent_id:
        return agency.parent.name
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE or agency.unit is None:
        return ""
    return "Ủy ban nhân dân " + agency.unit.name_in_sentence


def header(agency, *, desk: bool) -> dict:
    """The block at the top left of an official form: the governing body, then the issuing body.

    Papers of the one-stop desk (receipt, supplement, refusal, control sheet) are issued by the desk of the
    receiving agency (Bộ phận Một cửa); a public administration service centre is itself the desk. Letters
    (apology, stop notice) are issued by the agency under its governing body.
    """
    if desk and agency.kind != AgencyKind.SERVICE_CENTRE:
        return {"superior": agency.name.upper(), "issuer": "BỘ PHẬN MỘT CỬA"}
    return {"superior": superior_name(agency).upper(), "issuer": agency.name.upper()}


def applicant_address(dossier) -> str:
    """Street, then the administrative units up to the province (as the dossier recorded them)."""
    parts = [dossier.address_street]
    unit, seen = dossier.address_unit, 0
    while unit is not None and seen < 3:
        parts.append(unit.name)
        unit, seen = unit.parent, seen + 1
    return ", ".join(p for p in parts if p)


def person(user) -> str:
    if user is None:
        return ""
    return (getattr(user, "full_name", "") or user.get_full_name() or user.username).strip()
