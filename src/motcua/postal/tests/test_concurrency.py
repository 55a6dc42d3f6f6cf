"""The same carrier event sent several times at the same moment is applied once (conditional UPDATE, no lock),
and the dossier's result is returned once: SQLite and PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client

from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.postal.constants import Direction, ShipmentStatus, WebhookOutcome
from motcua.postal.contrib.simulator.provider import SimulatorProvider
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.tests.conftest import postal_dossier, process

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_duplicate_deliveries_return_the_result_once(dw):
    dossier = process(dw, postal_dossier(dw))
    delivery = Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)
    body, headers = SimulatorProvider.notification(delivery, "delivered", event_id="EVT-DELIVERED")
    senders = 6
    barrier = Barrier(senders)

    def send(_):
        try:
            barrier.wait()
            response = Client().post(
                "/api/v1/postal/callbacks/simulator/", body, content_type="application/json", headers=headers
            )
            return response.status_code, response.json().get("outcome")
        finally:
            connection.close()

    with ThreadPoolExecutor(senders) as pool:
        answers = list(pool.map(send, range(senders)))

    assert sorted(answers) == sorted([(200, "applied")] + [(200, "duplicate")] * (senders - 1))
    delivery.refresh_from_db()
    assert delivery.status == ShipmentStatus.DELIVERED and delivery.dossier_returned
    assert DossierEvent.objects.filter(dossier=dossier, kind=Action.RETURN_RESULT).count() == 1
    assert DossierEvent.objects.filter(dossier=dossier, kind="postal_delivered").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RETURNED
    assert ShipmentEvent.objects.filter(shipment=delivery, result=WebhookOutcome.APPLIED).count() == 1
    assert ShipmentEvent.objects.filter(shipment=delivery).count() == senders
