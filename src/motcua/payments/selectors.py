"""Read queries of payments, scoped to who asks, and the daily reconciliation report (đối soát)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.dossiers.selectors import dossiers_for
from motcua.payments.constants import PaymentStatus
from motcua.payments.models import Payment, PaymentCallback

REPORT_ROLES = frozenset({Role.AGENCY_ADMIN.value})


def payments_for(user) -> QuerySet[Payment]:
    """Payments of the dossiers `user` may see (the applicant; officers of the agencies holding them)."""
    return Payment.objects.filter(dossier__in=dossiers_for(user).values("pk")).select_related("dossier")


def payment_for(user, reference: str) -> Payment | None:
    return payments_for(user).filter(reference=reference).first()


def may_reconcile(user) -> bool:
    return has_province_scope(user) or bool(agency_ids_for(user, REPORT_ROLES))


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def reconciliation(user, day: date) -> list[dict]:
    """Per provider, the payments created on `day` (local time): how many, their total, how many and how much
    were paid, how many failed, are pending, expired or cancelled, and how many callbacks were rejected that day
    (forged or unreadable; province-wide only). Province administrators see every agency; agency
    administrators the dossiers received by their agencies (and sub-agencies)."""
    start, end = _day_bounds(day)
    payments = Payment.objects.filter(created_at__gte=start, created_at__lt=end)
    province = has_province_scope(user)
    if not province:
        payments = payments.filter(dossier__receiving_agency__in=agency_ids_for(user, REPORT_ROLES))
    rows = (
        payments.values("provider")
        .annotate(
            count=Count("id"),
            total=Sum("amount"),
            paid=Count("id", filter=Q(status=PaymentStatus.PAID)),
            paid_amount=Sum("amount", filter=Q(status=PaymentStatus.PAID)),
            failed=Count("id", filter=Q(status=PaymentStatus.FAILED)),
            pending=Count("id", filter=Q(status=PaymentStatus.PENDING)),
            expired=Count("id", filter=Q(status=PaymentStatus.EXPIRED)),
            cancelled=Count("id", filter=Q(status=PaymentStatus.CANCELLED)),
        )
        .order_by("provider")
    )
    out = {row["provider"]: {**row, "total": row["total"] or 0, "paid_amount": row["paid_amount"] or 0} for row in rows}
    if province:
        rejected = (
            PaymentCallback.objects.filter(received_at__gte=start, received_at__lt=end, signature_ok=False)
            .values("provider")
            .annotate(n=Count("id"))
        )
        for row in rejected:
            out.setdefault(
                row["provider"],
                {
                    "provider": row["provider"],
                    **dict.fromkeys(
                        ("count", "total", "paid", "paid_amount", "failed", "pending", "expired", "cancelled"), 0
                    ),
                },
            )["rejected_callbacks"] = row["n"]
    if province:
        for row in out.values():
            row.setdefault("rejected_callbacks", 0)
    return [out[key] for key in sorted(out)]


def callbacks_of(payment: Payment) -> QuerySet[PaymentCallback]:
    return payment.callbacks.order_by("received_at", "id")


def open_obligations(dossier) -> list:
    """What the dossier owes now and has not paid (fees at submission, a status-6 financial obligation):
    `actions.Obligation` items, for the applicant's "pay online" buttons."""
    from motcua.core.errors import ProblemError
    from motcua.payments.actions import obligation_of
    from motcua.payments.constants import Purpose

    owed = []
    for purpose in Purpose:
        try:
            due = obligation_of(dossier, purpose)
        except ProblemError:
            continue
        paid = Payment.objects.filter(
            dossier=dossier, purpose=due.purpose, obligation_seq=due.seq, status=PaymentStatus.PAID
        )
        if not paid.exists():
            owed.append(due)
    return owed


def unpaid_fees(dossier) -> int:
    """The dossier's fees and charges (`submission_fee`: its fee_total) not paid through payments, whatever its
    status (0 when paid or free): what the postman may collect when the result is delivered by post (postal COD).
    A status-6 financial obligation is not included: it is paid before the result."""
    from motcua.payments.constants import Purpose

    amount = int(dossier.fee_total or 0)
    if amount <= 0:
        return 0
    paid = Payment.objects.filter(
        dossier=dossier, purpose=Purpose.SUBMISSION_FEE, obligation_seq=0, status=PaymentStatus.PAID
    )
    return 0 if paid.exists() else amount
