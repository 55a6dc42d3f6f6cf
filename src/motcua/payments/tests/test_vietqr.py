"""VietQR payloads: EMVCo TLV with the NAPAS template 38, exact against published examples."""

import pytest

from motcua.payments import actions
from motcua.payments.constants import Purpose
from motcua.payments.contrib.vietqr.payload import build_payload, crc16_ccitt_false, crc_ok, parse
from motcua.payments.tests.conftest import financial_dossier

# github.com/subiz/vietqr README: Generate(120000, "970415", "0011001932418", "ủng hộ lũ lụt")
SUBIZ = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)
# github.com/giautm/emvqr-go emvqr_test.go: objects in other orders, CRC over the whole string
GIAUTM = [
    "00020101021262110807tien le38560010A0000007270126000697041501121133666688880208QRIBFTTA5303704540460005802VN"
    "63046893",
    "00020101021138560010A0000007270126000697041501121133666688880208QRIBFTTA54057000153037045802VN6304ED54",
]


def test_it_builds_the_published_example_exactly():
    payload = build_payload(bank_bin="970415", account="0011001932418", amount=120000, purpose="ủng hộ lũ lụt")
    assert payload == SUBIZ


@pytest.mark.parametrize("payload", [SUBIZ, *GIAUTM])
def test_the_crc_matches_published_payloads(payload):
    assert crc16_ccitt_false(payload[:-4]) == payload[-4:]
    assert crc_ok(payload)
    assert not crc_ok(payload.replace("QRIBFTTA", "QRIBFTTC"))


def test_crc_is_ccitt_false():
    assert crc16_ccitt_false("123456789") == "29B1"  # the check value of CRC-16/CCITT-FALSE


def test_a_static_code_has_no_amount():
    payload = build_payload(bank_bin="970415", account="113366668888")
    fields = parse(payload)
    assert fields["01"] == "11" and "54" not in fields and crc_ok(payload)


def test_a_payment_gets_a_dynamic_code_with_amount_and_reference(dw):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="vietqr"
    )
    fields = parse(payment.qr_payload)
    assert fields["00"] == "01" and fields["01"] == "12"
    merchant = parse(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse(merchant["01"]) == {"00": "970405", "01": "7300201000001"}
    assert (fields["53"], fields["54"], fields["58"]) == ("704", "2150000", "VN")
    assert parse(fields["62"]) == {"08": payment.reference}
    assert crc_ok(payment.qr_payload)


def test_the_api_gives_the_payload_and_a_png(dw, client):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="vietqr"
    )
    client.force_login(dw.citizen)
    body = client.get(f"/api/v1/payments/{payment.reference}/vietqr/").json()
    assert body["payload"] == payment.qr_payload and body["bank_bin"] == "970405"
    png = client.get(f"/api/v1/payments/{payment.reference}/vietqr.png")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    client.force_login(dw.stranger)
    assert client.get(f"/api/v1/payments/{payment.reference}/vietqr/").json()["code"] == "payment_not_found"
