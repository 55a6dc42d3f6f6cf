"""Creating payments: who may, for what amount, once per obligation, retried safely."""

import pytest

from motcua.core.plugins import Registry
from motcua.payments import actions
from motcua.payments.constants import PaymentStatus, Purpose
from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.models import Payment
from motcua.payments.registry import registry
from motcua.payments.tests.conftest import OBLIGATION, fee_dossier, financial_dossier

URL = "/api/v1/payments/"


def _create(client, dossier, purpose="financial_obligation", provider="simulator", key=None, **extra):
    headers = {"Idempotency-Key": key} if key else {}
    data = {"dossier": dossier.code, "purpose": purpose, "provider": provider, **extra}
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_the_applicant_and_the_agency_may_create_a_stranger_may_not(dw, client):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    assert _create(client, dossier).status_code == 201
    client.force_login(dw.desk_a)
    assert _create(client, dossier).status_code == 201
    client.force_login(dw.stranger)
    response = _create(client, dossier)
    assert response.status_code == 404 and response.json()["code"] == "dossier_not_found"
    client.force_login(dw.specialist_b)
    assert _create(client, dossier).status_code == 404


def test_a_new_payment_cancels_the_pending_one(dw, client):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    first = _create(client, dossier).json()
    second = _create(client, dossier, provider="vietqr").json()
    assert Payment.objects.get(reference=first["reference"]).status == PaymentStatus.CANCELLED
    assert second["status"] == "pending" and second["amount"] == OBLIGATION


def test_the_idempotency_key_replays_the_first_answer(dw, client):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    first = _create(client, dossier, key="k-1")
    again = _create(client, dossier, key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"] and again["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1
    other = _create(client, dossier, key="k-1", provider="vietqr")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_the_amount_is_the_dossiers(dw, client):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    response = _create(client, dossier, amount=1000)
    assert response.status_code == 422 and response.json()["code"] == "payment_amount_mismatch"
    assert _create(client, dossier, amount=OBLIGATION).status_code == 201


def test_nothing_to_pay_and_already_paid_are_409(dw, client):
    dossier = dw.receive(applicant_user=dw.citizen)  # no fee, no obligation
    client.force_login(dw.citizen)
    assert _create(client, dossier).json()["code"] == "payment_not_payable"
    assert _create(client, dossier, purpose="submission_fee").json()["code"] == "payment_not_payable"
    owed = financial_dossier(dw)
    payment = actions.request_payment(
        owed, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="simulator"
    )
    body, headers = SimulatorProvider.notification(payment, paid=True)
    actions.record_callback("simulator", body, headers)
    response = _create(client, owed)
    assert response.status_code == 409 and response.json()["code"] in ("payment_already_paid", "payment_not_payable")


def test_fees_at_submission_come_from_the_dossiers_fee_total(dw, client):
    dossier = fee_dossier(dw, fee=50_000)
    client.force_login(dw.citizen)
    created = _create(client, dossier, purpose="submission_fee").json()
    assert created["amount"] == 50_000 and created["purpose"] == "submission_fee"
    payment = Payment.objects.get(reference=created["reference"])
    body, headers = SimulatorProvider.notification(payment, paid=True)
    assert actions.record_callback("simulator", body, headers).payment.status == PaymentStatus.PAID
    assert _create(client, dossier, purpose="submission_fee").json()["code"] == "payment_already_paid"


def test_a_disabled_provider_is_refused(dw, client, simulators):
    dossier = financial_dossier(dw)
    simulators.PAYMENTS_SIMULATORS = False  # and nothing configured for VietQR or the gateway
    client.force_login(dw.citizen)
    for provider in ("simulator", "vietqr", "napas_gateway"):
        assert _create(client, dossier, provider=provider).json()["code"] == "payment_provider_disabled"
    assert client.get(URL + "providers/").json() == []


def test_the_providers_are_listed(dw, client):
    client.force_login(dw.citizen)
    ids = {row["id"] for row in client.get(URL + "providers/").json()}
    assert ids == {"simulator", "vietqr", "napas_gateway"}


def test_the_registry_refuses_a_duplicate_id():
    fresh = Registry("payment provider")

    @fresh("demo")
    class Demo(SimulatorProvider):
        pass

    with pytest.raises(ValueError):
        fresh("demo")(Demo)
    assert fresh.get("demo").identifier == "demo" and "demo" in fresh and "demo" not in registry


def test_check_config_names_the_missing_settings(simulators):
    simulators.PAYMENTS_SIMULATORS = False
    problems = " ".join(registry.get("vietqr").check_config() + registry.get("napas_gateway").check_config())
    assert "PAYMENTS_VIETQR_ACCOUNT" in problems and "PAYMENTS_GATEWAY_SECRET" in problems
