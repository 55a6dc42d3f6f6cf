"""Server-to-server plumbing shared by the adapters to outside services (payment providers, postal carriers):
HMAC signatures, JSON bodies, the installation's public address, and HTTP delivery of a notification (the
simulators call our own callback endpoints exactly as the real services would)."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


class SignatureInvalid(Exception):
    """The callback's signature is missing or does not match: a forged or corrupted callback."""


class CallbackMalformed(Exception):
    """The callback cannot be read (not the provider's format, missing fields)."""


def setting(name: str, default=None):
    return getattr(settings, name, default)


def demo_mode() -> bool:
    return bool(setting("DEMO_MODE", False))


def public_base_url() -> str:
    base = setting("MOTCUA_PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL) or DEFAULT_PUBLIC_BASE_URL
    return base.rstrip("/")


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


def deliver(
    url: str, *, data: bytes | None = None, headers: dict | None = None, method: str = "POST", timeout: float = 10.0
) -> Delivery:
    """Send a server-to-server notification over HTTP(S); never raises, the answer says what happened."""
    if not url.startswith(("http://", "https://")):
        return Delivery(0, "", error=f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)  # noqa: S310 — http(s)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — http(s) only
            return Delivery(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Delivery(exc.code, exc.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError) as exc:
        return Delivery(0, "", error=str(exc))
