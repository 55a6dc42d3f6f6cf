"""Many desks receiving at once: every dossier gets a unique code, numbered without gaps."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from motcua.core.errors import ProblemError
from motcua.dossiers.constants import ErrorCode
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import at
from motcua.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_receipts_get_consecutive_codes(dw):
    clients = 8
    barrier = Barrier(clients)

    def receive(_):
        try:
            barrier.wait()
            return dw.receive(now=at("2026-03-10", "09:00")).code
        finally:
            connection.close()

    with ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(receive, range(clients)))
    assert len(set(codes)) == clients
    assert sorted(int(code[-4:]) for code in codes) == list(range(1, clients + 1))
    assert Dossier.objects.count() == clients


def test_a_failed_receipt_gives_its_number_back(dw):
    first = dw.receive().code
    without_process = ProcedureFactory()  # agency A has no process for it: fails after taking number 0002
    with pytest.raises(ProblemError) as err:
        dw.receive(procedure=without_process)
    assert err.value.code == ErrorCode.NO_PROCESS
    second = dw.receive().code
    assert (first[-4:], second[-4:]) == ("0001", "0002")
