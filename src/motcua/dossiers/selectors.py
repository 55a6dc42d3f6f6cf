"""Read queries of dossiers, always scoped to who asks (DESIGN: personal data only to the applicant and to
officers of the agencies holding the dossier)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.permissions import scope_queryset
from motcua.dossiers.constants import OPEN_STATUSES
from motcua.dossiers.models import Dossier, DossierEvent

OVERDUE_EVENT = "overdue"  # written by actions.mark_overdue

_RELATED = ("procedure", "receiving_agency", "handling_agency", "current_step", "holder")


def dossiers_for(user) -> QuerySet[Dossier]:
    """Dossiers `user` may see: their own as applicant; those received or held by their agencies."""
    base = Dossier.objects.select_related(*_RELATED)
    return scope_queryset(user, base, agency_field=("receiving_agency", "handling_agency"), owner_field="applicant")


def dossier_for(user, code: str) -> Dossier | None:
    return dossiers_for(user).filter(code=code).first()


def public_dossier(code: str) -> Dossier | None:
    """A dossier for the public lookup by code: status fields only are shown (see the public serializer)."""
    return (
        Dossier.objects.select_related("procedure", "receiving_agency")
        .only(
            "code",
            "status",
            "channel",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
            "submitted_at",
            "procedure__code",
            "procedure__name",
            "receiving_agency__name",
            "receiving_agency__code",
        )
        .filter(code=code)
        .first()
    )


# What the public lookup shows (the receipt's QR code points there): status and dates, never personal data.
PUBLIC_FIELDS = (
    "code",
    "status",
    "channel",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "procedure__code",
    "procedure__name",
    "receiving_agency__name",
)


def public_status(code: str) -> dict | None:
    """`public_dossier` as plain values, for the public API's hot path: one query on the unique code, without
    model instances, deferred-field bookkeeping or the model's default ordering (a unique lookup needs none)."""
    return next(iter(Dossier.objects.filter(code=code).order_by().values(*PUBLIC_FIELDS)[:1]), None)


def events_of(dossier: Dossier) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor", "step").order_by("seq")


def in_progress(user):
    """Open dossiers (received, processing, waiting for the applicant) that `user` may see."""
    return dossiers_for(user).filter(status__in=OPEN_STATUSES)


def overdue(user, now=None):
    """Open dossiers past their appointment (quá hạn). Paused ones count: the appointment already moved."""
    return in_progress(user).filter(due_at__lt=now or timezone.now()).order_by("due_at")


def due_soon(user, calendar, now=None):
    """Open dossiers whose appointment falls within the calendar's "due soon" working time (sắp đến hạn)."""
    now = now or timezone.now()
    window = timedelta(microseconds=calendar.due_soon_us)
    horizon = calendar.add_working_time(now, window) if window > timedelta(0) else now
    return in_progress(user).filter(due_at__gte=now, due_at__lte=horizon).order_by("due_at")


def lateness_by_holder(agency_ids, since=None, until=None):
    """Overdue marks per (agency, officer) from the events written by the sweep: who held dossiers when they
    went overdue, optionally in [since, until). Rows: {"agency": code, "holder": username or None, "count": n}."""
    events = DossierEvent.objects.filter(kind=OVERDUE_EVENT, dossier__handling_agency__in=agency_ids)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    counts = Counter((e["data"].get("agency"), e["data"].get("holder")) for e in events.values("data"))
    return [{"agency": a, "holder": h, "count": n} for (a, h), n in counts.most_common()]
