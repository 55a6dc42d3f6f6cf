"""What every payment provider implements (Open Forms: src/openforms/payments/base.py), and small helpers.

A provider starts a payment (a redirect to a gateway, or a QR payload for a bank transfer), and reads the
provider's callback: `verify_callback` checks the signature and returns what the provider says happened.
It never touches the database: `payments/actions.py` decides what the callback changes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


class SignatureInvalid(Exception):
    """The callback's signature is missing or does not match: a forged or corrupted callback."""


class CallbackMalformed(Exception):
    """The callback cannot be read (not the provider's format, missing fields)."""


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
def setting(name: str, default=None):
    return getattr(settings, name, default)


def demo_mode() -> bool:
    return bool(setting("DEMO_MODE", False))


def public_base_url() -> str:
    base = setting("MOTCUA_PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL) or DEFAULT_PUBLIC_BASE_URL
    return base.rstrip("/")


def callback_base_url() -> str:
    """Where providers reach us (PAYMENTS_CALLBACK_BASE_URL, else the public base URL)."""
    return (setting("PAYMENTS_CALLBACK_BASE_URL", "") or public_base_url()).rstrip("/")


def callback_url(provider_id: str) -> str:
    return callback_base_url() + reverse("v1:payment-callback", args=[provider_id])


def hmac_hex(secret: str, message: bytes, digest=hashlib.sha256) -> str:
    return hmac.new(secret.encode(), message, digest).hexdigest()


def signature_matches(secret: str, message: bytes, signature: str, digest=hashlib.sha256) -> bool:
    if not secret or not signature:
        return False
    return hmac.compare_digest(hmac_hex(secret, message, digest), signature.strip().lower())


def parse_json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CallbackMalformed("not JSON") from exc
    if not isinstance(data, dict):
        raise CallbackMalformed("not a JSON object")
    return data


@dataclass(frozen=True)
class Delivery:
    status: int
    body: str
    error: str = ""


def deliver(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str = "POST") -> Delivery:
    """Send a provider's server-to-server notification over HTTP (used by the simulators: the simulated
    gateway or bank calls our callback endpoint exactly as the real one would)."""
    if not url.startswith(("http://", "https://")):
        return Delivery(0, "", error=f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)  # noqa: S310 — http(s)
    timeout = float(setting("PAYMENTS_CALLBACK_TIMEOUT", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — http(s) only
            return Delivery(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Delivery(exc.code, exc.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError) as exc:
        return Delivery(0, "", error=str(exc))
