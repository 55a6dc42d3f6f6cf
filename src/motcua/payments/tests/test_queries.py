"""Query budgets (DESIGN: keep a create under ~10 queries; count them)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import financial_dossier


def test_query_counts_of_create_and_callback(dw, client):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    with CaptureQueriesContext(connection) as create:
        response = client.post(
            "/api/v1/payments/",
            {"dossier": dossier.code, "purpose": "financial_obligation", "provider": "simulator"},
            content_type="application/json",
        )
    assert response.status_code == 201
    payment = Payment.objects.get()
    body, headers = SimulatorProvider.notification(payment, paid=True)
    with CaptureQueriesContext(connection) as callback:
        client.post("/api/v1/payments/callbacks/simulator/", body, content_type="application/json", headers=headers)
    with CaptureQueriesContext(connection) as duplicate:
        client.post("/api/v1/payments/callbacks/simulator/", body, content_type="application/json", headers=headers)
    print(f"\ncreate={len(create)} paid_callback={len(callback)} duplicate_callback={len(duplicate)}")
    # Budgets with headroom: the paid callback includes the dossier's payment_done action (its guard and event).
    assert len(create) <= 20 and len(duplicate) <= 6 and len(callback) <= 40
