"""The records of the two sync services, built from a dossier and one of its events (pure functions).

Field names and which are optional ("ko bb" = không bắt buộc) follow OpenCPS's calls to the national portal
(DVCQGIntegrationActionImpl.createSyncDossierBodyRequest / createSyncDossierStatusBodyRequest, see
constants.py). Fields not in that source are marked ASSUMED below; list fields that OpenCPS sends empty
(TaiLieuNop, DanhSachLePhi, DanhSachTepDinhKemKhac, DanhSachHoSoBoSung, DanhSachGiayToKetQua) are sent empty
here too.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.dossiers.constants import SYSTEM_EVENTS, Action, ApplicantKind
from motcua.nationalsync.constants import DATETIME_FORMAT

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def portal_datetime(value: datetime | None) -> str:
    """yyyyMMddHHmmss in Vietnam time; empty when unknown (OpenCPS convertDate2String)."""
    return value.astimezone(VN).strftime(DATETIME_FORMAT) if value else ""


def _by_post(dossier) -> bool:
    delivery = (dossier.form_data or {}).get("delivery") or {}
    return isinstance(delivery, dict) and delivery.get("method") == "post"


def dossier_record(dossier) -> dict:
    """DongBoHoSoMC `data[]` item: the dossier as it stands after the event."""
    procedure = dossier.procedure
    field = procedure.field
    person = dossier.applicant_kind == ApplicantKind.PERSON
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,  # the national procedure code (e.g. 1.000001)
        "TenTTHC": procedure.name,
        "MaLinhVuc": field.national_code or field.code,
        "TenLinhVuc": field.name,
        "KenhThucHien": str(dossier.channel),  # ASSUMED field name (1 in person, 2 online, 3 post); not in OpenCPS
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "1" if person else "2",  # 1 citizen, 2 organisation (OpenCPS: "business" → 2)
        # ASSUMED: the applicant's identifier (citizen ID or tax code); OpenCPS sends it empty ("ko bb").
        "MaDoiTuong": (dossier.applicant_citizen_id or "") if person else dossier.organisation_tax_code,
        "ThongTinKhac": "",
        "Email": dossier.email,
        "Fax": "",
        "SoDienThoai": dossier.phone,
        "TrichYeuHoSo": procedure.name[:500],  # the summary: what is asked
        "NgayTiepNhan": portal_datetime(dossier.received_at),
        "NgayHenTra": portal_datetime(dossier.due_at),
        "TrangThaiHoSo": str(dossier.status),  # our status codes are the portal's (dossiers.constants.Status)
        "NgayTra": portal_datetime(dossier.returned_at),
        "ThongTinTra": "",
        # ASSUMED meaning, from OpenCPS's viaPostal mapping: 0 result at the desk, 1 result by post.
        "HinhThuc": "1" if _by_post(dossier) else "0",
        "NgayKetThucXuLy": portal_datetime(dossier.finished_at),
        "DonViXuLy": dossier.handling_agency.name,
        "GhiChu": "",
        "TaiLieuNop": [],
        "DanhSachLePhi": [],
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": [],
        "DanhSachGiayToKetQua": [],
    }


def event_label(kind: str) -> str:
    if kind in Action.values:
        return str(Action(kind).label)
    return str(SYSTEM_EVENTS.get(kind, kind))


def progress_record(dossier, event) -> dict:
    """CapNhatTienDoHoSoMC `data[]` item: who did what, when, and the status after it."""
    actor = event.actor
    step = event.step
    comment = (event.data or {}).get("comment", "") if isinstance(event.data, dict) else ""
    content = event_label(event.kind) + (f": {comment}" if comment else "")
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": (actor.get_full_name() or actor.username) if actor else "",
        "ChucDanh": "",  # optional ("ko bb")
        "ThoiDiemXuLy": portal_datetime(event.at),
        "PhongBanXuLy": step.agency.name if step is not None else "",
        "NoiDungXuLy": content[:2000],
        "TrangThai": str(event.to_status or dossier.status),
        "NgayBatDau": portal_datetime(step.started_at) if step is not None else "",  # optional
        "NgayKetThucTheoQuyDinh": portal_datetime(step.due_at) if step is not None else "",  # optional
    }
