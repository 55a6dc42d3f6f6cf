"""Polling over HTTP: the simulated carrier records each step, its webhook may be lost on the way, and
`poll_shipments` asks the carrier's tracking endpoint (real HTTP, the live server) and applies what is new through
the webhooks' code path — a missed webhook is caught up, one already applied changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.postal import actions
from motcua.postal.constants import Direction, ShipmentStatus, WebhookOutcome
from motcua.postal.contrib.simulator.provider import track_signature
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.tests.conftest import postal_dossier, process
from motcua.procedures.tests.factories import FeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def over_http(live_server, simulator):
    simulator.POSTAL_CALLBACK_BASE_URL = live_server.url
    return live_server


def _postman(client, shipment: Shipment, *statuses: str, lose: bool = False) -> Shipment:
    """Play the carrier on the simulator's page; with `lose` the carrier records the step but its webhook never
    reaches us."""
    for status in statuses:
        data = {"status": status, **({"lose": "1"} if lose else {})}
        page = client.post(f"/postal/simulator/{shipment.reference}/", data)
        assert page.status_code == 200, page.content
        assert (b"HTTP 200" in page.content) is not lose, page.content
    return Shipment.objects.get(pk=shipment.pk)


def _delivery(dw) -> Shipment:
    dossier = process(dw, postal_dossier(dw))
    return Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)


def _counts(shipment: Shipment) -> tuple[int, int, int]:
    shipment.refresh_from_db()
    return (
        shipment.version,
        ShipmentEvent.objects.filter(shipment=shipment).count(),
        DossierEvent.objects.filter(dossier_id=shipment.dossier_id).count(),
    )


def test_polling_after_missed_webhooks_delivers_the_result_and_collects_the_fees(dw, client, over_http):
    FeeFactory(procedure=dw.procedure, amount=20_000)  # lệ phí, unpaid: collected on delivery
    delivery = _delivery(dw)
    assert delivery.cod_fees == 20_000 and delivery.cod_amount == 20_000 + delivery.postage_fee
    delivery = _postman(client, delivery, "picked_up")  # this webhook arrives
    delivery = _postman(client, delivery, "in_transit", "delivered", lose=True)  # these are lost
    assert delivery.status == ShipmentStatus.PICKED_UP
    assert Dossier.objects.get(pk=delivery.dossier_id).status == Status.DONE

    call_command("poll_postal_shipments", "--older-than", "0", stdout=(out := io.StringIO()))

    assert out.getvalue().strip() == "polled: 1 applied: 2 failed: 0"
    delivery.refresh_from_db()
    assert delivery.status == ShipmentStatus.DELIVERED and delivery.dossier_returned
    assert delivery.cod_collected == delivery.cod_amount and delivery.cod_collected_at is not None
    dossier = Dossier.objects.get(pk=delivery.dossier_id)
    assert dossier.status == Status.RETURNED
    applied = ShipmentEvent.objects.filter(shipment=delivery, result=WebhookOutcome.APPLIED).order_by("id")
    assert [(e.status, e.source) for e in applied] == [
        ("picked_up", "webhook"),
        ("in_transit", "poll"),
        ("delivered", "poll"),
    ]
    assert applied.last().cod_collected == delivery.cod_amount
    assert not ShipmentEvent.objects.exclude(result=WebhookOutcome.APPLIED).exists()  # nothing stored twice
    timeline = DossierEvent.objects.filter(dossier=dossier, kind="postal_delivered").get()
    assert timeline.data["cod_collected"] == delivery.cod_amount and timeline.data["cod_fees"] == 20_000
    # Final now: the next run does not ask again.
    assert actions.poll_shipments(older_than_minutes=0) == actions.PollReport(0, 0, 0)


def test_polling_after_the_webhooks_were_applied_changes_nothing(dw, client, over_http):
    delivery = _postman(client, _delivery(dw), "picked_up", "in_transit")
    before = _counts(delivery)

    report = actions.poll_shipments(older_than_minutes=0)

    assert report == actions.PollReport(polled=1, applied=0, failed=0)
    assert _counts(delivery) == before  # no duplicate shipment event, no timeline event, no new version
    assert Shipment.objects.get(pk=delivery.pk).polled_at is not None

    delivery = _postman(client, delivery, "delivered")  # the delivered webhook arrives and returns the result
    assert Dossier.objects.get(pk=delivery.dossier_id).status == Status.RETURNED
    before = _counts(delivery)
    assert actions.poll_shipment(delivery.pk) == 0  # a late poll of the whole history: nothing new
    assert _counts(delivery) == before
    assert DossierEvent.objects.filter(dossier_id=delivery.dossier_id, kind="return_result").count() == 1


def test_it_polls_only_items_without_news_and_survives_an_unreachable_carrier(dw, client, over_http, simulator):
    delivery = _postman(client, _delivery(dw), "picked_up", lose=True)
    assert actions.poll_shipments().polled == 0  # news within POSTAL_POLL_AFTER_MINUTES: not asked yet
    simulator.POSTAL_CALLBACK_BASE_URL = "http://127.0.0.1:9"  # nothing listens there

    assert actions.poll_shipments(older_than_minutes=0) == actions.PollReport(polled=1, applied=0, failed=1)

    assert Shipment.objects.get(pk=delivery.pk).status == ShipmentStatus.CREATED
    simulator.POSTAL_CALLBACK_BASE_URL = over_http.url
    # Polled just now: waits its turn unless the interval is 0.
    assert actions.poll_shipments(older_than_minutes=0).applied == 1
    assert Shipment.objects.get(pk=delivery.pk).status == ShipmentStatus.PICKED_UP


def test_the_simulators_tracking_endpoint_answers_only_signed_queries(dw, client, over_http):
    delivery = _postman(client, _delivery(dw), "picked_up", lose=True)
    url = f"/postal/simulator/track/{delivery.waybill}/"
    assert client.get(url).status_code == 403
    assert client.get(url, headers={"X-Simulator-Signature": "0" * 64}).status_code == 403
    answer = client.get(url, headers={"X-Simulator-Signature": track_signature(delivery.waybill)})
    assert answer.status_code == 200
    assert [e["status"] for e in answer.json()["events"]] == ["picked_up"]
