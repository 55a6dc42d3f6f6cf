"""The one-stop paperwork: which forms exist, their legal numbering, and the problem codes of the API.

Legal source. Circular 03/2025/TT-VPCP of 15/9/2025 (guiding Decree 118/2025/NĐ-CP) replaces Circular
01/2018/TT-VPCP; its Annex I lists the forms (titles verified against a published summary of the annex):
  Mẫu số 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
  Mẫu số 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
  Mẫu số 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
  Mẫu số 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
  Mẫu số 05 Thông báo dừng giải quyết hồ sơ
  Mẫu số 06 Phiếu kiểm soát quá trình giải quyết hồ sơ
  Mẫu số 07 Sổ theo dõi hồ sơ
The full wording of the 2025 forms could not be consulted; the bodies follow the corresponding forms of
Circular 01/2018/TT-VPCP (mẫu số 01–06: receipt, supplement, refusal, apology, control sheet, ledger),
which the 2025 forms succeed. Form 05 (stop notice) had no 2018 predecessor: its body is a plain notice.
Check the wording against the gazetted text of Circular 03/2025 when it is at hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

CIRCULAR = "Thông tư số 03/2025/TT-VPCP"
CIRCULAR_2018 = "Thông tư số 01/2018/TT-VPCP"


class Paper(models.TextChoices):
    RECEIPT = "receipt", _("Receipt and appointment")  # giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT_REQUEST = "supplement_request", _("Request to supplement")  # phiếu yêu cầu bổ sung
    REFUSAL = "refusal", _("Refusal to receive")  # phiếu từ chối tiếp nhận
    APOLOGY = "apology", _("Apology and new appointment")  # văn bản xin lỗi, hẹn lại ngày trả kết quả
    STOP_NOTICE = "stop_notice", _("Notice of stopped processing")  # thông báo dừng giải quyết
    CONTROL_SHEET = "control_sheet", _("Process control sheet")  # phiếu kiểm soát quá trình


@dataclass(frozen=True)
class FormInfo:
    number: str  # Mẫu số … of Circular 03/2025/TT-VPCP, Annex I
    number_2018: str  # the predecessor in Circular 01/2018/TT-VPCP ("" when none)
    title: str  # the heading printed on the form (Vietnamese: the forms exist only in Vietnamese)


FORMS: dict[Paper, FormInfo] = {
    Paper.RECEIPT: FormInfo("01", "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    Paper.SUPPLEMENT_REQUEST: FormInfo("02", "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    Paper.REFUSAL: FormInfo("03", "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    Paper.APOLOGY: FormInfo("04", "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
    Paper.STOP_NOTICE: FormInfo("05", "", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
    Paper.CONTROL_SHEET: FormInfo("06", "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
}
LEDGER_FORM = FormInfo("07", "06", "SỔ THEO DÕI HỒ SƠ")


class ErrorCode(models.TextChoices):
    PAPER_NOT_AVAILABLE = "paper_not_available", _("This paper does not exist for the dossier.")
    UNKNOWN_PAPER = "unknown_paper", _("There is no such paper.")
    DOSSIER_NOT_FOUND = "dossier_not_found", _("No such dossier is visible to you.")
