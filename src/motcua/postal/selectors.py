"""Read queries of postal, scoped to who asks (the applicant; officers of the agencies holding the dossier)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_for
from motcua.postal.constants import WebhookOutcome
from motcua.postal.models import Shipment, ShipmentEvent


def shipments_for(dossier: Dossier) -> QuerySet[Shipment]:
    """The shipments of a dossier the caller already may see (e.g. from `dossier_for`), oldest first: what the
    portal and the desk show next to the dossier (waybill, direction, status)."""
    return Shipment.objects.filter(dossier=dossier).order_by("created_at", "id")


def visible_shipments(user) -> QuerySet[Shipment]:
    return Shipment.objects.filter(dossier__in=dossiers_for(user).values("pk")).select_related("dossier")


def shipment_for(user, reference: str) -> Shipment | None:
    """A shipment by our reference or by its waybill, if `user` may see its dossier."""
    shipments = visible_shipments(user)
    return shipments.filter(reference=reference).first() or shipments.filter(waybill=reference).first()


def history_of(shipment: Shipment) -> QuerySet[ShipmentEvent]:
    """The carrier events applied to a shipment, in order (the tracking history)."""
    return shipment.events.filter(result=WebhookOutcome.APPLIED).order_by("received_at", "id")
