"""The daily reconciliation (đối soát): per provider, counts and sums of one day's payments."""

from datetime import timedelta

import pytest

from motcua.accounts.constants import Role
from motcua.core.errors import ProblemError
from motcua.core.testing import make_user
from motcua.dossiers.tests.conftest import at
from motcua.payments import actions
from motcua.payments.constants import Purpose
from motcua.payments.contrib.simulator.provider import SimulatorProvider
from motcua.payments.contrib.vietqr.provider import VietQRProvider
from motcua.payments.selectors import reconciliation
from motcua.payments.tests.conftest import OBLIGATION, fee_dossier, financial_dossier

DAY = at("2026-03-12", "10:00")


def _pay(dw, provider, *, paid, now=DAY, fee=None):
    dossier = fee_dossier(dw, fee=fee) if fee else financial_dossier(dw)
    purpose = Purpose.SUBMISSION_FEE if fee else Purpose.FINANCIAL_OBLIGATION
    payment = actions.request_payment(dossier, actor=dw.citizen, purpose=purpose, provider=provider, now=now)
    if paid is None:
        return payment
    if provider == "vietqr":
        body, headers = VietQRProvider.notification(payment)
    else:
        body, headers = SimulatorProvider.notification(payment, paid=paid)
    actions.record_callback(provider, body, headers, now=now + timedelta(minutes=5))
    return payment


def test_the_report_sums_each_provider(dw, client):
    _pay(dw, "simulator", paid=True)
    _pay(dw, "simulator", paid=False, fee=30_000)
    _pay(dw, "simulator", paid=None, fee=20_000)
    _pay(dw, "vietqr", paid=True, fee=40_000)
    _pay(dw, "simulator", paid=True, now=DAY + timedelta(days=1), fee=99_000)  # another day
    body, _h = SimulatorProvider.notification(_pay(dw, "simulator", paid=None, fee=10_000), paid=True)
    with pytest.raises(ProblemError):  # a forged callback: refused, stored, counted
        actions.record_callback("simulator", body, {"X-Simulator-Signature": "forged"}, now=DAY)

    client.force_login(dw.province_admin)
    response = client.get("/api/v1/payments/reconciliation/", {"date": "2026-03-12"})

    assert response.status_code == 200
    rows = {row["provider"]: row for row in response.json()["providers"]}
    assert rows["simulator"] == {
        "provider": "simulator",
        "count": 4,
        "total": OBLIGATION + 30_000 + 20_000 + 10_000,
        "paid": 1,
        "paid_amount": OBLIGATION,
        "failed": 1,
        "pending": 2,
        "expired": 0,
        "cancelled": 0,
        "rejected_callbacks": 1,
    }
    assert (rows["vietqr"]["count"], rows["vietqr"]["paid_amount"], rows["vietqr"]["failed"]) == (1, 40_000, 0)


def test_only_administrators_see_it_agency_admins_their_agencies(dw, client):
    _pay(dw, "simulator", paid=True)
    for user in (dw.citizen, dw.desk_a, dw.leader_a):
        client.force_login(user)
        response = client.get("/api/v1/payments/reconciliation/", {"date": "2026-03-12"})
        assert response.status_code == 403 and response.json()["code"] == "payment_forbidden"
    admin_a = make_user("admin_a", (dw.agency_a, Role.AGENCY_ADMIN))
    admin_b = make_user("admin_b", (dw.agency_b, Role.AGENCY_ADMIN))
    assert [r["count"] for r in reconciliation(admin_a, DAY.date())] == [1]
    assert "rejected_callbacks" not in reconciliation(admin_a, DAY.date())[0]
    assert reconciliation(admin_b, DAY.date()) == []


def test_a_bad_date_is_a_400(dw, client):
    client.force_login(dw.province_admin)
    response = client.get("/api/v1/payments/reconciliation/", {"date": "12/03/2026"})
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "date"
