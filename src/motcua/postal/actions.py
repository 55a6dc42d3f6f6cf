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
- `poll_shipments` (cron: `motcua poll_postal_shipments`) asks the carriers that answer tracking queries for
  the history of every item not final and not heard of for POSTAL_POLL_AFTER_MINUTES, and applies each update
  through the same `_apply` as a webhook (same event ids, forward-only): an update a webhook already applied
  changes nothing and is not stored again; one whose webhook was lost is applied as if it had arrived.
- Cash on delivery (Decision 45/2016/QĐ-TTg art. 11: fees may be paid to the public postal company): a
  delivery of the result collects the dossier's unpaid fees (`cod_fees`, from `payments.selectors.unpaid_fees`)
  when the procedure allows postal return, plus the postage with POSTAL_COD_POSTAGE. A status-6 financial
  obligation is never collected this way (it is paid before the result). What the carrier reports collected is
  kept on the shipment and its event; payments has no way to mark a fee paid on an outside confirmation, so
  the dossier's payments are left as they are (the collected amount is on the shipment and the timeline).

Who returns the result: `return_result` is a desk officer's action of the receiving agency, and motcua has no
system account. When the delivery of the result is confirmed, the return is recorded in the name of the desk
officer who created the shipment if they still are a desk officer of the receiving agency, else of the first
active desk officer of that agency, with a comment saying it came from the carrier's confirmation. With no
such officer the shipment is still marked delivered and the desk returns the result by hand.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for
from motcua.accounts.selectors import first_member, holds_role_at
from motcua.core.audit import AuditEvent
from motcua.core.concurrency import StaleVersion
from motcua.core.errors import InvalidParam, ProblemError
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossiers_for
from motcua.postal.base import (
    CallbackMalformed,
    OrderRefused,
    SignatureInvalid,
    StatusUpdate,
    TrackingFailed,
    WebhookResult,
    setting,
)
from motcua.postal.constants import FINAL, TIMELINE_KIND, Direction, ErrorCode, ShipmentStatus, WebhookOutcome
from motcua.postal.constants import moves_forward as _moves_forward
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.registry import registry

logger = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_ATTEMPTS = 10
CAS_ATTEMPTS = 3
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_POLL_AFTER_MINUTES = 30


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


def fees_on_delivery(dossier: Dossier) -> int:
    """The fees (VND) the postman collects when delivering the result of `dossier` (cash on delivery).

    Decision 45/2016/QĐ-TTg art. 11 lets the applicant pay the procedure's fees to the public postal company;
    collecting the unpaid ones on delivery of the result is our reading (ASSUMED). Only where the procedure
    allows postal return (`postal_allowed`), only the fees (`payments.selectors.unpaid_fees`), never a status-6
    financial obligation (paid before the result), and not for a dossier received at the counter, whose fees
    were paid in cash there (ASSUMED: motcua does not record counter cash) — off with POSTAL_COD_FEES=false."""
    from motcua.payments.selectors import unpaid_fees

    if not setting("POSTAL_COD_FEES", True) or dossier.channel == Channel.IN_PERSON:
        return 0
    if not dossier.procedure.postal_allowed:
        return 0
    return unpaid_fees(dossier)


def _new_shipment(dossier: Dossier, direction: str, *, actor, plugin, address: str, now) -> Shipment:
    """A shipment between the applicant (at `address`) and the receiving agency: a pick-up carries the dossier
    to the agency, a delivery carries the result back (collecting the unpaid fees, see `fees_on_delivery`)."""
    agency = dossier.receiving_agency
    cod_fees = fees_on_delivery(dossier) if direction == Direction.DELIVERY else 0
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
        cod_fees=cod_fees,
        cod_amount=cod_fees,
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
        data={
            "dossier": dossier.code,
            "direction": shipment.direction,
            "provider": plugin.identifier,
            "cod_fees": cod_fees,
        },
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
    cod = shipment.cod_fees  # the dossier's unpaid fees (fees_on_delivery)
    if shipment.direction == Direction.DELIVERY and setting("POSTAL_COD_POSTAGE", True):
        cod += order.postage_fee  # the applicant pays the postage on delivery (Decision 45: the fee is theirs)
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
            "cod_amount": cod,
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
    event: ShipmentEvent | None  # None: a polled update that changed nothing (not stored)


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
    base.update(_update_fields(result))
    try:
        with transaction.atomic():
            return _apply(result, base, now)
    except _UnknownWaybill:
        _store(WebhookOutcome.UNKNOWN_WAYBILL, base, None)
        raise ProblemError(
            ErrorCode.NOT_FOUND, _("No shipment %(waybill)s.") % {"waybill": result.waybill}, status=404
        ) from None


def _update_fields(result: StatusUpdate) -> dict:
    return {
        "signature_ok": True,
        "event_id": result.event_id,
        "status": result.status,
        "carrier_status": result.carrier_status[:40],
        "at": result.at,
        "cod_collected": max(int(result.cod_collected or 0), 0),
    }


class _UnknownWaybill(Exception):
    pass


def _store(outcome: WebhookOutcome, base: dict, shipment: Shipment | None, detail: str = "") -> ShipmentEvent:
    return ShipmentEvent.objects.create(**base, shipment=shipment, result=outcome, detail=detail[:300])


def _apply(result: WebhookResult, base: dict, now, *, quiet: bool = False) -> Recorded:
    """Apply one carrier update (webhook or tracking) to its shipment; `quiet`: an update that changes nothing
    (already applied, or behind the current status) is not stored (polling reads the whole history each time)."""
    for _attempt in range(CAS_ATTEMPTS):
        shipment = (
            Shipment.objects.select_related("dossier").filter(provider=base["provider"], waybill=result.waybill).first()
        )
        if shipment is None:
            raise _UnknownWaybill
        if ShipmentEvent.objects.filter(
            provider=base["provider"], event_id=result.event_id, result=WebhookOutcome.APPLIED
        ).exists():
            stored = None if quiet else _store(WebhookOutcome.DUPLICATE, base, shipment)
            return Recorded(WebhookOutcome.DUPLICATE, shipment, stored)
        if not result.status or not _moves_forward(shipment.status, result.status):
            stored = None if quiet else _store(WebhookOutcome.IGNORED, base, shipment)
            return Recorded(WebhookOutcome.IGNORED, shipment, stored)
        status, attempts = result.status, shipment.failed_attempts
        if status == ShipmentStatus.FAILED:
            attempts += 1
            if attempts >= int(setting("POSTAL_MAX_DELIVERY_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)):
                status = ShipmentStatus.RETURNED_TO_SENDER
        fields = {"status": status, "failed_attempts": attempts, "status_at": now}
        if status == ShipmentStatus.DELIVERED and base.get("cod_collected"):
            fields.update(cod_collected=base["cod_collected"], cod_collected_at=now)  # the postman's cash
        changed = Shipment.objects.filter(pk=shipment.pk, version=shipment.version).update(
            **fields, version=F("version") + 1
        )
        if not changed:
            continue  # another webhook changed it meanwhile: read it again
        for name, value in fields.items():
            setattr(shipment, name, value)
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
    comment = _("Postal item %(waybill)s: %(status)s") % {
        "waybill": shipment.waybill,
        "status": ShipmentStatus(shipment.status).label,
    }
    data = {
        "waybill": shipment.waybill,
        "direction": shipment.direction,
        "status": shipment.status,
        "attempts": shipment.failed_attempts,
    }
    if shipment.status == ShipmentStatus.DELIVERED and shipment.cod_collected:
        data.update(cod_collected=shipment.cod_collected, cod_fees=shipment.cod_fees)
        comment += "; " + _("%(amount)s VND collected on delivery (fees %(fees)s VND)") % {
            "amount": shipment.cod_collected,
            "fees": shipment.cod_fees,
        }
    for kind in kinds:
        _timeline(dossier, kind, at=now, data={**data, "comment": comment})
    AuditEvent.append(
        audit_stream(shipment), kind=shipment.status, at=now, data={"event_id": result.event_id, "raw": result.status}
    )
    if shipment.status == ShipmentStatus.DELIVERED and shipment.cod_collected:
        AuditEvent.append(
            audit_stream(shipment),
            kind="cod_collected",
            at=now,
            data={
                "amount": shipment.cod_collected,
                "cod_amount": shipment.cod_amount,
                "fees": shipment.cod_fees,
                "event_id": result.event_id,
            },
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


# --- poll the carriers (when a webhook was lost) -----------------------------------------------------------------
@dataclass(frozen=True)
class PollReport:
    polled: int = 0  # shipments whose carrier was asked
    applied: int = 0  # updates that changed a shipment
    failed: int = 0  # tracking queries that failed (asked again next run)


def poll_shipments(*, batch: int = 100, older_than_minutes: int | None = None, now=None) -> PollReport:
    """Ask the carriers for the history of every shipment with a waybill, not final, whose status has not
    changed for `older_than_minutes` (POSTAL_POLL_AFTER_MINUTES) and that was not polled within that time;
    apply each update as a webhook would be. Least recently polled first; network calls outside transactions."""
    now = now or timezone.now()
    minutes = older_than_minutes
    if minutes is None:
        minutes = int(setting("POSTAL_POLL_AFTER_MINUTES", DEFAULT_POLL_AFTER_MINUTES))
    cutoff = now - timedelta(minutes=minutes)
    providers = [plugin.identifier for plugin in registry.iter_enabled() if plugin.tracks]
    due = (
        Shipment.objects.filter(provider__in=providers, waybill__isnull=False, status_at__lte=cutoff)
        .exclude(status__in=FINAL)
        .filter(Q(polled_at__isnull=True) | Q(polled_at__lte=cutoff))
        .order_by(F("polled_at").asc(nulls_first=True), "id")
        .values_list("pk", flat=True)[:batch]
    )
    polled = applied = failed = 0
    for pk in list(due):
        try:
            applied += poll_shipment(pk, now=now)
        except TrackingFailed as exc:
            logger.warning("tracking shipment %s failed: %s", pk, exc)
            failed += 1
        polled += 1
    return PollReport(polled, applied, failed)


def poll_shipment(pk: int, *, now=None) -> int:
    """Ask the carrier for shipment `pk`'s history and apply what is new; returns how many updates changed it.
    Raises TrackingFailed (the shipment is marked polled, so that the others get their turn)."""
    now = now or timezone.now()
    shipment = Shipment.objects.get(pk=pk)
    plugin = registry.get(shipment.provider)
    Shipment.objects.filter(pk=pk).update(polled_at=now)
    updates = plugin.track(shipment)  # the network, outside any transaction
    applied = 0
    for update in updates:
        if update.waybill != shipment.waybill:
            continue
        if record_update(plugin.identifier, update, now=now).outcome == WebhookOutcome.APPLIED:
            applied += 1
    return applied


def record_update(provider: str, update: StatusUpdate, *, now=None) -> Recorded:
    """Apply one update read from the carrier's tracking answer, through the webhooks' `_apply`; stored (as a
    ShipmentEvent of source "poll") only when it changes the shipment."""
    now = now or timezone.now()
    base = {
        "provider": provider,
        "received_at": now,
        "source": "poll",
        "body": json.dumps(
            {
                "waybill": update.waybill,
                "status": update.status,
                "event_id": update.event_id,
                "carrier_status": update.carrier_status,
                "at": update.at.isoformat() if update.at else None,
                "cod_collected": update.cod_collected,
            },
            ensure_ascii=False,
        ),
        "headers": {},
        **_update_fields(update),
    }
    with transaction.atomic():
        return _apply(update, base, now, quiet=True)
