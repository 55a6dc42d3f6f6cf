"""The simulator gateway (demo plugin): a local page where the payer clicks "Pay" or "Fail"; the simulated
gateway then POSTs a JSON callback to our callback endpoint over HTTP, signed with HMAC-SHA256 of the raw body
under a shared secret (header X-Simulator-Signature: hex digest).

Enabled when PAYMENTS_SIMULATORS is true (default: the demo mode).
"""

from __future__ import annotations

import json
import secrets

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.base import (
    CallbackMalformed,
    CallbackResult,
    Delivery,
    PaymentProvider,
    PaymentStart,
    SignatureInvalid,
    callback_url,
    deliver,
    demo_mode,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
)
from motcua.payments.registry import register

SIGNATURE_HEADER = "x-simulator-signature"
DEMO_SECRET = "motcua-demo-simulator-secret"  # noqa: S105 — demo only, used while PAYMENTS_SIMULATOR_SECRET is empty


def simulators_enabled() -> bool:
    """The local simulators (this gateway, the gateway page of napas_gateway, the bank of VietQR)."""
    return bool(setting("PAYMENTS_SIMULATORS", demo_mode()))


def secret() -> str:
    return setting("PAYMENTS_SIMULATOR_SECRET", "") or DEMO_SECRET


@register("simulator")
class SimulatorProvider(PaymentProvider):
    verbose_name = _("Payment simulator (demo)")
    stored_headers = ("content-type", "user-agent", SIGNATURE_HEADER)

    def is_enabled(self) -> bool:
        return simulators_enabled()

    def check_config(self) -> list[str]:
        return [] if self.is_enabled() else [str(_("The simulators are off (PAYMENTS_SIMULATORS)."))]

    def start(self, payment) -> PaymentStart:
        url = public_base_url() + reverse("payments:simulator", args=[payment.reference])
        return PaymentStart(reference=payment.reference, redirect_url=url)

    def verify_callback(self, request_body: bytes, headers: dict[str, str]) -> CallbackResult:
        if not signature_matches(secret(), request_body, headers.get(SIGNATURE_HEADER, "")):
            raise SignatureInvalid
        data = parse_json(request_body)
        try:
            reference, amount, status = str(data["reference"]), int(data["amount"]), data["status"]
        except (KeyError, TypeError, ValueError) as exc:
            raise CallbackMalformed("reference, amount and status are required") from exc
        if status not in ("paid", "failed"):
            raise CallbackMalformed("status must be paid or failed")
        return CallbackResult(reference, amount, status == "paid", str(data.get("transaction_id", "")))

    # --- the simulated gateway's side ---------------------------------------------------------------------
    @staticmethod
    def notification(payment, *, paid: bool, amount: int | None = None) -> tuple[bytes, dict[str, str]]:
        """The callback the simulated gateway sends: body and headers, signed."""
        body = json.dumps(
            {
                "reference": payment.reference,
                "amount": payment.amount if amount is None else amount,
                "status": "paid" if paid else "failed",
                "transaction_id": "SIM" + secrets.token_hex(6).upper(),
                "at": timezone.now().isoformat(),
            },
            separators=(",", ":"),
        ).encode()
        return body, {"Content-Type": "application/json", "X-Simulator-Signature": hmac_hex(secret(), body)}

    def notify(self, payment, *, paid: bool) -> Delivery:
        body, headers = self.notification(payment, paid=paid)
        return deliver(callback_url(self.identifier), data=body, headers=headers)
