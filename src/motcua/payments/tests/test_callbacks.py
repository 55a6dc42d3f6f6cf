"""Callbacks: verified, idempotent, amount and reference checked, every one stored."""

import pytest
from django.db import transaction

from motcua.core.errors import ProblemError
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.payments import actions
from motcua.payments.constants import CallbackOutcome, PaymentStatus, Purpose
from motcua.payments.contrib.napas_gateway.provider import NapasGatewayProvider
from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.contrib.vietqr.provider import VietQRProvider
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.tests.conftest import financial_dossier

CALLBACK = "/api/v1/payments/callbacks/{}/"


@pytest.fixture
def payment(dw):
    dossier = financial_dossier(dw)
    return actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="simulator"
    )


def _post(client, body, headers, provider="simulator"):
    return client.post(CALLBACK.format(provider), body, content_type="application/json", headers=headers)


def test_the_same_callback_twice_pays_once(client, payment):
    body, headers = SimulatorProvider.notification(payment, paid=True)
    first, second = _post(client, body, headers), _post(client, body, headers)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.json()["outcome"], second.json()["outcome"]) == ("paid", "duplicate")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.version == 2
    assert DossierEvent.objects.filter(dossier=payment.dossier, kind=Action.PAYMENT_DONE).count() == 1
    assert list(PaymentCallback.objects.order_by("id").values_list("result", flat=True)) == ["paid", "duplicate"]


def test_a_forged_callback_is_rejected_and_stored(client, payment):
    body, _headers = SimulatorProvider.notification(payment, paid=True)
    response = _post(client, body, {"X-Simulator-Signature": "0" * 64})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "payment_signature_invalid"
    unsigned = _post(client, body, {})
    assert unsigned.json()["code"] == "payment_signature_invalid"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    stored = PaymentCallback.objects.filter(result=CallbackOutcome.SIGNATURE_INVALID)
    assert stored.count() == 2 and not stored.filter(signature_ok=True).exists()
    assert stored.first().body == body.decode()
    assert Dossier.objects.get(pk=payment.dossier_id).status == Status.FINANCIAL


def test_a_body_changed_after_signing_is_forged(client, payment):
    body, headers = SimulatorProvider.notification(payment, paid=True)
    tampered = body.replace(str(payment.amount).encode(), b"1")
    assert _post(client, tampered, headers).json()["code"] == "payment_signature_invalid"


def test_a_wrong_amount_is_refused_and_nothing_is_paid(client, payment):
    body, headers = SimulatorProvider.notification(payment, paid=True, amount=payment.amount - 1000)
    response = _post(client, body, headers)
    assert response.status_code == 422 and response.json()["code"] == "payment_amount_mismatch"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.paid_at is None
    assert PaymentCallback.objects.get().result == CallbackOutcome.AMOUNT_MISMATCH
    assert Dossier.objects.get(pk=payment.dossier_id).status == Status.FINANCIAL


def test_an_unknown_reference_is_refused(client, payment):
    payment.reference = "MC260310ZZZZZZZZ"
    body, headers = SimulatorProvider.notification(payment, paid=True)
    response = _post(client, body, headers)
    assert response.status_code == 404 and response.json()["code"] == "payment_not_found"
    assert PaymentCallback.objects.get().result == CallbackOutcome.UNKNOWN_REFERENCE


def test_a_callback_to_another_providers_endpoint_finds_nothing(client, payment, simulators):
    body, headers = VietQRProvider.notification(payment)
    response = _post(client, body, headers, provider="vietqr")
    assert response.json()["code"] == "payment_not_found"  # the reference is the simulator's payment


def test_an_unreadable_callback_is_stored_and_refused(client, payment):
    from motcua.payments.base import hmac_hex
    from motcua.payments.contrib.simulator.provider import secret

    body = b'{"reference": "x"}'
    response = _post(client, body, {"X-Simulator-Signature": hmac_hex(secret(), body)})
    assert response.status_code == 400 and response.json()["code"] == "payment_callback_invalid"
    assert PaymentCallback.objects.get().result == CallbackOutcome.MALFORMED


def test_money_that_arrives_after_a_failure_is_recorded(client, payment):
    failed, headers = SimulatorProvider.notification(payment, paid=False)
    assert _post(client, failed, headers).json()["outcome"] == "failed"
    assert _post(client, failed, headers).json()["outcome"] == "ignored"
    paid, headers = SimulatorProvider.notification(payment, paid=True)
    assert _post(client, paid, headers).json()["status"] == "paid"
    late_failure, headers = SimulatorProvider.notification(payment, paid=False)
    assert _post(client, late_failure, headers).json()["outcome"] == "ignored"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_callbacks_are_append_only(client, payment):
    body, headers = SimulatorProvider.notification(payment, paid=True)
    _post(client, body, headers)
    callback = PaymentCallback.objects.get()
    callback.result = "failed"
    with pytest.raises(ValueError), transaction.atomic():
        callback.save()
    with pytest.raises(ValueError):
        callback.delete()


def test_the_gateway_ipn_answers_in_its_own_codes(dw, client):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="napas_gateway"
    )
    order = NapasGatewayProvider("napas_gateway").params(payment)
    ipn = NapasGatewayProvider.ipn_params(order, paid=True, transaction_no="14831393")
    url = CALLBACK.format("napas_gateway")
    first = client.get(url, ipn)
    assert first.status_code == 200 and first.json()["RspCode"] == "00"
    assert client.get(url, ipn).json()["RspCode"] == "02"  # already confirmed
    forged = client.get(url, ipn | {"vnp_Amount": "100"})
    assert forged.status_code == 400 and forged.json()["RspCode"] == "97"
    assert forged.json()["code"] == "payment_signature_invalid"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.provider_txn == "14831393"


def test_a_vietqr_transfer_of_the_wrong_amount_is_refused(dw, client):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="vietqr"
    )
    body, headers = VietQRProvider.notification(payment, amount=100_000)
    assert _post(client, body, headers, "vietqr").json()["code"] == "payment_amount_mismatch"
    body, headers = VietQRProvider.notification(payment, description=f"chuyen tien {payment.reference.lower()}")
    assert _post(client, body, headers, "vietqr").json()["outcome"] == "paid"


def test_an_obligation_paid_outside_the_dossier_status_does_not_move_it(dw, client, payment):
    from motcua.dossiers import actions as dossier_actions

    dossier_actions.withdraw(payment.dossier, actor=dw.citizen, reason="Không làm nữa")
    body, headers = SimulatorProvider.notification(payment, paid=True)
    assert _post(client, body, headers).json()["status"] == "paid"
    payment.refresh_from_db()
    assert not payment.dossier_resumed
    assert Dossier.objects.get(pk=payment.dossier_id).status == Status.WITHDRAWN


def test_an_unknown_provider_is_404(client):
    response = client.post(CALLBACK.format("nope"), b"{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "payment_provider_unknown"


def test_record_callback_raises_problems(payment):
    body, _headers = SimulatorProvider.notification(payment, paid=True)
    with pytest.raises(ProblemError) as err:
        actions.record_callback("simulator", body, {"X-Simulator-Signature": "bad"})
    assert err.value.code == "payment_signature_invalid" and err.value.status == 400
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_pending_payments_expire_and_late_money_is_still_recorded(client, payment):
    from datetime import timedelta

    assert actions.expire_payments(now=payment.expires_at - timedelta(seconds=1)) == 0
    assert actions.expire_payments(now=payment.expires_at + timedelta(seconds=1)) == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED
    body, headers = SimulatorProvider.notification(payment, paid=True)
    assert _post(client, body, headers).json()["status"] == "paid"


def test_the_obligation_is_recorded_in_the_name_of_an_officer_who_may_record_it(dw):
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.tests.conftest import at

    dossier = dw.receive(now=at("2026-03-10", "08:00"), applicant_user=dw.citizen)
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))  # nobody holds it
    dossier = dossier_actions.require_payment(
        dossier, actor=dw.leader_a, now=at("2026-03-11", "09:00"), amount=100_000, reason="Thuế"
    )
    # the leader asked (and may not record a payment); no holder: the agency's desk officer records it
    assert actions.obligation_officer(dossier) == dw.desk_a
