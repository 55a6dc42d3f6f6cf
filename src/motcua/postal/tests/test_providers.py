"""The providers without the network: S10 item codes, the forward-only status rule, the VNPost mapping."""

from __future__ import annotations

import json

import pytest

from motcua.postal.base import CallbackMalformed, OrderRefused, SignatureInvalid, TrackingFailed, hmac_hex
from motcua.postal.constants import ShipmentStatus as S
from motcua.postal.constants import moves_forward
from motcua.postal.contrib.simulator.provider import s10_check_digit, s10_code
from motcua.postal.contrib.vnpost import provider as vnpost
from motcua.postal.registry import registry


def test_it_computes_the_s10_check_digit():
    assert s10_check_digit("12345678") == 5  # UPU S10 worked example: RB 12345678 5 GB
    code = s10_code()
    assert code[:2] == "EB" and code[-2:] == "VN" and int(code[10]) == s10_check_digit(code[2:10])


@pytest.mark.parametrize(
    ("current", "new", "ok"),
    [
        (S.CREATED, S.PICKED_UP, True),
        (S.PICKED_UP, S.CREATED, False),
        (S.IN_TRANSIT, S.PICKED_UP, False),
        (S.IN_TRANSIT, S.FAILED, True),
        (S.FAILED, S.IN_TRANSIT, True),
        (S.FAILED, S.FAILED, True),
        (S.FAILED, S.DELIVERED, True),
        (S.DELIVERED, S.FAILED, False),
        (S.DELIVERED, S.DELIVERED, False),
        (S.RETURNED_TO_SENDER, S.DELIVERED, False),
        (S.CREATED, S.RETURNED_TO_SENDER, True),
    ],
)
def test_statuses_only_move_forward(current, new, ok):
    assert moves_forward(current, new) is ok


def test_vnpost_is_off_until_configured(settings):
    settings.POSTAL_VNPOST_USERNAME = ""
    assert not registry.get("vnpost").is_enabled() and registry.get("vnpost").check_config()
    settings.POSTAL_VNPOST_USERNAME, settings.POSTAL_VNPOST_PASSWORD = "u", "p"
    settings.POSTAL_VNPOST_WEBHOOK_SECRET = "s"
    assert registry.get("vnpost").is_enabled() and registry.get("vnpost").check_config() == []


def test_vnpost_reads_orders_and_status_pushes(settings):
    assert vnpost.read_order_response({"ItemCode": "EB123456785VN", "TotalFee": "27500"}).postage_fee == 27500
    with pytest.raises(OrderRefused):
        vnpost.read_order_response({"Message": "Địa chỉ không hợp lệ"})
    push = vnpost.read_status_push({"ItemCode": "EB123456785VN", "OrderStatusId": 14, "StatusDate": "2026-03-12T10:00"})
    assert (push.waybill, push.status, push.carrier_status) == ("EB123456785VN", S.DELIVERED, "14")
    assert vnpost.read_status_push({"ItemCode": "EB1", "OrderStatusId": 3}).status == ""  # not tracked: no change
    settings.POSTAL_VNPOST_WEBHOOK_SECRET = "secret"
    body = json.dumps({"ItemCode": "EB123456785VN", "OrderStatusId": 15}).encode()
    provider = registry.get("vnpost")
    assert provider.verify_webhook(body, {"x-vnpost-signature": hmac_hex("secret", body)}).status == S.FAILED
    with pytest.raises(SignatureInvalid):
        provider.verify_webhook(body, {"x-vnpost-signature": hmac_hex("other", body)})
    with pytest.raises(CallbackMalformed):
        provider.verify_webhook(b"{}", {"x-vnpost-signature": hmac_hex("secret", b"{}")})


def test_vnpost_reads_a_tracking_answer(settings):
    answer = {
        "Data": [
            {"Id": "A1", "OrderStatusId": 6, "StatusDate": "2026-03-12T08:00"},
            {"Id": "A2", "OrderStatusId": 3},  # a code we do not track: read, changes nothing
            {"Id": "A3", "OrderStatusId": 14, "StatusDate": "2026-03-12T15:00", "CodAmount": "45000"},
        ]
    }
    updates = vnpost.read_tracking_response("EB123456785VN", answer)
    assert [(u.event_id, u.status, u.cod_collected) for u in updates] == [
        ("A1", S.PICKED_UP, 0),
        ("A2", "", 0),
        ("A3", S.DELIVERED, 45000),
    ]
    assert updates[0].waybill == "EB123456785VN"
    assert vnpost.read_tracking_response("EB1", [{"OrderStatusId": 15}])[0].status == S.FAILED
    for unreadable in ({"Message": "Không tìm thấy"}, [1], [{"Id": "x"}], [{"OrderStatusId": 14, "CodAmount": "x"}]):
        with pytest.raises(TrackingFailed):
            vnpost.read_tracking_response("EB1", unreadable)
    push = vnpost.read_status_push({"ItemCode": "EB1", "OrderStatusId": 15, "CodAmount": 45000})
    assert push.cod_collected == 0  # cash is collected only on a successful delivery
