"""Fixtures of the payments tests: the dossier world (`dw`) of the dossiers tests, the simulators on, and
dossiers waiting for their fees or their financial obligation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import at, dw  # noqa: F401 — the shared fixture

OBLIGATION = 2_150_000  # VND: e.g. the registration fee of a land-use right (lệ phí trước bạ)


@pytest.fixture(autouse=True)
def simulators(settings):
    settings.PAYMENTS_SIMULATORS = True
    settings.PAYMENTS_CALLBACK_BASE_URL = ""
    settings.MOTCUA_PUBLIC_BASE_URL = "http://testserver"
    return settings


def financial_dossier(dw, *, amount: int = OBLIGATION, applicant=None) -> Dossier:  # noqa: F811
    """A dossier of agency A received on 10/3/2026, handled by specialist_a, who asks for `amount` on 11/3 at
    9:00: status 6, clock stopped."""
    dossier = dw.receive(now=at("2026-03-10", "08:00"), applicant_user=applicant or dw.citizen)
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), to_user=dw.specialist_a)
    return dossier_actions.require_payment(
        dossier, actor=dw.specialist_a, now=at("2026-03-11", "09:00"), amount=Decimal(amount), reason="Lệ phí"
    )


def fee_dossier(dw, *, fee: int = 50_000) -> Dossier:  # noqa: F811
    """A dossier received on 10/3/2026 with `fee` VND of fees to pay at submission."""
    dossier = dw.receive(now=at("2026-03-10", "08:00"), applicant_user=dw.citizen)
    Dossier.objects.filter(pk=dossier.pk).update(fee_total=Decimal(fee))  # fixture data, not a state change
    dossier.refresh_from_db()
    return dossier
