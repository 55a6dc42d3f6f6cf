"""The simulated carrier (demo plugin): accepts every order at once with an S10 (UPU) item code, and a local page
where the demo or a test plays the postman — picked up, in transit, delivered, failed, returned — each step
sent to our webhook endpoint over HTTP as JSON signed with HMAC-SHA256 of the raw body (header
X-Simulator-Signature: hex digest), like the payment simulator.

The simulated carrier keeps its own record of each item (`SimulatorEvent`), so that a webhook it failed to
deliver (or was told to lose) is still found by its tracking endpoint, `GET /postal/simulator/track/<waybill>/`
(request signed: X-Simulator-Signature = HMAC-SHA256 of the waybill), which `track()` queries over HTTP.
On "delivered" the postman collects the shipment's cash-on-delivery amount and the carrier reports it
(`cod_collected`, VND) in the webhook and in the tracking history.

Enabled when POSTAL_SIMULATOR is true (default: the demo mode).
"""

from __future__ import annotations

import json
import secrets

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from motcua.postal.base import (
    CallbackMalformed,
    Delivery,
    Order,
    PostalProvider,
    SignatureInvalid,
    StatusUpdate,
    TrackingFailed,
    WebhookResult,
    deliver,
    demo_mode,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
    webhook_base_url,
    webhook_url,
)
from motcua.postal.constants import ShipmentStatus
from motcua.postal.registry import register

SIGNATURE_HEADER = "x-simulator-signature"
DEMO_SECRET = "motcua-demo-postal-secret"  # noqa: S105 — demo only, used while POSTAL_SIMULATOR_SECRET is empty
DEFAULT_POSTAGE = 25_000  # VND; an assumed flat rate for the demo, not a tariff
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def simulator_enabled() -> bool:
    return bool(setting("POSTAL_SIMULATOR", demo_mode()))


def secret() -> str:
    return setting("POSTAL_SIMULATOR_SECRET", "") or DEMO_SECRET


def s10_check_digit(serial: str) -> int:
    """The check digit of an 8-digit S10 serial number (UPU standard S10: weights 8 6 4 2 3 5 9 7, mod 11)."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def s10_code(prefix: str = "EB", country: str = "VN") -> str:
    serial = f"{secrets.randbelow(10**8):08d}"
    return f"{prefix}{serial}{s10_check_digit(serial)}{country}"


@register("simulator")
class SimulatorProvider(PostalProvider):
    verbose_name = _("Postal simulator (demo)")
    stored_headers = ("content-type", "user-agent", SIGNATURE_HEADER)
    offline = True
    tracks = True

    def is_enabled(self) -> bool:
        return simulator_enabled()

    def check_config(self) -> list[str]:
        return [] if self.is_enabled() else [str(_("The postal simulator is off (POSTAL_SIMULATOR)."))]

    def place_order(self, shipment) -> Order:
        return Order(waybill=s10_code(), postage_fee=int(setting("POSTAL_SIMULATOR_POSTAGE", DEFAULT_POSTAGE)))

    def verify_webhook(self, body: bytes, headers: dict[str, str]) -> WebhookResult:
        if not signature_matches(secret(), body, headers.get(SIGNATURE_HEADER, "")):
            raise SignatureInvalid
        return read_update(parse_json(body))

    def track(self, shipment) -> list[StatusUpdate]:
        url = webhook_base_url() + reverse("postal:simulator-track", args=[shipment.waybill])
        answer = deliver(url, method="GET", headers={"X-Simulator-Signature": track_signature(shipment.waybill)})
        if answer.error or answer.status != 200:
            raise TrackingFailed(f"HTTP {answer.status} {answer.error or answer.body[:200]}")
        try:
            events = parse_json(answer.body.encode())["events"]
            return [read_update({**item, "waybill": shipment.waybill}) for item in events]
        except (CallbackMalformed, KeyError, TypeError) as exc:
            raise TrackingFailed(f"unreadable tracking answer: {exc}") from exc

    # --- the simulated carrier's side ----------------------------------------------------------------------
    @staticmethod
    def page_url(shipment) -> str:
        return public_base_url() + reverse("postal:simulator", args=[shipment.reference])

    @staticmethod
    def notification(shipment, status: str, *, event_id: str = "", at=None, cod_collected=None):
        """The signed webhook body and headers for `status` of `shipment` (on "delivered", the postman
        collected the shipment's COD amount unless `cod_collected` says otherwise)."""
        if cod_collected is None:
            cod_collected = shipment.cod_amount if status == ShipmentStatus.DELIVERED else 0
        body = json.dumps(
            {
                "event_id": event_id or "SIM" + secrets.token_hex(8).upper(),
                "waybill": shipment.waybill,
                "status": status,
                "at": (at or timezone.now()).isoformat(),
                "cod_collected": int(cod_collected),
            },
            separators=(",", ":"),
        ).encode()
        return body, {"Content-Type": "application/json", "X-Simulator-Signature": hmac_hex(secret(), body)}

    def notify(self, shipment, status: str, *, event_id: str = "", lose: bool = False) -> Delivery | None:
        """The postman's step: the carrier records it, then pushes the webhook (not when `lose`: a webhook lost
        on the way, which only polling finds). Returns the webhook's delivery (None when lost)."""
        from motcua.postal.models import SimulatorEvent

        cod = shipment.cod_amount if status == ShipmentStatus.DELIVERED else 0
        # The simulated carrier's own books, not ours; the same event id again is the same event pushed again.
        event, _created = SimulatorEvent.objects.get_or_create(
            event_id=event_id or "SIM" + secrets.token_hex(8).upper(),
            defaults={"waybill": shipment.waybill, "status": status, "at": timezone.now(), "cod_collected": cod},
        )
        if lose:
            return None
        body, headers = self.notification(
            shipment, event.status, event_id=event.event_id, at=event.at, cod_collected=event.cod_collected
        )
        return deliver(webhook_url(self.identifier), data=body, headers=headers)


def read_update(data: dict) -> StatusUpdate:
    """One status update of the simulator (webhook body or tracking item) → what happened."""
    try:
        waybill, status, event_id = str(data["waybill"]), str(data["status"]), str(data["event_id"])
        cod = int(data.get("cod_collected") or 0)
    except (KeyError, TypeError, ValueError) as exc:
        raise CallbackMalformed("waybill, status and event_id are required") from exc
    if status not in ShipmentStatus.values or status == ShipmentStatus.CREATED or not event_id or cod < 0:
        raise CallbackMalformed("unknown status")
    return WebhookResult(waybill, status, event_id[:120], status, parse_datetime(str(data.get("at", ""))), cod)


def track_signature(waybill: str) -> str:
    return hmac_hex(secret(), waybill.encode())


def tracking_answer(waybill: str) -> dict:
    """What the simulated carrier's tracking endpoint answers: the item's history, oldest first."""
    from motcua.postal.models import SimulatorEvent

    events = SimulatorEvent.objects.filter(waybill=waybill).order_by("at", "id")
    return {
        "waybill": waybill,
        "events": [
            {"event_id": e.event_id, "status": e.status, "at": e.at.isoformat(), "cod_collected": e.cod_collected}
            for e in events
        ],
    }
