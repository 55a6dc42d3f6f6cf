"""Read queries of dossiers, always scoped to who asks (DESIGN: personal data only to the applicant and to
officers of the agencies holding the dossier)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.permissions import scope_queryset
from motcua.dossiers.models import Dossier, DossierEvent

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


def events_of(dossier: Dossier) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier=dossier).select_related("actor", "step").order_by("seq")
