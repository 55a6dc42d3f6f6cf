"""Several workers emptying the outbox at once never send the same row twice (SQLite and PostgreSQL)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from motcua.notifications import delivery, outbox, simulator
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.notifications.tests.conftest import at, receive

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_workers_never_send_the_same_row_twice(dw, sim, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue_delivery", lambda: None)  # leave the rows for the workers below
    for day in range(10, 14):
        receive(dw, now=at(f"2026-03-{day}"))
    assert OutboxMessage.objects.count() == 12

    sends: Counter = Counter()
    lock = threading.Lock()
    record = simulator.SimulatorStore.record

    def counting_record(self, provider, message_id, entry):
        with lock:
            sends[message_id] += 1  # every request reaching a provider, duplicates included
        return record(self, provider, message_id, entry)

    monkeypatch.setattr(simulator.SimulatorStore, "record", counting_record)
    workers = 4
    barrier = Barrier(workers)

    def work(_):
        try:
            barrier.wait()
            return delivery.deliver_pending()
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(work, range(workers)))

    assert sum(o.get("sent", 0) for o in outcomes) == 12
    assert sum(o.get("skipped", 0) for o in outcomes) > 0  # the workers did contend for rows
    assert set(sends.values()) == {1} and len(sends) == 12  # each message reached its provider once
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}
