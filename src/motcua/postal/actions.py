"""The one write path of postal: request a pick-up, create a delivery, place the order, record a webhook.

Decision 45/2016/QĐ-TTg art. 5: the applicant may send the dossier, receive the result, or both, through the
public postal service.

- `request_pickup`: the applicant (or an officer of the agency) asks the post to carry the paper dossier of a
  registered dossier (status 1, not yet received) to the receiving agency. Its arrival does not receive the
  dossier: the desk checks it and calls `dossiers.actions.receive`, which starts the clock (the processing time
  counts from the agency's receipt, not from the hand-over to the post — see the README for the source).
- `create_delivery`: the desk sends the result of a processed dossier (status 9) to the applicant. The
  subscriber `on_dossier_event` does it by itself when the applicant chose delivery by post in the portal
  (`form_data["delivery"] == {"method": "post", "address": …}`) and the dossier is finished.
- Orders are placed with the carrier outside the dossier's transaction (`place_order`, on commit), because a
  dossier action must not wait for the network; a refused or failed order leaves the shipment without waybill
  for `place_pending_orders` to retry.
- `record_webhook` stores every webhook (append-only, forged ones too), verifies its signature, applies each
  carrier event once (the same webhook twice is a duplicate), moves the status forward only, with a conditional
  UPDATE on (id, version) — no locks, on SQLite and PostgreSQL alike. POSTAL_MAX_DELIVERY_ATTEMPTS failed
  attempts make the item "returned to sender".

Who returns the result: `return_result` is a desk officer's action of the receiving agency, and motcua has no
system account. When the delivery of the result is confirmed, the return is recorded in the name of the desk
officer who created the shipment if they still are a desk officer of the receiving agency, else of the first
active desk officer of that agency, with a comment saying it came from the carrier's confirmation. With no
such officer the shipment is still marked delivered and the desk returns the result by hand.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for
from motcua.accounts.selectors import first_member, holds_role_at
from motcua.core.audit import AuditEvent
from motcua.core.concurrency import StaleVersion
from motcua.core.errors import InvalidParam, ProblemError
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossiers_for
from motcua.postal.base import CallbackMalformed, OrderRefused, SignatureInvalid, WebhookResult, setting
from motcua.postal.constants import TIMELINE_KIND, Direction, ErrorCode, ShipmentStatus, WebhookOutcome
from motcua.postal.constants import moves_forward as _moves_forward
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.registry import registry

logger = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_ATTEMPTS = 10
CAS_ATTEMPTS = 3
DEFAULT_MAX_ATTEMPTS = 3


def audit_stream(shipment: Shipment) -> str:
    return f"postal.shipment:{shipment.pk}"


def delivery_choice(dossier: Dossier) -> dict:
    """The applicant's choice in the portal: {"method": "desk" | "post", "address": …} (portal/actions.py)."""
    choice = (dossier.form_data or {}).get("delivery") or {}
    return choice if isinstance(choice, dict) else {}


def wants_post(dossier: Dossier) -> bool:
    choice = delivery_choice(dossier)
    return choice.get("method") == "post" and bool((choice.get("address") or "").strip())


def _active(dossier: Dossier, direction: str):
    return Shipment.objects.filter(dossier=dossier, direction=direction).exclude(
        status=ShipmentStatus.RETURNED_TO_SENDER
    )


def _agency_address(agency) -> str:
    return agency.address or agency.name


def _new_reference(now) -> str:
    return f"BC{timezone.localtime(now):%y%m%d}" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def _create(**fields) -> Shipment:
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Shipment.objects.create(reference=_new_reference(fields["created_at"]), **fields)
        except IntegrityError:
            if _active(fields["dossier"], fields["direction"]).exists():  # a concurrent twin won
                raise ProblemError(
                    ErrorCode.ALREADY_SHIPPED, _("This dossier already has a shipment on its way."), status=409
                ) from None
            continue  # the reference was taken: draw another
    raise ProblemError("postal_reference_exhausted", _("No shipment reference could be allocated."), status=503)


def _timeline(dossier: Dossier, kind: str, *, at, data: dict, actor=None) -> DossierEvent:
    """A postal event on the dossier's timeline (status unchanged), through the dossiers' system action."""
    return dossier_actions.note_system_event(dossier, kind, data=data, at=at, actor=actor)


# --- create shipments ----------------------------------------------------------------------------------------
def request_pickup(dossier: Dossier, *, actor, provider: str | None = None, address: str = "", now=None) -> Shipment:
    """Ask the post to carry the paper dossier of `dossier` (status 1) from the applicant to the receiving agency.
    The applicant or an officer who sees the dossier may ask; `address` is where to pick it up (default: the
    applicant's street address)."""
    now = now or timezone.now()
    plugin = registry.get(provider, enabled_only=True) if provider else registry.default()
    if not dossiers_for(actor).filter(pk=dossier.pk).exists():
        raise ProblemError(ErrorCode.FORBIDDEN, _("You may not do this for this dossier."), status=403)
    dossier = Dossier.objects.select_related("receiving_agency").get(pk=dossier.pk)
    if dossier.status != Status.NEW:
        raise ProblemError(
            ErrorCode.NOT_ALLOWED, _("A pick-up is requested for a dossier not yet received."), status=409
        )
    address = (address or dossier.address_street or "").strip()
    if not address:
        raise ProblemError(
            ErrorCode.NO_ADDRESS,
            _("Give the address the dossier is picked up from."),
            status=422,
            invalid_params=[InvalidParam("address", "required", _("Required"))],
        )
    with transaction.atomic():
        if _active(dossier, Direction.PICKUP).exists():
            raise ProblemError(ErrorCode.ALREADY_SHIPPED, _("A pick-up is already on its way."), status=409)
        shipment = _new_shipment(dossier, Direction.PICKUP, actor=actor, plugin=plugin, address=address, now=now)
    return place_order(shipment.pk)


def _new_shipment(dossier: Dossier, direction: str, *, actor, plugin, address: str, now) -> Shipment:
    """A shipment between the applicant (at `address`) and the receiving agency: a pick-up carries the dossier
    to the agency, a delivery carries the result back."""
    agency = dossier.receiving_agency
    applicant = {"name": dossier.applicant_name, "phone": dossier.phone, "address": address[:500]}
    desk = {"name": agency.name, "phone": agency.phone, "address": _agency_address(agency)[:500]}
    sender, recipient = (applicant, desk) if direction == Direction.PICKUP else (desk, applicant)
    shipment = _create(
        dossier=dossier,
        direction=direction,
        provider=plugin.identifier,
        sender_name=sender["name"],
        sender_phone=sender["phone"],
        sender_address=sender["address"],
        recipient_name=recipient["name"],
        recipient_phone=recipient["phone"],
        recipient_address=recipient["address"],
        created_by=actor,
        created_at=now,
        status_at=now,
    )
    AuditEvent.append(
        audit_stream(shipment),
        kind="requested",
        actor=actor,
        at=now,
        new_stream=True,
        data={"dossier": dossier.code, "direction": shipment.direction, "provider": plugin.identifier},
    )
    return shipment


def create_delivery(dossier: Dossier, *, actor, provider: str | None = None, address: str = "", now=None) -> Shipment:
    """The desk of the receiving agency sends the result of a processed dossier (status 9) by post, to `address`
    or to the address the applicant gave in the portal."""
    now = now or timezone.now()
    plugin = registry.get(provider, enabled_only=True) if provider else registry.default()
    dossier = Dossier.objects.select_related("receiving_agency").get(pk=dossier.pk)
    if dossier.receiving_agency_id not in agency_ids_for(actor, {Role.DESK_OFFICER.value}):
        raise ProblemError(ErrorCode.FORBIDDEN, _("Only the receiving desk sends the result."), status=403)
    if dossier.status != Status.DONE:
        raise ProblemError(ErrorCode.NOT_ALLOWED, _("The result is sent once the dossier is processed."), status=409)
    address = (address or delivery_choice(dossier).get("address") or "").strip()
    if not address:
        raise ProblemError(
            ErrorCode.NO_ADDRESS,
            _("The dossier has no postal address."),
            status=422,
            invalid_params=[InvalidParam("address", "required", _("Required"))],
        )
    with transaction.atomic():
        if _active(dossier, Direction.DELIVERY).exists():
            raise ProblemError(ErrorCode.ALREADY_SHIPPED, _("The result is already on its way."), status=409)
        shipment = _new_shipment(dossier, Direction.DELIVERY, actor=actor, plugin=plugin, address=address, now=now)
    return place_order(shipment.pk)


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    """Subscriber (inside the dossier action's transaction): when a dossier whose applicant chose delivery by
    post is finished (or returned without a shipment), create the delivery; the order goes out on commit."""
    if event.kind not in (Action.FINISH, Action.RETURN_RESULT) or not wants_post(dossier):
        return
    if _active(dossier, Direction.DELIVERY).exists():
        return
    try:
        plugin = registry.default()
    except ProblemError:
        logger.warning("no postal provider enabled: the result of %s is not shipped", dossier.code)
        return
    try:
        shipment = _new_shipment(
            dossier,
            Direction.DELIVERY,
            actor=event.actor,
            plugin=plugin,
            address=delivery_choice(dossier)["address"].strip(),
            now=event.at,
        )
    except ProblemError:  # created at the same moment by the desk: never fail the dossier's action for it
        return
    transaction.on_commit(lambda: _place_later(shipment.pk, plugin), robust=True)


def _place_later(pk: int, plugin) -> None:
    """After the dossier's commit: a local carrier (the simulator) is asked at once, a remote one by a
    background task; if either fails the shipment waits for `place_pending_orders` (cron)."""
    try:
        if plugin.offline:
            place_order(pk)
        else:
            from motcua.postal.tasks import place_order as place_order_task

            place_order_task.enqueue(pk)
    except Exception:
        logger.exception("placing the postal order of shipment %s failed; place_pending_orders retries", pk)


# --- place the order with the carrier --------------------------------------------------------------------------
def place_order(pk: int, *, now=None) -> Shipment:
    """Send shipment `pk`'s order to its carrier (network, outside any dossier transaction) and record the
    waybill and postage; on a delivery, queue the "shipped" message to the applicant. Idempotent."""
    from motcua.notifications.constants import TemplateKey
    from motcua.notifications.outbox import notify

    shipment = Shipment.objects.select_related("dossier").get(pk=pk)
    if shipment.waybill or shipment.status != ShipmentStatus.CREATED:
        return shipment
    plugin = registry.get(shipment.provider)
    try:
        order = plugin.place_order(shipment)
    except OrderRefused as exc:
        Shipment.objects.filter(pk=pk, waybill__isnull=True).update(order_error=str(exc)[:300])
        shipment.order_error = str(exc)[:300]
        return shipment
    now = now or timezone.now()
    cod = 0
    if shipment.direction == Direction.DELIVERY and setting("POSTAL_COD_POSTAGE", True):
        cod = order.postage_fee  # the applicant pays the postage on delivery (Decision 45: the fee is theirs)
    with transaction.atomic():
        changed = Shipment.objects.filter(pk=pk, version=shipment.version, waybill__isnull=True).update(
            waybill=order.waybill,
            postage_fee=order.postage_fee,
            cod_amount=cod,
            ordered_at=now,
            order_error="",
            version=F("version") + 1,
        )
        if not changed:  # placed meanwhile by a retry
            return Shipment.objects.get(pk=pk)
        shipment.refresh_from_db()
        dossier = shipment.dossier
        data = {
            "waybill": order.waybill,
            "direction": shipment.direction,
            "provider": shipment.provider,
            "postage_fee": order.postage_fee,
            "comment": _("Postal order %(waybill)s (%(direction)s)")
            % {"waybill": order.waybill, "direction": Direction(shipment.direction).label},
        }
        event = _timeline(dossier, TIMELINE_KIND["ordered"], at=now, data=data)
        AuditEvent.append(audit_stream(shipment), kind="ordered", at=now, data={"waybill": order.waybill})
        if shipment.direction == Direction.DELIVERY:
            notify(dossier, event, TemplateKey.SHIPPED, extra={"waybill": order.waybill})
    return shipment


def place_pending_orders(*, batch: int = 100) -> int:
    """Retry the orders the carrier did not accept yet; returns how many now have a waybill."""
    placed = 0
    for pk in Shipment.objects.filter(waybill__isnull=True, status=ShipmentStatus.CREATED).values_list("pk", flat=True)[
        :batch
    ]:
        if place_order(pk).waybill:
            placed += 1
    return placed


# --- record a webhook ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recorded:
    outcome: WebhookOutcome
    shipment: Shipment | None
    event: ShipmentEvent


def record_webhook(provider: str, body: bytes, headers: dict[str, str], *, remote_addr: str = "", now=None):
    """Record a carrier's webhook; see the module's docstring. Raises ProblemError: 400 postal_signature_invalid
    or postal_webhook_invalid, 404 postal_shipment_not_found (the webhook is stored in every case)."""
    now = now or timezone.now()
    plugin = registry.get(provider)
    headers = {k.lower(): v for k, v in headers.items()}
    base = {
        "provider": plugin.identifier,
        "received_at": now,
        "body": body.decode("utf-8", "replace"),
        "headers": {k: headers[k][:500] for k in plugin.stored_headers if k in headers},
    }
    if remote_addr:
        base["headers"]["remote-addr"] = remote_addr[:64]
    try:
        result = plugin.verify_webhook(body, headers)
    except SignatureInvalid:
        ShipmentEvent.objects.create(**base, signature_ok=False, result=WebhookOutcome.SIGNATURE_INVALID)
        raise ProblemError(ErrorCode.SIGNATURE_INVALID, _("The webhook signature is not valid."), status=400) from None
    except CallbackMalformed as exc:
        ShipmentEvent.objects.create(**base, signature_ok=False, result=WebhookOutcome.MALFORMED, detail=str(exc)[:300])
        raise ProblemError(ErrorCode.WEBHOOK_INVALID, _("The webhook cannot be read."), status=400) from None
    base.update(
        signature_ok=True,
        event_id=result.event_id,
        status=result.status,
        carrier_status=result.carrier_status[:40],
        at=result.at,
    )
    try:
        with transaction.atomic():
            return _apply(result, base, now)
    except _UnknownWaybill:
        _store(WebhookOutcome.UNKNOWN_WAYBILL, base, None)
        raise ProblemError(
            ErrorCode.NOT_FOUND, _("No shipment %(waybill)s.") % {"waybill": result.waybill}, status=404
        ) from None


class _UnknownWaybill(Exception):
    pass


def _store(outcome: WebhookOutcome, base: dict, shipment: Shipment | None, detail: str = "") -> ShipmentEvent:
    return ShipmentEvent.objects.create(**base, shipment=shipment, result=outcome, detail=detail[:300])


def _apply(result: WebhookResult, base: dict, now) -> Recorded:
    for _attempt in range(CAS_ATTEMPTS):
        shipment = (
            Shipment.objects.select_related("dossier").filter(provider=base["provider"], waybill=result.waybill).first()
        )
        if shipment is None:
            raise _UnknownWaybill
        if ShipmentEvent.objects.filter(
            provider=base["provider"], event_id=result.event_id, result=WebhookOutcome.APPLIED
        ).exists():
            return Recorded(WebhookOutcome.DUPLICATE, shipment, _store(WebhookOutcome.DUPLICATE, base, shipment))
        if not result.status or not _moves_forward(shipment.status, result.status):
            return Recorded(WebhookOutcome.IGNORED, shipment, _store(WebhookOutcome.IGNORED, base, shipment))
        status, attempts = result.status, shipment.failed_attempts
        if status == ShipmentStatus.FAILED:
            attempts += 1
            if attempts >= int(setting("POSTAL_MAX_DELIVERY_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)):
                status = ShipmentStatus.RETURNED_TO_SENDER
        changed = Shipment.objects.filter(pk=shipment.pk, version=shipment.version).update(
            status=status, failed_attempts=attempts, status_at=now, version=F("version") + 1
        )
        if not changed:
            continue  # another webhook changed it meanwhile: read it again
        shipment.status, shipment.failed_attempts, shipment.status_at = status, attempts, now
        shipment.version += 1
        stored = _store(WebhookOutcome.APPLIED, base, shipment)
        _after_status(shipment, result, now)
        return Recorded(WebhookOutcome.APPLIED, shipment, stored)
    raise StaleVersion()


def _after_status(shipment: Shipment, result: WebhookResult, now) -> None:
    """The dossier's side of a status change: its timeline, and the return of a delivered result."""
    dossier = Dossier.objects.get(pk=shipment.dossier_id)
    kinds = [TIMELINE_KIND[result.status]] if result.status in TIMELINE_KIND else []
    if shipment.status != result.status and shipment.status in TIMELINE_KIND:
        kinds.append(TIMELINE_KIND[shipment.status])  # the last failed attempt made it "returned to sender"
    for kind in kinds:
        _timeline(
            dossier,
            kind,
            at=now,
            data={
                "waybill": shipment.waybill,
                "direction": shipment.direction,
                "status": shipment.status,
                "attempts": shipment.failed_attempts,
                "comment": _("Postal item %(waybill)s: %(status)s")
                % {"waybill": shipment.waybill, "status": ShipmentStatus(shipment.status).label},
            },
        )
    AuditEvent.append(
        audit_stream(shipment), kind=shipment.status, at=now, data={"event_id": result.event_id, "raw": result.status}
    )
    delivered = shipment.status == ShipmentStatus.DELIVERED and shipment.direction == Direction.DELIVERY
    if delivered and _return_result(shipment, now):
        Shipment.objects.filter(pk=shipment.pk).update(dossier_returned=True)
        shipment.dossier_returned = True


def returning_officer(shipment: Shipment, dossier: Dossier):
    """The desk officer in whose name a delivered result is recorded as returned (see the module docstring)."""
    agency_id = dossier.receiving_agency_id
    if holds_role_at(shipment.created_by, agency_id, {Role.DESK_OFFICER.value}):
        return shipment.created_by
    return first_member(agency_id, (Role.DESK_OFFICER,))


def _return_result(shipment: Shipment, now) -> bool:
    """Record the return of the result on a processed dossier (status 9 → 10), in this transaction."""

    def step() -> bool:
        dossier = Dossier.objects.select_related("receiving_agency").get(pk=shipment.dossier_id)
        if dossier.status != Status.DONE:
            return False
        officer = returning_officer(shipment, dossier)
        if officer is None:
            AuditEvent.append(audit_stream(shipment), kind="return_pending", at=now, data={"dossier": dossier.code})
            return False
        dossier_actions.return_result(
            dossier,
            actor=officer,
            version=dossier.version,
            now=now,
            comment=_("Delivered by post (waybill %(waybill)s); recorded from the carrier's confirmation.")
            % {"waybill": shipment.waybill},
        )
        return True

    return dossier_actions.retrying_on_stale(step, CAS_ATTEMPTS)
