"""The API: who may create and see shipments, idempotent creation, and the rules of each direction."""

from __future__ import annotations

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Status
from motcua.notifications.models import OutboxMessage
from motcua.postal import actions
from motcua.postal.constants import Direction, ShipmentStatus
from motcua.postal.models import Shipment
from motcua.postal.selectors import shipments_for
from motcua.postal.tests.conftest import postal_dossier, process

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(dw, django_capture_on_commit_callbacks, settings):
    """A processed postal dossier whose result the subscriber sent by post (the order placed on commit)."""
    settings.NOTIFY_CHANNELS = "sms"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = process(dw, postal_dossier(dw))
    return dossier, Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)


def test_it_ships_the_result_when_the_applicant_chose_post(shipped):
    dossier, delivery = shipped
    assert delivery.waybill.startswith("EB") and delivery.waybill.endswith("VN") and len(delivery.waybill) == 13
    assert delivery.status == ShipmentStatus.CREATED and delivery.ordered_at is not None
    assert list(shipments_for(dossier)) == [delivery]
    shipped_msg = OutboxMessage.objects.get(dossier=dossier, key="shipped", channel="sms")  # to the applicant's phone
    assert delivery.waybill in shipped_msg.body and shipped_msg.event.kind == "postal_ordered"


def test_it_does_not_ship_a_result_collected_at_the_desk(dw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = process(dw, dw.receive(applicant_user=dw.citizen))
    assert dossier.status == Status.DONE and not Shipment.objects.exists()


def test_the_applicant_and_the_agency_see_the_shipment_a_stranger_does_not(dw, client, shipped):
    dossier, delivery = shipped
    for user, status in ((dw.citizen, 200), (dw.desk_a, 200), (dw.stranger, 404), (dw.desk_b, 404)):
        client.force_login(user)
        listing = client.get("/api/v1/postal/shipments/", {"dossier": dossier.code})
        detail = client.get(f"/api/v1/postal/shipments/{delivery.reference}/")
        by_waybill = client.get(f"/api/v1/postal/shipments/{delivery.waybill}/")
        assert (listing.status_code, detail.status_code, by_waybill.status_code) == (status, status, status), user
        if status == 200:
            assert listing.json()[0]["waybill"] == delivery.waybill
        else:
            assert detail.json()["code"] == "postal_shipment_not_found"
            assert listing.json()["code"] == "dossier_not_found"
    client.logout()
    assert client.get(f"/api/v1/postal/shipments/{delivery.reference}/").status_code in (401, 403)


def test_only_the_receiving_desk_sends_a_result_and_only_once(dw, client):
    dossier = process(dw, dw.receive(applicant_user=dw.citizen))  # chose the desk: nothing shipped yet
    body = {"dossier": dossier.code, "direction": "delivery", "address": "Ấp 3, xã Mỹ Hiệp"}
    client.force_login(dw.citizen)
    refused = client.post("/api/v1/postal/shipments/", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "postal_forbidden"

    client.force_login(dw.desk_a)
    headers = {"Idempotency-Key": "deliver-1"}
    first = client.post("/api/v1/postal/shipments/", body, content_type="application/json", headers=headers)
    replay = client.post("/api/v1/postal/shipments/", body, content_type="application/json", headers=headers)
    again = client.post("/api/v1/postal/shipments/", body, content_type="application/json")

    assert first.status_code == 201 and first.json()["waybill"]
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert again.status_code == 409 and again.json()["code"] == "postal_already_shipped"
    assert Shipment.objects.count() == 1


def test_a_result_is_not_sent_before_it_exists_nor_a_pickup_after_receipt(dw, client):
    dossier = dw.receive(applicant_user=dw.citizen)
    client.force_login(dw.desk_a)
    delivery = client.post(
        "/api/v1/postal/shipments/",
        {"dossier": dossier.code, "direction": "delivery", "address": "x"},
        content_type="application/json",
    )
    pickup = client.post(
        "/api/v1/postal/shipments/",
        {"dossier": dossier.code, "direction": "pickup", "address": "x"},
        content_type="application/json",
    )
    assert delivery.status_code == 409 and delivery.json()["code"] == "postal_not_allowed"
    assert pickup.status_code == 409 and pickup.json()["code"] == "postal_not_allowed"


def test_a_bad_request_gets_a_problem(dw, client):
    client.force_login(dw.desk_a)
    bad = client.post("/api/v1/postal/shipments/", {"direction": "sideways"}, content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert {p["name"] for p in bad.json()["invalid_params"]} == {"dossier", "direction"}
    unknown = client.post("/api/v1/postal/callbacks/nosuch/", b"{}", content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "postal_provider_unknown"


def test_a_refused_order_waits_for_a_retry(dw, monkeypatch):
    from motcua.postal.base import OrderRefused
    from motcua.postal.contrib.simulator.provider import SimulatorProvider

    dossier = postal_dossier(dw)

    def refuse(self, shipment):
        raise OrderRefused("address not served")

    monkeypatch.setattr(SimulatorProvider, "place_order", refuse)
    dossier = process(dw, dossier)  # the subscriber creates the shipment; its order fails
    shipment = actions.place_order(Shipment.objects.get(dossier=dossier).pk)
    assert shipment.waybill is None and shipment.order_error == "address not served"
    monkeypatch.undo()
    assert actions.place_pending_orders() == 1
    assert Shipment.objects.get(pk=shipment.pk).waybill


def test_a_stranger_cannot_order_a_pickup_for_someone_elses_dossier(dw, client):
    registered = dossier_actions.submit(
        None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    client.force_login(dw.stranger)
    answer = client.post(
        "/api/v1/postal/shipments/",
        {"dossier": registered.code, "direction": "pickup", "address": "Số 5"},
        content_type="application/json",
    )
    assert answer.status_code == 404 and answer.json()["code"] == "dossier_not_found"
    assert not Shipment.objects.exists()
