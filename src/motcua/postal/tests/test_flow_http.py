"""End to end over HTTP: the applicant and the desk through Django's test client; the simulated carrier calls our
webhook endpoint over real HTTP (the live server), exactly as the real carrier would."""

from __future__ import annotations

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.postal.base import deliver, webhook_url
from motcua.postal.constants import Direction, ShipmentStatus, WebhookOutcome
from motcua.postal.contrib.simulator.provider import SimulatorProvider
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.tests.conftest import BY_POST, postal_dossier, process

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def over_http(live_server, simulator):
    simulator.POSTAL_CALLBACK_BASE_URL = live_server.url
    return live_server


def _postman(client, shipment: Shipment, *statuses: str, event_id: str = "") -> Shipment:
    """Play the carrier on the simulator's page: each status is a signed webhook sent to us over HTTP."""
    for status in statuses:
        page = client.post(f"/postal/simulator/{shipment.reference}/", {"status": status, "event_id": event_id})
        assert page.status_code == 200, page.content
        assert b"HTTP 200" in page.content, page.content
    return Shipment.objects.get(pk=shipment.pk)


def _kinds(dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("seq").values_list("kind", flat=True))


def test_a_postal_dossier_goes_from_pickup_to_a_delivered_result(dw, client, over_http):
    registered = dossier_actions.submit(
        None,
        actor=dw.citizen,
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
        form_data={"delivery": BY_POST},
    )
    client.force_login(dw.citizen)
    created = client.post(
        "/api/v1/postal/shipments/",
        {"dossier": registered.code, "direction": "pickup", "address": "Số 5, đường Nguyễn Huệ"},
        content_type="application/json",
        headers={"Idempotency-Key": f"pickup-{registered.code}"},
    )
    assert created.status_code == 201, created.content
    pickup = Shipment.objects.get(reference=created.json()["reference"])
    assert pickup.waybill and created.json()["waybill"] == pickup.waybill and pickup.postage_fee > 0
    assert pickup.recipient_name == dw.agency_a.name and pickup.sender_address == "Số 5, đường Nguyễn Huệ"

    pickup = _postman(client, pickup, "picked_up", "in_transit", "delivered")
    assert pickup.status == ShipmentStatus.DELIVERED
    dossier = Dossier.objects.get(pk=registered.pk)
    assert dossier.status == Status.NEW and dossier.received_at is None  # arrival is not receipt: the desk checks
    assert {"postal_ordered", "postal_picked_up", "postal_delivered"} <= set(_kinds(dossier))

    dossier = dossier_actions.receive(dossier, actor=dw.desk_a)  # the clock starts at the desk's receipt
    assert dossier.received_at is not None
    dossier = process(dw, dossier)
    assert dossier.status == Status.DONE
    delivery = Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)  # by the subscriber
    assert delivery.waybill and delivery.recipient_address == BY_POST["address"]
    assert delivery.cod_amount == delivery.postage_fee  # the applicant pays the postage on delivery

    delivery = _postman(client, delivery, "picked_up", "in_transit", "delivered")

    assert delivery.status == ShipmentStatus.DELIVERED and delivery.dossier_returned
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None
    returned = DossierEvent.objects.get(dossier=dossier, kind=Action.RETURN_RESULT)
    # The leader finished it, so the return is recorded in the name of the receiving agency's desk officer.
    assert returned.actor == dw.desk_a and delivery.waybill in returned.data["comment"]
    listing = client.get("/api/v1/postal/shipments/", {"dossier": dossier.code})
    assert listing.status_code == 200
    assert [(s["direction"], s["status"]) for s in listing.json()] == [
        ("pickup", "delivered"),
        ("delivery", "delivered"),
    ]
    detail = client.get(f"/api/v1/postal/shipments/{delivery.waybill}/").json()
    assert [h["status"] for h in detail["history"]] == ["picked_up", "in_transit", "delivered"]


def test_a_failed_delivery_is_returned_to_the_sender(dw, client, over_http, simulator):
    simulator.POSTAL_MAX_DELIVERY_ATTEMPTS = 2
    dossier = process(dw, postal_dossier(dw))
    delivery = Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)
    client.force_login(dw.desk_a)

    delivery = _postman(client, delivery, "picked_up", "in_transit", "failed")
    assert delivery.status == ShipmentStatus.FAILED and delivery.failed_attempts == 1
    delivery = _postman(client, delivery, "in_transit", "failed")  # second attempt fails too

    assert delivery.status == ShipmentStatus.RETURNED_TO_SENDER and delivery.failed_attempts == 2
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == Status.DONE  # the desk hands the result over itself
    assert _kinds(dossier).count("postal_failed") == 2 and "postal_returned" in _kinds(dossier)
    late = _postman(
        client, delivery, "delivered"
    )  # the simulator page no longer offers it; a late push changes nothing
    assert late.status == ShipmentStatus.RETURNED_TO_SENDER
    assert ShipmentEvent.objects.filter(shipment=delivery, result=WebhookOutcome.IGNORED).count() == 1


def test_a_forged_webhook_is_rejected_and_kept(dw, over_http):
    dossier = process(dw, postal_dossier(dw))
    delivery = Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)
    body, headers = SimulatorProvider.notification(delivery, "delivered")
    headers["X-Simulator-Signature"] = "0" * 64

    answer = deliver(webhook_url("simulator"), data=body, headers=headers)

    assert answer.status == 400 and '"postal_signature_invalid"' in answer.body
    stored = ShipmentEvent.objects.get()
    assert not stored.signature_ok and stored.result == WebhookOutcome.SIGNATURE_INVALID and stored.body
    assert Shipment.objects.get(pk=delivery.pk).status == ShipmentStatus.CREATED
    assert Dossier.objects.get(pk=dossier.pk).status == Status.DONE


def test_the_same_webhook_twice_is_applied_once(dw, over_http):
    dossier = process(dw, postal_dossier(dw))
    delivery = Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)
    body, headers = SimulatorProvider.notification(delivery, "picked_up", event_id="EVT-1")

    first = deliver(webhook_url("simulator"), data=body, headers=headers)
    again = deliver(webhook_url("simulator"), data=body, headers=headers)

    assert first.status == 200 and '"applied"' in first.body
    assert again.status == 200 and '"duplicate"' in again.body
    assert ShipmentEvent.objects.filter(result=WebhookOutcome.APPLIED).count() == 1
    assert Shipment.objects.get(pk=delivery.pk).version == 3  # created 1, ordered 2, picked up 3
    assert _kinds(dossier).count("postal_picked_up") == 1
