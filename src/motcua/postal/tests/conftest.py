"""Fixtures of the postal tests: the dossier world (`dw`) of the dossiers tests, the postal simulator on, and
dossiers whose applicant chose to receive the result by post."""

from __future__ import annotations

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import at, dw  # noqa: F401 — the shared fixture

BY_POST = {"method": "post", "address": "Số 1, đường Lê Lợi, phường Cao Lãnh, Đồng Tháp"}


@pytest.fixture(autouse=True)
def simulator(settings):
    settings.POSTAL_SIMULATOR = True
    settings.POSTAL_PROVIDER = ""
    settings.POSTAL_CALLBACK_BASE_URL = ""
    settings.MOTCUA_PUBLIC_BASE_URL = "http://testserver"
    return settings


def postal_dossier(dw, **kw) -> Dossier:  # noqa: F811
    """A dossier received by post (channel 3) whose applicant wants the result by post."""
    return dw.receive(channel=Channel.POSTAL, form_data={"delivery": BY_POST}, applicant_user=dw.citizen, **kw)


def process(dw, dossier: Dossier, *, now=None) -> Dossier:  # noqa: F811
    """Take a received dossier through its four steps to "processed" (status 9); the leader finishes."""
    kw = {"now": now} if now else {}
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a, **kw)
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a, **kw)
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a, to_user=dw.leader_a, **kw)
    return dossier_actions.finish(dossier, actor=dw.leader_a, **kw)
