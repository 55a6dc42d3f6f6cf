"""An adapter shaped like Vietnam Post's partner API (MyVNPost, "customer-partner" services).

What is known from public sources (see docs in the postal README): the partner API lives under
`{base}/customer-partner/…` with `GetAccessToken` (a token from the partner's credentials), `CreateOrder`
(returns the item code, số hiệu bưu gửi, in the S10 format such as EB123456789VN), `ServicesCharge`
(postage), `orderCancel`; item statuses are numeric codes (1 created … 14 delivered, 15 delivery failed,
16–19 return to sender (chuyển hoàn) …). ASSUMED, to be checked against the contract documentation Vietnam
Post gives its partners: the JSON field names below, the header carrying the token, and how status pushes are
authenticated (here HMAC-SHA256 of the raw body under POSTAL_VNPOST_WEBHOOK_SECRET in X-VNPost-Signature).

Tracking (polling when a push was lost), ASSUMED entirely — no public source names Vietnam Post's partner
tracking service: `POST {base}/customer-partner/GetItemTracking` with `{"ItemCode": …}` under the token,
answering a list of status records shaped like the status push (`ItemCode`, `OrderStatusId`, `StatusDate`,
`Id`), oldest first. Cash collected on delivery is read from `CodAmount` of a delivered record (ASSUMED name,
the one CreateOrder takes).

This module only maps requests and responses; it is enabled when POSTAL_VNPOST_USERNAME, _PASSWORD and
_WEBHOOK_SECRET are set.
"""

from __future__ import annotations

import json

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from motcua.postal.base import (
    CallbackMalformed,
    Order,
    OrderRefused,
    PostalProvider,
    SignatureInvalid,
    StatusUpdate,
    TrackingFailed,
    WebhookResult,
    deliver,
    parse_json,
    setting,
    signature_matches,
)
from motcua.postal.constants import Direction, ShipmentStatus
from motcua.postal.registry import register

DEFAULT_BASE_URL = "https://connect-my.vnpost.vn"  # ASSUMED production host; set POSTAL_VNPOST_BASE_URL
SIGNATURE_HEADER = "x-vnpost-signature"

S = ShipmentStatus
# Vietnam Post item status codes → ours. Labels as published in a third-party integration's data file
# (hieukun1011/Shipping, shipping_vnpost_state_data.xml); 16–19 read as the return-to-sender (chuyển hoàn)
# stages. ASSUMED until checked against Vietnam Post's own table. Codes not listed change nothing.
STATUS_MAP: dict[str, ShipmentStatus] = {
    "6": S.PICKED_UP,  # nhận hàng thành công
    "7": S.PICKED_UP,  # bưu cục đã nhận hàng
    "10": S.IN_TRANSIT,  # đang vận chuyển
    "11": S.IN_TRANSIT,  # đến bưu cục phát
    "12": S.IN_TRANSIT,  # đang phát
    "13": S.IN_TRANSIT,  # chuyển tiếp
    "14": S.DELIVERED,  # phát thành công
    "15": S.FAILED,  # phát không thành công
    "18": S.RETURNED_TO_SENDER,  # bắt đầu chuyển hoàn
    "19": S.RETURNED_TO_SENDER,  # chuyển hoàn thành công
}


def config() -> dict:
    return {
        "base_url": (setting("POSTAL_VNPOST_BASE_URL", "") or DEFAULT_BASE_URL).rstrip("/"),
        "username": setting("POSTAL_VNPOST_USERNAME", ""),
        "password": setting("POSTAL_VNPOST_PASSWORD", ""),
        "customer_code": setting("POSTAL_VNPOST_CUSTOMER_CODE", ""),
        "service": setting("POSTAL_VNPOST_SERVICE", "BK"),  # ASSUMED code of the public-administration service
        "secret": setting("POSTAL_VNPOST_WEBHOOK_SECRET", ""),
    }


def order_request(shipment, conf: dict | None = None) -> dict:
    """Our shipment as a CreateOrder request (field names ASSUMED, see the module docstring)."""
    conf = conf or config()
    return {
        "OrderCode": shipment.reference,
        "CustomerCode": conf["customer_code"],
        "ServiceName": conf["service"],
        "SenderFullname": shipment.sender_name,
        "SenderTel": shipment.sender_phone,
        "SenderAddress": shipment.sender_address,
        "ReceiverFullname": shipment.recipient_name,
        "ReceiverTel": shipment.recipient_phone,
        "ReceiverAddress": shipment.recipient_address,
        "PackageContent": "Hồ sơ TTHC" if shipment.direction == Direction.PICKUP else "Kết quả giải quyết TTHC",
        # The dossier's unpaid fees the postman collects (the postage is known only from this order's answer).
        "CodAmount": int(shipment.cod_fees or shipment.cod_amount),
        "IsPickup": shipment.direction == Direction.PICKUP,
        "Note": f"Hồ sơ {shipment.dossier.code}",
    }


def read_order_response(data: dict) -> Order:
    item = str(data.get("ItemCode") or "").strip()
    if not item:
        raise OrderRefused(str(data.get("Message") or data.get("message") or "no ItemCode in the answer")[:300])
    try:
        fee = int(data.get("TotalFee") or data.get("MainFee") or 0)
    except (TypeError, ValueError):
        fee = 0
    return Order(waybill=item[:40], postage_fee=fee)


def read_status_push(data: dict) -> WebhookResult:
    """A status push → what happened (status "" for a code we do not track: acknowledged, changes nothing)."""
    try:
        item, code = str(data["ItemCode"]), str(data["OrderStatusId"])
    except KeyError as exc:
        raise CallbackMalformed("ItemCode and OrderStatusId are required") from exc
    status = STATUS_MAP.get(code, "")
    when = str(data.get("StatusDate") or "")
    event_id = str(data.get("Id") or f"{item}:{code}:{when}")
    try:
        cod = int(data.get("CodAmount") or 0) if status == S.DELIVERED else 0  # ASSUMED field name
    except (TypeError, ValueError) as exc:
        raise CallbackMalformed("CodAmount is not a number") from exc
    return WebhookResult(item, status, event_id[:120], code, parse_datetime(when) if when else None, max(cod, 0))


def tracking_request(shipment) -> dict:
    return {"ItemCode": shipment.waybill}  # ASSUMED, see the module docstring


def read_tracking_response(waybill: str, data) -> list[StatusUpdate]:
    """A tracking answer (a list of status records, or {"Data": [...]}) → our updates, oldest first; records of
    other items are dropped, records that cannot be read make the whole answer unreadable."""
    records = data.get("Data", data.get("data")) if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise TrackingFailed("no list of status records in the answer")
    updates = []
    for record in records:
        if not isinstance(record, dict):
            raise TrackingFailed("a status record is not an object")
        try:
            update = read_status_push({"ItemCode": waybill, **record})
        except CallbackMalformed as exc:
            raise TrackingFailed(str(exc)) from exc
        if update.waybill == waybill:
            updates.append(update)
    return updates


@register("vnpost")
class VNPostProvider(PostalProvider):
    verbose_name = _("Vietnam Post")
    stored_headers = ("content-type", "user-agent", SIGNATURE_HEADER)
    tracks = True

    def is_enabled(self) -> bool:
        conf = config()
        return bool(conf["username"] and conf["password"] and conf["secret"])

    def check_config(self) -> list[str]:
        conf = config()
        names = {
            "username": "POSTAL_VNPOST_USERNAME",
            "password": "POSTAL_VNPOST_PASSWORD",
            "secret": "POSTAL_VNPOST_WEBHOOK_SECRET",
        }
        return [str(_("%(name)s is not set.") % {"name": n}) for key, n in names.items() if not conf[key]]

    def _post(self, path: str, payload: dict, token: str = "", *, error=OrderRefused):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["h-token"] = token  # ASSUMED header name
        answer = deliver(config()["base_url"] + path, data=json.dumps(payload).encode(), headers=headers)
        if answer.error or answer.status >= 400:
            raise error(f"HTTP {answer.status} {answer.error or answer.body[:200]}")
        try:
            return json.loads(answer.body)
        except ValueError as exc:
            raise error("the answer is not JSON") from exc

    def _token(self, conf: dict, error=OrderRefused) -> str:
        answer = self._post(
            "/customer-partner/GetAccessToken",
            {"Username": conf["username"], "Password": conf["password"]},
            error=error,
        )
        return answer.get("Token", "") if isinstance(answer, dict) else ""

    def place_order(self, shipment) -> Order:
        conf = config()
        answer = self._post("/customer-partner/CreateOrder", order_request(shipment, conf), self._token(conf))
        return read_order_response(answer if isinstance(answer, dict) else {})

    def track(self, shipment) -> list[StatusUpdate]:
        conf = config()
        token = self._token(conf, TrackingFailed)
        path = "/customer-partner/GetItemTracking"  # ASSUMED
        answer = self._post(path, tracking_request(shipment), token, error=TrackingFailed)
        return read_tracking_response(shipment.waybill, answer)

    def verify_webhook(self, body: bytes, headers: dict[str, str]) -> WebhookResult:
        if not signature_matches(config()["secret"], body, headers.get(SIGNATURE_HEADER, "")):
            raise SignatureInvalid
        return read_status_push(parse_json(body))
