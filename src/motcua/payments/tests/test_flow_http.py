"""End to end over HTTP: the payer's steps through Django's test client; the simulated gateway or bank calls our
callback endpoint over real HTTP (the live server), exactly as the real provider would."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent, Pause
from motcua.payments.constants import CallbackOutcome, PaymentStatus
from motcua.payments.models import Payment, PaymentCallback
from motcua.payments.tests.conftest import OBLIGATION, financial_dossier
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def over_http(live_server, simulators):
    simulators.PAYMENTS_CALLBACK_BASE_URL = live_server.url
    return live_server


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _create(client, dossier, provider: str) -> dict:
    response = client.post(
        "/api/v1/payments/",
        {"dossier": dossier.code, "purpose": "financial_obligation", "provider": provider},
        content_type="application/json",
        headers={"Idempotency-Key": f"pay-{dossier.code}-{provider}"},
    )
    assert response.status_code == 201, response.content
    return response.json()


def _assert_resumed(dossier_before: Dossier, payment: Payment) -> None:
    dossier = Dossier.objects.get(pk=dossier_before.pk)
    assert dossier.status == Status.PROCESSING and dossier.paused_since is None
    pause = Pause.objects.get(dossier=dossier, status=Status.FINANCIAL)
    assert pause.ended_at == payment.paid_at
    calendar = compiled_calendar(calendar_for_agency(dossier.handling_agency))
    paused = calendar.working_time_between(pause.started_at, pause.ended_at)
    assert paused > timedelta(0)
    assert dossier.due_at == calendar.add_working_time(dossier_before.due_at, paused)  # appointment pushed
    done = DossierEvent.objects.filter(dossier=dossier, kind=Action.PAYMENT_DONE).get()
    assert done.data["reference"] == payment.reference and done.actor.username == "specialist_a"


def test_the_simulator_pays_and_the_dossier_resumes(dw, client, over_http):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    created = _create(client, dossier, "simulator")
    assert created["status"] == "pending" and created["amount"] == OBLIGATION
    page = client.get(_path(created["redirect_url"]))
    assert page.status_code == 200 and created["reference"].encode() in page.content

    after = client.post(_path(created["redirect_url"]), {"outcome": "pay"})  # the gateway calls us over HTTP

    assert after.status_code == 200
    payment = Payment.objects.get(reference=created["reference"])
    assert payment.status == PaymentStatus.PAID and payment.dossier_resumed
    callback = PaymentCallback.objects.get(payment=payment)
    assert callback.signature_ok and callback.result == CallbackOutcome.PAID
    assert callback.headers["x-simulator-signature"]
    _assert_resumed(dossier, payment)
    status = client.get(f"/api/v1/payments/{payment.reference}/").json()
    assert status["status"] == "paid" and status["dossier_resumed"] is True


def test_the_simulator_can_fail(dw, client, over_http):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    created = _create(client, dossier, "simulator")
    client.post(_path(created["redirect_url"]), {"outcome": "fail"})
    assert Payment.objects.get(reference=created["reference"]).status == PaymentStatus.FAILED
    assert Dossier.objects.get(pk=dossier.pk).status == Status.FINANCIAL  # the clock stays stopped


def test_the_gateway_redirect_is_signed_and_its_ipn_pays(dw, client, over_http):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    created = _create(client, dossier, "napas_gateway")
    url = created["redirect_url"]
    assert "vnp_SecureHash=" in url and f"vnp_Amount={OBLIGATION * 100}" in url
    assert client.get(_path(url)).status_code == 200  # the gateway verified our signature
    assert client.get(_path(url).replace("vnp_Amount=215000000", "vnp_Amount=1")).status_code == 400  # tampered

    back = client.post(_path(url).split("?")[0], _order(url) | {"outcome": "pay"})

    assert back.status_code == 302 and "/payments/return/" in back["Location"]
    payment = Payment.objects.get(reference=created["reference"])
    assert payment.status == PaymentStatus.PAID and payment.provider_txn
    assert PaymentCallback.objects.get(payment=payment).method == "GET"
    _assert_resumed(dossier, payment)
    assert b"paid" in client.get(_path(back["Location"])).content


def test_a_vietqr_transfer_notified_by_the_bank_pays(dw, client, over_http):
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    created = _create(client, dossier, "vietqr")
    assert created["qr_payload"].startswith("000201010212")
    page = client.get(_path(created["redirect_url"]))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    client.post(_path(created["redirect_url"]), {"outcome": "transfer"})  # the simulated bank notifies us
    payment = Payment.objects.get(reference=created["reference"])
    assert payment.status == PaymentStatus.PAID
    _assert_resumed(dossier, payment)


def _order(url: str) -> dict:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(urlsplit(url).query))
