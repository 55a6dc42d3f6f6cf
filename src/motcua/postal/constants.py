"""Shipment directions and statuses, the order statuses move in, and the problem codes of the postal app.

Legal basis: Decision 45/2016/QĐ-TTg (receipt of dossiers and return of results of administrative procedures
through the public postal service), art. 5: the applicant may (1) send the dossier, (2) receive the result,
or (3) both, through the public postal service.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

D45 = "Decision 45/2016/QĐ-TTg"


class Direction(models.TextChoices):
    PICKUP = "pickup", _("Dossier to the agency")  # chuyển hồ sơ đến cơ quan (Decision 45 art. 5(1))
    DELIVERY = "delivery", _("Result to the applicant")  # chuyển trả kết quả (Decision 45 art. 5(2))


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("Order created")  # đã tạo đơn
    PICKED_UP = "picked_up", _("Picked up")  # đã nhận hàng / bưu tá đã lấy
    IN_TRANSIT = "in_transit", _("In transit")  # đang vận chuyển / đang phát
    FAILED = "failed", _("Delivery attempt failed")  # phát không thành công
    DELIVERED = "delivered", _("Delivered")  # phát thành công
    RETURNED_TO_SENDER = "returned_to_sender", _("Returned to sender")  # chuyển hoàn


S = ShipmentStatus
# Statuses move forward only. A failed attempt may be followed by another attempt (in transit again), or by
# another failure; delivered and returned are final.
_RANK = {S.CREATED: 0, S.PICKED_UP: 1, S.IN_TRANSIT: 2, S.FAILED: 2, S.DELIVERED: 9, S.RETURNED_TO_SENDER: 9}
_SIDEWAYS = frozenset({(S.IN_TRANSIT, S.FAILED), (S.FAILED, S.IN_TRANSIT), (S.FAILED, S.FAILED)})
FINAL = frozenset({S.DELIVERED, S.RETURNED_TO_SENDER})


def moves_forward(current: str, new: str) -> bool:
    """May a shipment in `current` take `new`? (A late or repeated webhook about an earlier stage may not.)"""
    current, new = ShipmentStatus(current), ShipmentStatus(new)
    if current in FINAL:
        return False
    return _RANK[new] > _RANK[current] or (current, new) in _SIDEWAYS


# Kinds of the events postal writes on the dossier's timeline (DossierEvent.kind).
TIMELINE_KIND = {
    "ordered": "postal_ordered",  # the carrier accepted our order: waybill known
    S.PICKED_UP: "postal_picked_up",
    S.DELIVERED: "postal_delivered",
    S.FAILED: "postal_failed",
    S.RETURNED_TO_SENDER: "postal_returned",
}


class WebhookOutcome(models.TextChoices):
    """What became of a stored webhook (ShipmentEvent.result)."""

    APPLIED = "applied", _("Status recorded")
    DUPLICATE = "duplicate", _("Already recorded (duplicate)")
    IGNORED = "ignored", _("No change (status would move backwards)")
    SIGNATURE_INVALID = "signature_invalid", _("Rejected: bad signature")
    MALFORMED = "malformed", _("Rejected: unreadable")
    UNKNOWN_WAYBILL = "unknown_waybill", _("Rejected: unknown waybill")


class ErrorCode(models.TextChoices):
    PROVIDER_UNKNOWN = "postal_provider_unknown", _("No such postal provider.")
    PROVIDER_DISABLED = "postal_provider_disabled", _("This postal provider is not enabled.")
    SIGNATURE_INVALID = "postal_signature_invalid", _("The webhook signature is not valid.")
    WEBHOOK_INVALID = "postal_webhook_invalid", _("The webhook cannot be read.")
    NOT_FOUND = "postal_shipment_not_found", _("No such shipment.")
    NOT_ALLOWED = "postal_not_allowed", _("A shipment cannot be created for this dossier now.")
    NO_ADDRESS = "postal_no_address", _("The dossier has no postal address.")
    ALREADY_SHIPPED = "postal_already_shipped", _("This dossier already has an active shipment in that direction.")
    FORBIDDEN = "postal_forbidden", _("You may not do this for this dossier.")
    ORDER_FAILED = "postal_order_failed", _("The carrier did not accept the order.")
