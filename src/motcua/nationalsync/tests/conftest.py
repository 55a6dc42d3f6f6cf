"""Fixtures: the dossier world (`dw`) of the dossiers tests, the sync on and, for the HTTP tests, the
connector pointed at the simulated portal served by the live server."""

from __future__ import annotations

import pytest

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.tests.conftest import at, dw  # noqa: F401 — the shared fixtures


@pytest.fixture(autouse=True)
def sync_on(settings):
    settings.NATIONALSYNC_ENABLED = True
    settings.NATIONALSYNC_SIMULATOR = True
    settings.NATIONALSYNC_MAX_EVENT_AGE_HOURS = 0  # the world's clock is in March 2026
    settings.NATIONALSYNC_MAX_ATTEMPTS = 3
    settings.NATIONALSYNC_USERNAME = "tinh82"
    settings.NATIONALSYNC_PASSWORD = "mat-khau-thu"
    settings.NATIONALSYNC_AGENCY_CODE = "000.00.00.H20"
    settings.NATIONALSYNC_URL = "http://127.0.0.1:9/unreachable"  # unit tests never reach a portal
    settings.NATIONALSYNC_AUTH_URL = "http://127.0.0.1:9/unreachable"
    return settings


@pytest.fixture
def portal(live_server, sync_on):
    """The simulated national portal, over real HTTP."""
    sync_on.NATIONALSYNC_URL = f"{live_server.url}/nationalsync/simulator/sync"
    sync_on.NATIONALSYNC_AUTH_URL = f"{live_server.url}/nationalsync/simulator/session"
    return live_server


def process(dw, dossier):  # noqa: F811
    """Received → processing → two forwards → finished → result returned (five more events)."""
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a)
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a, to_user=dw.leader_a)
    dossier = dossier_actions.finish(dossier, actor=dw.leader_a)
    return dossier_actions.return_result(dossier, actor=dw.desk_a)
