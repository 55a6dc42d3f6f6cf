"""The channels: e-mail through Django's e-mail backend, SMS shaped like eSMS's REST API, and Zalo ZNS.

Each sends our message id as the provider's idempotency/tracking id. Without a provider URL configured,
SMS and ZNS go to the local simulator (simulator.py) in-process; with NOTIFY_*_URL pointing at the real
API (or at `motcua notify_simulator`), they POST the same JSON over HTTP.

Request shapes:
- eSMS: POST https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/ with ApiKey,
  SecretKey, Phone, Content, Brandname, SmsType "2" (customer care), IsUnicode, Sandbox, RequestId
  ("prevents the request from being duplicated"), CallbackUrl; answer CodeResult "100" + SMSID, "124"
  duplicate request (eSMS developer docs, "Send OTP/Customer care message",
  github.com/devesms/gitbook_esms_for_develop_v2_en esms-api/send-sms-api/send-otp-customer-care-message.md).
- Zalo ZNS: POST https://business.openapi.zalo.me/message/template, header `access_token`, body phone
  (84…), template_id (approved by Zalo), template_data (the template's parameters), tracking_id (our id,
  echoed in webhooks); answer {"error": 0, "message": "Success", "data": {"msg_id", "sent_time", "quota"}}
  (developers.zalo.me/docs/zalo-notification-service/, as wrapped by the @warriorteam/redai-zalo-sdk ZNS
  service). Zalo does not document tracking_id as an idempotency key: the simulator deduplicates on it.
"""

from __future__ import annotations

import smtplib
import unicodedata
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from motcua.notifications import simulator
from motcua.notifications.base import Message, NotificationChannel, PermanentSendError, SendError, post_json
from motcua.notifications.registry import register

ESMS_PERMANENT = {"101", "104", "118", "119", "146"}  # auth, brandname, phone, template: no use retrying
ZNS_PERMANENT = {-100, -108, -109, -118}  # bad parameter, phone, template id; no Zalo account


def _setting(name: str, default=None):
    return getattr(settings, name, default)


@register("email")
class EmailChannel(NotificationChannel):
    verbose_name = _("E-mail")
    address_kind = "email"

    def send(self, message: Message) -> str:
        backend = _setting("NOTIFY_EMAIL_BACKEND") or (
            "motcua.notifications.simulator.SimulatorEmailBackend" if _setting("DEMO_MODE") else None
        )
        domain = _setting("NOTIFY_EMAIL_DOMAIN", "motcua.local")
        message_id = f"<{message.uid}@{domain}>"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=_setting("NOTIFY_EMAIL_FROM") or settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message_id},  # mail clients drop a second copy with the same id
            connection=get_connection(backend),
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentSendError(f"recipient refused: {exc.recipients}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}") from exc
        return message_id


def strip_accents(text: str) -> str:
    """Vietnamese without diacritics, for non-Unicode SMS (cheaper, 160 characters per part)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


@register("sms")
class EsmsChannel(NotificationChannel):
    """SMS brandname, shaped like eSMS.vn's customer-care API."""

    verbose_name = _("SMS")
    address_kind = "phone"

    def request(self, message: Message) -> dict:
        unicode = bool(_setting("NOTIFY_SMS_UNICODE", False))
        return {
            "ApiKey": _setting("NOTIFY_ESMS_API_KEY") or "simulator",
            "SecretKey": _setting("NOTIFY_ESMS_SECRET_KEY") or "simulator",
            "Phone": message.recipient,
            "Content": message.body if unicode else strip_accents(message.body),
            "Brandname": _setting("NOTIFY_ESMS_BRANDNAME", "MOTCUA"),
            "SmsType": "2",
            "IsUnicode": "1" if unicode else "0",
            "Sandbox": "1" if _setting("NOTIFY_ESMS_SANDBOX", False) else "0",
            "RequestId": message.uid,
        }

    def send(self, message: Message) -> str:
        payload = self.request(message)
        url = _setting("NOTIFY_ESMS_URL", "")
        answer = post_json(url, payload) if url else simulator.handle_esms(payload)
        code = str(answer.get("CodeResult", ""))
        if code in ("100", "124"):  # accepted, or accepted before under the same RequestId
            return str(answer.get("SMSID") or f"esms:{message.uid}")
        error = f"eSMS {code}: {answer.get('ErrorMessage') or answer.get('error') or 'unknown error'}"
        raise (PermanentSendError if code in ESMS_PERMANENT else SendError)(error)


@register("zns")
class ZaloZnsChannel(NotificationChannel):
    """Zalo Notification Service: a template approved by Zalo, filled with `template_data`."""

    verbose_name = _("Zalo ZNS")
    address_kind = "phone"

    def payload_for(self, *, template_id: str, context: dict, body: str) -> dict:
        return {"template_id": template_id, "template_data": zns_template_data(context, body)}

    def request(self, message: Message) -> dict:
        payload = {
            "phone": message.recipient,
            "template_id": message.payload.get("template_id", ""),
            "template_data": message.payload.get("template_data", {}),
            "tracking_id": message.uid,
        }
        if _setting("NOTIFY_ZNS_DEVELOPMENT", False):
            payload["mode"] = "development"
        return payload

    def send(self, message: Message) -> str:
        payload = self.request(message)
        token = _setting("NOTIFY_ZNS_ACCESS_TOKEN") or "simulator"
        url = _setting("NOTIFY_ZNS_URL", "")
        answer = (
            post_json(url, payload, headers={"access_token": token}) if url else simulator.handle_zns(payload, token)
        )
        error = answer.get("error")
        if error == 0:
            return str((answer.get("data") or {}).get("msg_id") or f"zns:{message.uid}")
        text = f"ZNS {error}: {answer.get('message', 'unknown error')}"
        raise (PermanentSendError if error in ZNS_PERMANENT else SendError)(text)


def zns_template_data(context: dict, body: str) -> dict:
    """The parameters of our ZNS templates, cut to ZNS's parameter lengths (name 30, code 30, text 400)."""
    dossier, data = context["dossier"], context["data"]

    def when(value):
        if not isinstance(value, datetime):
            return ""
        return formats.date_format(timezone.localtime(value), "H:i d/m/Y")

    return {
        "customer_name": dossier.applicant_name[:30],
        "dossier_code": dossier.code[:30],
        "procedure_name": context["procedure"].name[:200],
        "due_date": when(dossier.due_at),
        "new_due_date": when(data.get("new_due_at")),
        "reason": str(data.get("reason", ""))[:200],
        "waybill": str(context["extra"].get("waybill", ""))[:30],
        "text": body[:400],
    }
