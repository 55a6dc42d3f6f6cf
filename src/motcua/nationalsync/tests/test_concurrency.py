"""Several senders at once keep each dossier's order and push every message once (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from motcua.nationalsync import actions
from motcua.nationalsync.constants import OutboxStatus
from motcua.nationalsync.models import PortalReceipt, SyncMessage
from motcua.nationalsync.tests.conftest import process

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_senders_keep_the_order_and_send_once(dw, portal, monkeypatch):
    monkeypatch.setattr(actions, "enqueue_sending", lambda: None)  # leave the rows for the senders below
    dossiers = [process(dw, dw.receive()) for _ in range(3)]
    total = SyncMessage.objects.count()
    assert total == 3 * 10 and not SyncMessage.objects.exclude(status=OutboxStatus.PENDING).exists()

    workers = 4
    barrier = Barrier(workers)

    def work(_):
        try:
            barrier.wait()
            return actions.send_pending()
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(work, range(workers)))

    assert sum(o.get("sent", 0) for o in outcomes) == total
    accepted = PortalReceipt.objects.filter(accepted=True)
    assert accepted.count() == total  # none twice, none refused (a progress entry before its dossier would be)
    assert accepted.values("request_id").distinct().count() == total
    for dossier in dossiers:
        expected = [str(m.uid) for m in SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part")]
        assert list(accepted.filter(dossier_code=dossier.code).order_by("pk").values_list("request_id", flat=True)) == (
            expected
        )
