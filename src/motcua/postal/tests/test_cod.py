"""Cash on delivery of the fees (Decision 45/2016/QĐ-TTg art. 11: fees may be paid to the public postal company):
what the postman collects when the result is delivered by post, and what is never collected that way."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Channel
from motcua.payments import actions as payment_actions
from motcua.payments.constants import Purpose
from motcua.payments.contrib.simulator.provider import SimulatorProvider as PaymentSimulator
from motcua.postal import actions
from motcua.postal.base import hmac_hex
from motcua.postal.constants import Direction
from motcua.postal.contrib.vnpost import provider as vnpost
from motcua.postal.models import Shipment
from motcua.postal.tests.conftest import BY_POST, postal_dossier, process
from motcua.procedures.models import Procedure
from motcua.procedures.tests.factories import FeeFactory

pytestmark = pytest.mark.django_db

FEE = 20_000
POSTAGE = 25_000  # the simulator's flat demo postage


@pytest.fixture(autouse=True)
def with_fee(dw, settings):
    settings.PAYMENTS_SIMULATORS = True
    settings.PAYMENTS_CALLBACK_BASE_URL = ""
    FeeFactory(procedure=dw.procedure, amount=FEE)


def _delivery(dossier) -> Shipment:
    return Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)


def _shipped(dw, capture, **kw) -> Shipment:
    with capture(execute=True):
        dossier = process(dw, postal_dossier(dw, **kw))
    return Shipment.objects.get(dossier=dossier, direction=Direction.DELIVERY)


def test_the_postman_collects_the_unpaid_fees_and_the_postage(dw, django_capture_on_commit_callbacks):
    delivery = _shipped(dw, django_capture_on_commit_callbacks)
    assert (delivery.cod_fees, delivery.postage_fee, delivery.cod_amount) == (FEE, POSTAGE, FEE + POSTAGE)
    assert vnpost.order_request(delivery)["CodAmount"] == FEE  # the carrier is told what to collect


def test_no_fees_are_collected_where_the_procedure_does_not_allow_postal_return(
    dw, settings, django_capture_on_commit_callbacks
):
    Procedure.objects.filter(pk=dw.procedure.pk).update(postal_allowed=False)
    delivery = _shipped(dw, django_capture_on_commit_callbacks)
    assert (delivery.cod_fees, delivery.cod_amount) == (0, POSTAGE)
    settings.POSTAL_COD_POSTAGE = False
    assert actions.fees_on_delivery(delivery.dossier) == 0


def test_fees_paid_online_or_at_the_counter_are_not_collected_again(dw, django_capture_on_commit_callbacks):
    paid_online = postal_dossier(dw)
    payment = payment_actions.request_payment(
        paid_online, actor=dw.citizen, purpose=Purpose.SUBMISSION_FEE, provider="simulator"
    )
    body, headers = PaymentSimulator.notification(payment, paid=True)
    payment_actions.record_callback("simulator", body, headers)
    with django_capture_on_commit_callbacks(execute=True):
        process(dw, paid_online)
    assert _delivery(paid_online).cod_fees == 0

    # Received at the counter (channel 1): the fees were paid there in cash.
    counter = dw.receive(channel=Channel.IN_PERSON, form_data={"delivery": BY_POST}, applicant_user=dw.citizen)
    assert counter.fee_total == FEE and actions.fees_on_delivery(counter) == 0


def test_a_financial_obligation_is_never_collected_on_delivery(dw, django_capture_on_commit_callbacks):
    dossier = postal_dossier(dw)
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
    dossier = dossier_actions.require_payment(dossier, actor=dw.specialist_a, amount=Decimal(2_150_000))
    dossier = dossier_actions.payment_done(dossier, actor=dw.specialist_a, reference="BIÊN LAI 1")
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_actions.finish(
            dossier_actions.forward(dossier, actor=dw.specialist_a, to_user=dw.leader_a), actor=dw.leader_a
        )
    assert _delivery(dossier).cod_fees == FEE  # the fees only, not the 2,150,000 obligation


def test_a_delivered_push_with_cash_collected_is_recorded(dw, settings, django_capture_on_commit_callbacks):
    delivery = _shipped(dw, django_capture_on_commit_callbacks)
    Shipment.objects.filter(pk=delivery.pk).update(provider="vnpost")
    settings.POSTAL_VNPOST_WEBHOOK_SECRET = "s"
    body = json.dumps({"ItemCode": delivery.waybill, "OrderStatusId": 14, "Id": "V1", "CodAmount": 45000}).encode()

    recorded = actions.record_webhook("vnpost", body, {"X-VNPost-Signature": hmac_hex("s", body)})

    assert recorded.event.cod_collected == 45_000
    delivery.refresh_from_db()
    assert delivery.cod_collected == 45_000 and delivery.dossier_returned
