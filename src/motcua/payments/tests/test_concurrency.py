"""Duplicate callbacks at the same moment pay once (conditional UPDATE, no lock): SQLite and PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection
from django.test import Client

from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.payments import actions
from motcua.payments.constants import PaymentStatus, Purpose
from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.models import PaymentCallback
from motcua.payments.tests.conftest import financial_dossier

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_duplicate_callbacks_pay_once(dw):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="simulator"
    )
    body, headers = SimulatorProvider.notification(payment, paid=True)
    senders = 6
    barrier = Barrier(senders)

    def send(_):
        try:
            barrier.wait()
            response = Client().post(
                "/api/v1/payments/callbacks/simulator/", body, content_type="application/json", headers=headers
            )
            return response.status_code, response.json().get("outcome")
        finally:
            connection.close()

    with ThreadPoolExecutor(senders) as pool:
        answers = list(pool.map(send, range(senders)))

    assert sorted(answers) == sorted([(200, "paid")] + [(200, "duplicate")] * (senders - 1))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.version == 2
    assert DossierEvent.objects.filter(dossier=dossier, kind=Action.PAYMENT_DONE).count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING
    assert PaymentCallback.objects.filter(payment=payment).count() == senders
