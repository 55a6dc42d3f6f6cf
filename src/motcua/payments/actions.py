"""The one write path of payments: request a payment, record a provider's callback.

- `request_payment` creates our order for an obligation of a dossier (the fees at submission, or the
  financial obligation of status 6) and asks the provider how the payer goes on.
- `record_callback` stores every callback (append-only, forged ones too), verifies its signature, checks
  reference and amount, and marks the payment paid with one conditional UPDATE on (status, version): the same
  callback twice, or two at the same moment, pay once, on SQLite and PostgreSQL alike, without locks.
  A paid financial obligation resumes the dossier (`dossiers.actions.payment_done`) in the same transaction.

Who resumes the dossier: `payment_done` is an officer's action (desk officer or specialist of the holding
agency, see dossiers.constants.RULES), and motcua has no system account holding such a role. The event is
therefore recorded in the name of the officer responsible for the obligation — the one who asked for it if
they may record the payment, else the current holder, else the first desk officer (then specialist) of the
holding agency — with a comment saying it came from the provider's callback. If no such officer exists, the
payment is still recorded as paid and the desk records the payment on the dossier by hand.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.selectors import first_member, holds_role_at
from motcua.core.audit import AuditEvent
from motcua.core.concurrency import StaleVersion
from motcua.core.errors import InvalidParam, ProblemError
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import OPEN_STATUSES, Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import dossiers_for
from motcua.payments.base import CallbackMalformed, CallbackResult, SignatureInvalid, setting
from motcua.payments.constants import PAYABLE, CallbackOutcome, ErrorCode, PaymentStatus, Purpose
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.registry import registry

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed at a bank counter
REFERENCE_ATTEMPTS = 10
CAS_ATTEMPTS = 3
RESUMING_ROLES = frozenset({Role.DESK_OFFICER.value, Role.SPECIALIST.value})


def audit_stream(payment: Payment) -> str:
    return f"payments.payment:{payment.pk}"


# --- obligations ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Obligation:
    purpose: Purpose
    seq: int
    amount: int


def _current_requirement(dossier: Dossier) -> DossierEvent | None:
    return (
        DossierEvent.objects.filter(dossier=dossier, kind=Action.REQUIRE_PAYMENT.value)
        .select_related("actor")
        .order_by("-seq")
        .first()
    )


def obligation_of(dossier: Dossier, purpose: str) -> Obligation:
    """What `dossier` owes now for `purpose`, or a 409 problem when there is nothing to pay."""
    if purpose == Purpose.SUBMISSION_FEE:
        amount = int(dossier.fee_total or 0)
        if amount <= 0 or dossier.status not in OPEN_STATUSES | {Status.NEW}:
            raise ProblemError(ErrorCode.NOT_PAYABLE, _("This dossier has no fee to pay now."), status=409)
        return Obligation(Purpose.SUBMISSION_FEE, 0, amount)
    if purpose == Purpose.FINANCIAL_OBLIGATION:
        event = _current_requirement(dossier) if dossier.status == Status.FINANCIAL else None
        amount = int(Decimal(str(event.data.get("amount") or 0))) if event is not None else 0
        if event is None or amount <= 0:
            raise ProblemError(
                ErrorCode.NOT_PAYABLE, _("No financial obligation is awaiting payment on this dossier."), status=409
            )
        return Obligation(Purpose.FINANCIAL_OBLIGATION, event.seq, amount)
    raise ProblemError(
        "invalid",
        _("Unknown payment purpose."),
        invalid_params=[InvalidParam("purpose", "invalid_choice", _("Unknown purpose"))],
    )


def _new_reference(now) -> str:
    """`MC` + yymmdd + 8 characters: short enough for a bank transfer's description (VietQR 62-08 ≤ 25)."""
    return f"MC{timezone.localtime(now):%y%m%d}" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


# --- request a payment ---------------------------------------------------------------------------------------
def request_payment(
    dossier: Dossier, *, actor, purpose: str, provider: str, amount: int | None = None, now=None
) -> Payment:
    """Create our order for what `dossier` owes for `purpose`, to be paid through `provider`.

    The applicant or an officer who can see the dossier may ask. The amount is the dossier's (fee_total at
    submission; the amount of the last "require payment" event for status 6); a different `amount` is
    refused. Other pending payments of the same obligation are cancelled (the payer switched provider).
    """
    now = now or timezone.now()
    plugin = registry.get(provider, enabled_only=True)
    if not dossiers_for(actor).filter(pk=dossier.pk).exists():
        raise ProblemError(ErrorCode.FORBIDDEN, _("You may not pay for this dossier."), status=403)
    dossier = Dossier.objects.get(pk=dossier.pk)
    due = obligation_of(dossier, purpose)
    if amount is not None and int(amount) != due.amount:
        raise ProblemError(
            ErrorCode.AMOUNT_MISMATCH,
            _("The amount due is %(due)s VND.") % {"due": due.amount},
            status=422,
            invalid_params=[InvalidParam("amount", "mismatch", _("Does not match the amount due"))],
        )
    ttl = int(setting("PAYMENTS_TTL_MINUTES", 24 * 60))
    with transaction.atomic():
        same = Payment.objects.filter(dossier=dossier, purpose=due.purpose, obligation_seq=due.seq)
        if same.filter(status=PaymentStatus.PAID).exists():
            raise ProblemError(ErrorCode.ALREADY_PAID, _("This obligation is already paid."), status=409)
        for old in same.filter(status=PaymentStatus.PENDING):
            if Payment.objects.filter(pk=old.pk, version=old.version, status=PaymentStatus.PENDING).update(
                status=PaymentStatus.CANCELLED, version=F("version") + 1
            ):
                AuditEvent.append(audit_stream(old), kind="cancelled", actor=actor, at=now, data={"superseded": True})
        payment = _create(
            dossier=dossier,
            purpose=due.purpose,
            obligation_seq=due.seq,
            amount=due.amount,
            provider=plugin.identifier,
            requested_by=actor,
            created_at=now,
            expires_at=now + timedelta(minutes=ttl) if ttl > 0 else None,
        )
        start = plugin.start(payment)
        Payment.objects.filter(pk=payment.pk).update(redirect_url=start.redirect_url, qr_payload=start.qr_payload)
        payment.redirect_url, payment.qr_payload = start.redirect_url, start.qr_payload
        AuditEvent.append(
            audit_stream(payment),
            kind="requested",
            actor=actor,
            at=now,
            new_stream=True,
            data={
                "dossier": dossier.code,
                "purpose": due.purpose.value,
                "amount": due.amount,
                "provider": plugin.identifier,
                "reference": payment.reference,
            },
        )
    return payment


def _create(**fields) -> Payment:
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Payment.objects.create(reference=_new_reference(fields["created_at"]), **fields)
        except IntegrityError:
            continue
    raise ProblemError("payment_reference_exhausted", _("No payment reference could be allocated."), status=503)


def expire_payments(*, now=None, batch: int = 500) -> int:
    """Mark pending payments past their expiry as expired (one conditional UPDATE each, so a payment paid at the
    same moment stays paid); a later "paid" callback still records the money. Returns how many expired."""
    now = now or timezone.now()
    due = Payment.objects.filter(status=PaymentStatus.PENDING, expires_at__lt=now).order_by("expires_at")[:batch]
    expired = 0
    for payment in due:
        with transaction.atomic():
            if Payment.objects.filter(pk=payment.pk, version=payment.version, status=PaymentStatus.PENDING).update(
                status=PaymentStatus.EXPIRED, version=F("version") + 1
            ):
                AuditEvent.append(audit_stream(payment), kind="expired", at=now)
                expired += 1
    return expired


# --- record a callback ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recorded:
    outcome: CallbackOutcome
    payment: Payment
    callback: PaymentCallback


class _Rejected(Exception):
    def __init__(self, outcome: CallbackOutcome, problem: ProblemError, payment: Payment | None = None):
        super().__init__(problem.detail)
        self.outcome, self.problem, self.payment = outcome, problem, payment


def _store(base: dict, **fields) -> PaymentCallback:
    return PaymentCallback.objects.create(**base, **fields)


def record_callback(
    provider: str,
    body: bytes,
    headers: dict[str, str],
    *,
    method: str = "POST",
    remote_addr: str = "",
    now=None,
) -> Recorded:
    """Record a provider's callback; see the module's docstring. Raises ProblemError:
    400 payment_signature_invalid / payment_callback_invalid, 404 payment_not_found, 422 payment_amount_mismatch
    (the callback is stored in every case, with its outcome)."""
    now = now or timezone.now()
    plugin = registry.get(provider)
    headers = {k.lower(): v for k, v in headers.items()}
    base = {
        "provider": plugin.identifier,
        "received_at": now,
        "method": method[:8],
        "body": body.decode("utf-8", "replace"),
        "headers": {k: headers[k][:500] for k in plugin.stored_headers if k in headers},
        "remote_addr": remote_addr[:64],
    }
    try:
        result = plugin.verify_callback(body, headers)
    except SignatureInvalid:
        with transaction.atomic():
            _store(base, signature_ok=False, result=CallbackOutcome.SIGNATURE_INVALID)
        raise ProblemError(ErrorCode.SIGNATURE_INVALID, _("The callback signature is not valid."), status=400) from None
    except CallbackMalformed as exc:
        with transaction.atomic():
            _store(base, signature_ok=False, result=CallbackOutcome.MALFORMED, detail=str(exc)[:300])
        raise ProblemError(ErrorCode.CALLBACK_INVALID, _("The callback cannot be read."), status=400) from None
    base.update(signature_ok=True, reference=result.reference[:40])
    try:
        with transaction.atomic():
            return _apply(plugin.identifier, result, base, now)
    except _Rejected as rejected:
        with transaction.atomic():
            _store(base, result=rejected.outcome, payment=rejected.payment, detail=rejected.problem.detail[:300])
        raise rejected.problem from None
    except Exception as exc:
        with transaction.atomic():
            _store(base, result=CallbackOutcome.ERROR, detail=f"{type(exc).__name__}: {exc}"[:300])
        raise


def _apply(provider: str, result: CallbackResult, base: dict, now) -> Recorded:
    for _attempt in range(CAS_ATTEMPTS):
        payment = Payment.objects.filter(reference=result.reference, provider=provider).first()
        if payment is None:
            raise _Rejected(
                CallbackOutcome.UNKNOWN_REFERENCE,
                ProblemError(ErrorCode.NOT_FOUND, _("No payment %(ref)s.") % {"ref": result.reference}, status=404),
            )
        if result.amount != payment.amount:
            raise _Rejected(
                CallbackOutcome.AMOUNT_MISMATCH,
                ProblemError(
                    ErrorCode.AMOUNT_MISMATCH,
                    _("Paid %(paid)s VND for a payment of %(due)s VND.")
                    % {"paid": result.amount, "due": payment.amount},
                    status=422,
                    invalid_params=[InvalidParam("amount", "mismatch", _("Does not match the payment"))],
                ),
                payment,
            )
        if result.paid:
            if payment.status == PaymentStatus.PAID:
                return _recorded(CallbackOutcome.DUPLICATE, payment, base)
            changed = Payment.objects.filter(pk=payment.pk, version=payment.version, status__in=PAYABLE).update(
                status=PaymentStatus.PAID, provider_txn=result.provider_txn[:100], paid_at=now, version=F("version") + 1
            )
            if not changed:
                continue  # paid or changed meanwhile: look again
            payment.status, payment.provider_txn, payment.paid_at = PaymentStatus.PAID, result.provider_txn[:100], now
            payment.version += 1
            resumed = _resume_dossier(payment, now)
            if resumed:
                Payment.objects.filter(pk=payment.pk).update(dossier_resumed=True)
                payment.dossier_resumed = True
            AuditEvent.append(
                audit_stream(payment),
                kind="paid",
                at=now,
                data={"provider_txn": payment.provider_txn, "amount": payment.amount, "dossier_resumed": resumed},
            )
            return _recorded(CallbackOutcome.PAID, payment, base)
        if payment.status != PaymentStatus.PENDING:
            return _recorded(CallbackOutcome.IGNORED, payment, base)
        changed = Payment.objects.filter(pk=payment.pk, version=payment.version, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.FAILED, provider_txn=result.provider_txn[:100], version=F("version") + 1
        )
        if not changed:
            continue
        payment.status, payment.provider_txn, payment.version = (
            PaymentStatus.FAILED,
            result.provider_txn[:100],
            payment.version + 1,
        )
        AuditEvent.append(audit_stream(payment), kind="failed", at=now, data={"provider_txn": payment.provider_txn})
        return _recorded(CallbackOutcome.FAILED, payment, base)
    raise StaleVersion()


def _recorded(outcome: CallbackOutcome, payment: Payment, base: dict) -> Recorded:
    return Recorded(outcome, payment, _store(base, result=outcome, payment=payment))


# --- the dossier's clock ---------------------------------------------------------------------------------------
def obligation_officer(dossier: Dossier, requirement: DossierEvent | None = None):
    """The officer in whose name a paid obligation is recorded on the dossier (see the module docstring)."""
    agency_id = dossier.handling_agency_id
    requirement = requirement or _current_requirement(dossier)
    for candidate in (requirement.actor if requirement is not None else None, dossier.holder):
        if holds_role_at(candidate, agency_id, RESUMING_ROLES):
            return candidate
    return first_member(agency_id, (Role.DESK_OFFICER, Role.SPECIALIST))


def _resume_dossier(payment: Payment, now) -> bool:
    """If `payment` settles the financial obligation the dossier waits for, resume its clock (same transaction)."""
    if payment.purpose != Purpose.FINANCIAL_OBLIGATION:
        return False

    def step() -> bool:
        dossier = Dossier.objects.select_related("holder").get(pk=payment.dossier_id)
        requirement = _current_requirement(dossier)
        if dossier.status != Status.FINANCIAL or requirement is None or requirement.seq != payment.obligation_seq:
            return False
        officer = obligation_officer(dossier, requirement)
        if officer is None:
            AuditEvent.append(audit_stream(payment), kind="resume_pending", at=now, data={"dossier": dossier.code})
            return False
        dossier_actions.payment_done(
            dossier,
            actor=officer,
            version=dossier.version,
            now=now,
            reference=payment.reference,
            comment=_("Paid online through %(provider)s (payment %(ref)s); recorded from the callback.")
            % {"provider": payment.provider, "ref": payment.reference},
        )
        return True

    return dossier_actions.retrying_on_stale(step, CAS_ATTEMPTS)
