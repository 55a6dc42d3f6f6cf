"""The simulated national portal: what `make demo` and the tests talk to over HTTP (views.py mounts it when
NATIONALSYNC_SIMULATOR is on). It checks what the real portal would reasonably check (ASSUMED, the portal's
validation rules are not published): a valid session; the required fields; a progress entry or an update
only for a dossier it already has, a new dossier only once. It records every call (PortalReceipt), answers a
re-send of an accepted message (same X-Request-Id) as accepted without recording it twice, and can be told to
refuse the next N calls (PortalSimulatorState.fail_next) to exercise retries and dead letters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import F

from motcua.core.webhooks import setting
from motcua.nationalsync.constants import SyncService
from motcua.nationalsync.models import PortalReceipt, PortalSimulatorState

SALT = "motcua.nationalsync.simulator.session"
SESSION_MAX_AGE = 3600
REQUIRED = {
    SyncService.DOSSIER: ("MaHoSo", "MaTTHC", "TrangThaiHoSo", "LoaiDoiTuong", "DonViXuLy"),
    SyncService.PROGRESS: ("MaHoSo", "ThoiDiemXuLy", "TrangThai"),
}


@dataclass(frozen=True)
class Answer:
    status: int
    error_code: str
    message: str

    def json(self) -> dict:
        return {"error_code": self.error_code, "message": self.message}


def open_session(username: str, password: str) -> str | None:
    if username != setting("NATIONALSYNC_USERNAME", "") or password != setting("NATIONALSYNC_PASSWORD", ""):
        return None
    return signing.TimestampSigner(salt=SALT).sign(username or "demo")


def session_valid(session: str) -> bool:
    try:
        signing.TimestampSigner(salt=SALT).unsign(session or "", max_age=SESSION_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def fail_next(count: int) -> None:
    PortalSimulatorState.objects.update_or_create(pk=1, defaults={"fail_next": max(0, count)})


def _take_failure() -> bool:
    PortalSimulatorState.objects.get_or_create(pk=1)
    return PortalSimulatorState.objects.filter(pk=1, fail_next__gt=0).update(fail_next=F("fail_next") - 1) == 1


def _known(code: str) -> bool:
    return PortalReceipt.objects.filter(service=SyncService.DOSSIER, dossier_code=code, accepted=True).exists()


def _check(service: str, record: dict, is_update: bool) -> str:
    missing = [name for name in REQUIRED[service] if not str(record.get(name) or "").strip()]
    if missing:
        return "Thiếu trường bắt buộc: " + ", ".join(missing)
    code = record["MaHoSo"]
    if service == SyncService.PROGRESS and not _known(code):
        return f"Hồ sơ {code} chưa được đồng bộ"
    if service == SyncService.DOSSIER and is_update != _known(code):
        return f"Hồ sơ {code} đã tồn tại" if _known(code) else f"Hồ sơ {code} chưa được đồng bộ"
    return ""


@transaction.atomic
def receive(body: dict, request_id: str) -> Answer:
    """Handle one sync call (already parsed JSON)."""
    service = body.get("service", "")
    data = body.get("data") if isinstance(body.get("data"), list) else []
    record = data[0] if data and isinstance(data[0], dict) else {}
    is_update = str(body.get("isUpdating", "False")).lower() == "true"
    code = str(record.get("MaHoSo", ""))[:60]

    def keep(answer: Answer) -> Answer:
        PortalReceipt.objects.create(
            request_id=request_id[:64],
            service=str(service)[:40],
            dossier_code=code,
            is_update=is_update,
            accepted=answer.error_code == "00",
            answer=answer.message[:200],
            body={k: v for k, v in body.items() if k != "session"},
        )
        return answer

    if not session_valid(body.get("session", "")):
        return keep(Answer(401, "401", "Phiên làm việc không hợp lệ"))
    if _take_failure():
        return keep(Answer(503, "99", "Lỗi mô phỏng: hệ thống tạm thời không xử lý được"))
    if service not in SyncService.values or len(data) != 1:
        return keep(Answer(400, "01", "Dịch vụ hoặc dữ liệu không hợp lệ"))
    if request_id and PortalReceipt.objects.filter(request_id=request_id, accepted=True).exists():
        return Answer(200, "00", "Đã nhận (trùng)")  # a re-send after a lost answer: accepted, not recorded twice
    problem = _check(service, record, is_update)
    if problem:
        return keep(Answer(400, "02", problem))
    return keep(Answer(200, "00", "Thành công"))
