"""What every notification channel implements (Open Forms' plugin base: src/openforms/plugins/plugin.py).

A channel turns a rendered `Message` into the provider's request and returns the provider's message id.
It never touches the outbox: delivery.py decides what a success or an error means for the row.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings


class SendError(Exception):
    """A send that may succeed later (network down, provider busy): the row is retried with backoff."""


class PermanentSendError(SendError):
    """A send that will never succeed as it is (bad number, unknown template): the row goes dead at once."""


@dataclass(frozen=True)
class Message:
    """A rendered message ready for a channel. `uid` is our message id, used as the provider's idempotency
    key so that sending the same message twice delivers it once."""

    uid: str
    channel: str
    recipient: str
    subject: str
    body: str
    payload: dict = field(default_factory=dict)


class NotificationChannel:
    identifier: str = ""
    verbose_name: str = ""
    # Which dossier field holds this channel's address: "email" or "phone".
    address_kind: str = ""

    def __init__(self, identifier: str):
        self.identifier = identifier

    def __str__(self) -> str:
        return str(self.verbose_name or self.identifier)

    def is_enabled(self) -> bool:
        enabled = getattr(settings, "NOTIFY_CHANNELS", "email,sms,zns")
        if isinstance(enabled, str):
            enabled = [c.strip() for c in enabled.split(",") if c.strip()]
        return self.identifier in enabled

    def recipient_for(self, dossier) -> str:
        """The address of the applicant on this channel, or "" when there is none."""
        if self.address_kind == "email":
            return (dossier.email or getattr(dossier.applicant, "email", "") or "").strip()
        if self.address_kind == "phone":
            return normalise_phone(dossier.phone)
        return ""

    def payload_for(self, *, template_id: str, context: dict, body: str) -> dict:
        """Provider data stored with the message when it is written (e.g. ZNS template_id and template_data)."""
        return {}

    def send(self, message: Message) -> str:
        """Deliver `message`; return the provider's message id. Raise SendError / PermanentSendError."""
        raise NotImplementedError


def normalise_phone(phone: str) -> str:
    """Vietnamese mobile numbers in the international form without '+': 0912345678 → 84912345678."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return ""
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits


def post_json(url: str, payload: dict, *, headers: dict | None = None, timeout: float = 10.0) -> dict:
    """POST a JSON body and read a JSON answer; network trouble and 5xx are retryable SendErrors."""
    if not url.startswith(("https://", "http://")):
        raise PermanentSendError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise SendError(f"HTTP {exc.code} from {url}") from exc
        raise PermanentSendError(f"HTTP {exc.code} from {url}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
