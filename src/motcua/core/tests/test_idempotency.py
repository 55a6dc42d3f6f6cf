"""Idempotency-Key: a retried write is answered from the first run; a reused key with another body is refused."""

import pytest

from motcua.core.errors import ProblemError
from motcua.core.idempotency import run_idempotent
from motcua.core.models import AuditEvent, IdempotencyRecord

pytestmark = pytest.mark.django_db


def _create(stream: str):
    def compute():
        event = AuditEvent.append(stream, kind="created")
        return 201, {"id": event.pk}

    return compute


def test_same_key_and_body_replays_the_first_answer_and_writes_once():
    first = run_idempotent(scope="t", key="k1", owner="u1", body={"a": 1}, compute=_create("x:1"))
    again = run_idempotent(scope="t", key="k1", owner="u1", body={"a": 1}, compute=_create("x:1"))
    assert (first.status, first.replayed) == (201, False)
    assert (again.status, again.body, again.replayed) == (201, first.body, True)
    assert AuditEvent.objects.filter(stream="x:1").count() == 1


def test_same_key_with_another_body_is_422_and_writes_nothing():
    run_idempotent(scope="t", key="k2", owner="u1", body={"a": 1}, compute=_create("x:2"))
    with pytest.raises(ProblemError) as err:
        run_idempotent(scope="t", key="k2", owner="u1", body={"a": 2}, compute=_create("x:2"))
    assert (err.value.code, err.value.status) == ("idempotency_key_reused", 422)
    assert AuditEvent.objects.filter(stream="x:2").count() == 1


def test_keys_are_per_owner():
    run_idempotent(scope="t", key="k3", owner="u1", body={}, compute=_create("x:3"))
    other = run_idempotent(scope="t", key="k3", owner="u2", body={}, compute=_create("x:3"))
    assert other.replayed is False
    assert AuditEvent.objects.filter(stream="x:3").count() == 2


def test_a_failed_write_leaves_no_record_so_the_client_can_retry():
    def boom():
        AuditEvent.append("x:4", kind="created")
        raise ProblemError("bad", "no")

    with pytest.raises(ProblemError):
        run_idempotent(scope="t", key="k4", owner="u1", body={}, compute=boom)
    assert not IdempotencyRecord.objects.filter(key="k4").exists()
    assert not AuditEvent.objects.filter(stream="x:4").exists()
    retry = run_idempotent(scope="t", key="k4", owner="u1", body={}, compute=_create("x:4"))
    assert retry.status == 201 and not retry.replayed


def test_a_refused_answer_is_not_stored():
    outcome = run_idempotent(scope="t", key="k5", owner="u1", body={}, compute=lambda: (400, {"code": "x"}))
    assert outcome.status == 400
    assert not IdempotencyRecord.objects.filter(key="k5").exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "bad\nkey"])
def test_malformed_keys_are_refused(key):
    with pytest.raises(ProblemError) as err:
        run_idempotent(scope="t", key=key, owner="u1", body={}, compute=_create("x:6"))
    assert err.value.code == "idempotency_key_invalid"


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_write_once():
    """Eight clients send the same request at the same moment: one write, eight identical answers."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    barrier = Barrier(8)

    def client(_):
        try:
            barrier.wait()
            outcome = run_idempotent(scope="t", key="race", owner="u1", body={"a": 1}, compute=_create("x:race"))
            return outcome.status, outcome.body
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(client, range(8)))
    assert AuditEvent.objects.filter(stream="x:race").count() == 1
    assert len(set(map(str, answers))) == 1
    assert answers[0][0] == 201
