"""What every postal provider (carrier adapter) implements, and small helpers.

A provider places an order for a shipment (returns the waybill and the postage) and reads the carrier's
webhook: `verify_webhook` checks the signature and says what happened to which item. A provider whose carrier
answers tracking queries (`tracks = True`) also implements `track(shipment)`: the item's status history, as
the same `StatusUpdate`s a webhook gives, for `actions.poll_shipments` when a webhook was lost. It never touches
the database: `postal/actions.py` decides what a webhook or a tracking answer changes. The HTTP and HMAC
helpers are the payments app's (one implementation for every provider callback in motcua).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from motcua.core.webhooks import (  # noqa: F401 — re-exported for the postal providers
    CallbackMalformed,
    Delivery,
    SignatureInvalid,
    deliver,
    demo_mode,
    hmac_hex,
    parse_json,
    public_base_url,
    setting,
    signature_matches,
)


class TrackingFailed(Exception):
    """The carrier's tracking query failed (network, refused, unreadable): nothing is changed; polled again later."""


class OrderRefused(Exception):
    """The carrier did not accept the order (bad address, service down); the shipment stays without waybill."""


@dataclass(frozen=True)
class Order:
    """What the carrier answered to our order: its item code and the postage it charges (VND)."""

    waybill: str
    postage_fee: int = 0


@dataclass(frozen=True)
class WebhookResult:
    """What a verified webhook says: which item, its new status (ours), the carrier's event id and code."""

    waybill: str
    status: str
    event_id: str
    carrier_status: str = ""
    at: datetime | None = None
    cod_collected: int = 0  # cash the postman collected on delivery (VND), when the carrier reports it


StatusUpdate = WebhookResult  # what a tracking query gives, update by update: the same shape as a webhook


class PostalProvider:
    identifier: str = ""
    verbose_name: str = ""
    stored_headers: tuple[str, ...] = ("content-type", "user-agent")
    # True when placing an order needs no network (the simulator): done right after the dossier's commit.
    offline: bool = False
    # True when the carrier answers tracking queries (`track`): `poll_shipments` asks it.
    tracks: bool = False

    def __init__(self, identifier: str):
        self.identifier = identifier

    def __str__(self) -> str:
        return self.identifier

    def is_enabled(self) -> bool:
        return True

    def check_config(self) -> list[str]:
        return []

    def place_order(self, shipment) -> Order:
        """Ask the carrier to carry `shipment`; may call the network (never inside a dossier transaction)."""
        raise NotImplementedError

    def verify_webhook(self, body: bytes, headers: dict[str, str]) -> WebhookResult:
        """Check the signature (SignatureInvalid) and read the webhook (CallbackMalformed)."""
        raise NotImplementedError

    def track(self, shipment) -> list[StatusUpdate]:
        """Optional (`tracks = True`): ask the carrier for the item's status history, oldest first; network,
        never inside a transaction. Raises TrackingFailed."""
        raise NotImplementedError


def webhook_base_url() -> str:
    """Where carriers reach us (POSTAL_CALLBACK_BASE_URL, else the public base URL)."""
    return (setting("POSTAL_CALLBACK_BASE_URL", "") or public_base_url()).rstrip("/")


def webhook_url(provider_id: str) -> str:
    return webhook_base_url() + reverse("v1:postal-callback", args=[provider_id])
