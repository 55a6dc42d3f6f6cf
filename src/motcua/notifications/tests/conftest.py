"""Notifications tests: the dossier world of dossiers/tests, an applicant with e-mail and phone, and the
simulators recording into a fresh directory."""

import pytest

from motcua.dossiers import actions
from motcua.dossiers.tests.conftest import at, dw  # noqa: F401 (the `dw` fixture, re-exported)
from motcua.notifications.simulator import SimulatorStore

EMAIL = "an.nguyen@example.vn"


@pytest.fixture(autouse=True)
def sim(tmp_path, settings) -> SimulatorStore:
    settings.NOTIFY_SIMULATOR_DIR = str(tmp_path / "simulator")
    settings.NOTIFY_EMAIL_BACKEND = "motcua.notifications.simulator.SimulatorEmailBackend"
    settings.NOTIFY_CHANNELS = "email,sms,zns"
    settings.NOTIFY_ESMS_URL = ""
    settings.NOTIFY_ZNS_URL = ""
    settings.NOTIFY_LANGUAGE = "vi"
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    return SimulatorStore(tmp_path / "simulator")


def receive(dw, *, now=None, **applicant):  # noqa: F811
    """Receive a dossier for an applicant with e-mail and phone (unless overridden)."""
    return actions.receive(
        None,
        actor=dw.desk_a,
        now=now or at("2026-03-10"),
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(**{"email": EMAIL, **applicant}),
    )
