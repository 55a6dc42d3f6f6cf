"""The electronic receipt (biên lai điện tử) of a paid payment."""

import shutil
import subprocess

import pytest

from motcua.payments import actions
from motcua.payments.constants import Purpose
from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.receipts import amount_in_words
from motcua.payments.tests.conftest import financial_dossier


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (2_150_000, "Hai triệu một trăm năm mươi nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_015_021, "Một triệu không trăm mười lăm nghìn không trăm hai mươi mốt đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_receipt_pdf_states_the_amount(dw, client):
    dossier = financial_dossier(dw)
    payment = actions.request_payment(
        dossier, actor=dw.citizen, purpose=Purpose.FINANCIAL_OBLIGATION, provider="simulator"
    )
    client.force_login(dw.citizen)
    url = f"/api/v1/payments/{payment.reference}/receipt.pdf"
    assert client.get(url).json()["code"] == "payment_not_paid"
    body, headers = SimulatorProvider.notification(payment, paid=True)
    actions.record_callback("simulator", body, headers)

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ" in text
    assert "2.150.000 đồng" in text and "Hai triệu một trăm năm mươi nghìn đồng" in text
    assert payment.reference in text and dossier.code in text
    client.force_login(dw.stranger)
    assert client.get(url).status_code == 404
