"""Fixed vocabulary of notifications: outbox statuses, template keys, which dossier event sends what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")  # claimed by a worker until `claimed_until`
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Dead (gave up)")


class TemplateKey(models.TextChoices):
    """What a citizen is told. One template per key, channel and language."""

    RECEIVED = "received", _("Dossier received")  # tiếp nhận, giấy tiếp nhận và hẹn trả kết quả
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")  # yêu cầu bổ sung
    OVERDUE = "overdue", _("Dossier overdue")  # quá hạn
    EXTENDED = "extended", _("Apology and new appointment")  # xin lỗi và hẹn lại
    RESULT_READY = "result_ready", _("Result ready")  # có kết quả
    SHIPPED = "shipped", _("Result shipped by post")  # chuyển phát kết quả qua bưu chính
    REFUSED = "refused", _("Refused to receive")  # từ chối tiếp nhận
    STOPPED = "stopped", _("Processing stopped")  # dừng xử lý


# Dossier event kind (dossiers.constants.Action value, or "overdue") → template key. Other apps add theirs
# with `register_event` (e.g. postal: its shipping event → TemplateKey.SHIPPED).
EVENT_TEMPLATES: dict[str, str] = {
    "receive": TemplateKey.RECEIVED,
    "request_supplement": TemplateKey.SUPPLEMENT_REQUESTED,
    "overdue": TemplateKey.OVERDUE,
    "extend": TemplateKey.EXTENDED,
    "finish": TemplateKey.RESULT_READY,
    "refuse": TemplateKey.REFUSED,
    "stop": TemplateKey.STOPPED,
}


def register_event(event_kind: str, template_key: str) -> None:
    """Let another app (postal) say which template its dossier event sends."""
    EVENT_TEMPLATES[event_kind] = template_key
