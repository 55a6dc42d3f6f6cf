"""The simulated carrier (demo plugin): accepts every order at once with an S10 (UPU) item code, and a local page
where the demo or a test plays the postman — picked up, in transit, delivered, failed, returned — each step
sent to our webhook endpoint over HTTP as JSON signed with HMAC-SHA256 of the raw body (header
X-Simulator-Signature: hex digest), like the payment simulator.

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
    WebhookResult,
    deliver,
    demo_mode,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
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

    def is_enabled(self) -> bool:
        return simulator_enabled()

    def check_config(self) -> list[str]:
        return [] if self.is_enabled() else [str(_("The postal simulator is off (POSTAL_SIMULATOR)."))]

    def place_order(self, shipment) -> Order:
        return Order(waybill=s10_code(), postage_fee=int(setting("POSTAL_SIMULATOR_POSTAGE", DEFAULT_POSTAGE)))

    def verify_webhook(self, body: bytes, headers: dict[str, str]) -> WebhookResult:
        if not signature_matches(secret(), body, headers.get(SIGNATURE_HEADER, "")):
            raise SignatureInvalid
        data = parse_json(body)
        try:
            waybill, status, event_id = str(data["waybill"]), str(data["status"]), str(data["event_id"])
        except KeyError as exc:
            raise CallbackMalformed("waybill, status and event_id are required") from exc
        if status not in ShipmentStatus.values or status == ShipmentStatus.CREATED or not event_id:
            raise CallbackMalformed("unknown status")
        return WebhookResult(waybill, status, event_id[:120], status, parse_datetime(str(data.get("at", ""))))

    # --- the simulated carrier's side ----------------------------------------------------------------------
    @staticmethod
    def page_url(shipment) -> str:
        return public_base_url() + reverse("postal:simulator", args=[shipment.reference])

    @staticmethod
    def notification(shipment, status: str, *, event_id: str = "") -> tuple[bytes, dict[str, str]]:
        body = json.dumps(
            {
                "event_id": event_id or "SIM" + secrets.token_hex(8).upper(),
                "waybill": shipment.waybill,
                "status": status,
                "at": timezone.now().isoformat(),
            },
            separators=(",", ":"),
        ).encode()
        return body, {"Content-Type": "application/json", "X-Simulator-Signature": hmac_hex(secret(), body)}

    def notify(self, shipment, status: str, *, event_id: str = "") -> Delivery:
        body, headers = self.notification(shipment, status, event_id=event_id)
        return deliver(webhook_url(self.identifier), data=body, headers=headers)
