"""The simulated carrier's page (demo and tests): play the postman for one shipment. 404 unless
POSTAL_SIMULATOR is on. Each button sends the signed webhook to our endpoint over HTTP."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from motcua.postal.constants import FINAL, ShipmentStatus
from motcua.postal.contrib.simulator.provider import simulator_enabled
from motcua.postal.models import Shipment
from motcua.postal.registry import registry

STEPS = (
    ShipmentStatus.PICKED_UP,
    ShipmentStatus.IN_TRANSIT,
    ShipmentStatus.DELIVERED,
    ShipmentStatus.FAILED,
    ShipmentStatus.RETURNED_TO_SENDER,
)


@require_http_methods(["GET", "POST"])
def simulator(request, reference: str):
    if not simulator_enabled():
        raise Http404
    shipment = get_object_or_404(Shipment.objects.select_related("dossier"), reference=reference, provider="simulator")
    delivery = None
    if request.method == "POST":
        status = request.POST.get("status", "")
        if status not in STEPS or not shipment.waybill:
            return HttpResponseBadRequest()
        delivery = registry.get("simulator").notify(shipment, status, event_id=request.POST.get("event_id", ""))
        shipment.refresh_from_db()
    steps = [] if shipment.status in FINAL else [(s.value, s.label) for s in STEPS]
    return render(request, "postal/simulator.html", {"shipment": shipment, "steps": steps, "delivery": delivery})
