"""The simulated carrier's page (demo and tests): play the postman for one shipment, and its tracking endpoint.
404 unless POSTAL_SIMULATOR is on. Each button records the step on the carrier's side and sends the signed
webhook to our endpoint over HTTP (unless "lose the webhook" is ticked: then only polling finds it)."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from motcua.postal.base import signature_matches
from motcua.postal.constants import FINAL, ShipmentStatus
from motcua.postal.contrib.simulator.provider import secret, simulator_enabled, tracking_answer
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
        lost = bool(request.POST.get("lose"))
        delivery = registry.get("simulator").notify(
            shipment, status, event_id=request.POST.get("event_id", ""), lose=lost
        )
        shipment.refresh_from_db()
    else:
        lost = False
    steps = [] if shipment.status in FINAL else [(s.value, s.label) for s in STEPS]
    context = {"shipment": shipment, "steps": steps, "delivery": delivery, "lost": lost}
    return render(request, "postal/simulator.html", context)


@require_http_methods(["GET"])
def simulator_track(request, waybill: str):
    """The simulated carrier's tracking query: the item's status history as JSON (request signed)."""
    if not simulator_enabled():
        raise Http404
    if not signature_matches(secret(), waybill.encode(), request.headers.get("X-Simulator-Signature", "")):
        return HttpResponseForbidden()
    return JsonResponse(tracking_answer(waybill))
