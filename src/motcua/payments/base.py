"""What every payment provider implements (Open Forms: src/openforms/payments/base.py), and small helpers.

A provider starts a payment (a redirect to a gateway, or a QR payload for a bank transfer), and reads the
provider's callback: `verify_callback` checks the signature and returns what the provider says happened.
It never touches the database: `payments/actions.py` decides what the callback changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from motcua.core import webhooks
from motcua.core.webhooks import (  # noqa: F401 — the providers import these from here
    CallbackMalformed,
    Delivery,
    SignatureInvalid,
    demo_mode,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
)


@dataclass(frozen=True)
class PaymentStart:
    """How the payer goes on: a page to open (gateway, simulator) and/or a QR payload to scan."""

    reference: str
    redirect_url: str = ""
    qr_payload: str = ""


@dataclass(frozen=True)
class CallbackResult:
    """What a verified callback says: the payment it is about, the amount (VND), paid or not, the provider's
    own transaction id."""

    reference: str
    amount: int
    paid: bool
    provider_txn: str = ""


class PaymentProvider:
    identifier: str = ""
    verbose_name: str = ""
    # Headers of the callback kept with it (lower case); the signature header is one of them.
    stored_headers: tuple[str, ...] = ("content-type", "user-agent")

    def __init__(self, identifier: str):
        self.identifier = identifier

    def __str__(self) -> str:
        return self.identifier

    def is_enabled(self) -> bool:
        return True

    def check_config(self) -> list[str]:
        """Problems of the configuration, in words (empty = ready). Shown by the admin and the checks."""
        return []

    def start(self, payment) -> PaymentStart:
        raise NotImplementedError

    def verify_callback(self, request_body: bytes, headers: dict[str, str]) -> CallbackResult:
        """Check the signature (SignatureInvalid) and read the callback (CallbackMalformed)."""
        raise NotImplementedError

    def acknowledgement(self, outcome: str) -> dict:
        """Extra fields of our answer to an accepted callback, in the provider's expected shape."""
        return {}


# --- helpers ---------------------------------------------------------------------------------------------
def callback_base_url() -> str:
    """Where providers reach us (PAYMENTS_CALLBACK_BASE_URL, else the public base URL)."""
    return (setting("PAYMENTS_CALLBACK_BASE_URL", "") or public_base_url()).rstrip("/")


def callback_url(provider_id: str) -> str:
    return callback_base_url() + reverse("v1:payment-callback", args=[provider_id])


def deliver(url: str, **kwargs) -> Delivery:
    """A provider's server-to-server notification (the simulators call our callback endpoint exactly as the
    real gateway or bank would), waiting at most PAYMENTS_CALLBACK_TIMEOUT seconds."""
    return webhooks.deliver(url, timeout=float(setting("PAYMENTS_CALLBACK_TIMEOUT", 10)), **kwargs)
