"""End to end over HTTP: dossier actions write the outbox, the sender (run by the task on commit) pushes it to
the simulated national portal served by the live server; failures are retried in order, a message that keeps
failing becomes a dead letter, and the administrator's "retry" sends it and the ones it held back."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.models import DossierEvent
from motcua.nationalsync import actions
from motcua.nationalsync.constants import OutboxStatus, SyncService
from motcua.nationalsync.models import PortalReceipt, SyncMessage
from motcua.nationalsync.tests.conftest import process

pytestmark = pytest.mark.django_db(transaction=True)


def _control(portal, **body) -> dict:
    request = urllib.request.Request(
        f"{portal.url}/nationalsync/simulator/control",
        data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json"},
        method="POST" if body else "GET",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _accepted(code: str) -> list[tuple[str, str]]:
    """(service, status) of what the portal accepted for the dossier, in arrival order."""
    rows = PortalReceipt.objects.filter(dossier_code=code, accepted=True).order_by("pk")
    return [(r.service, r.body["data"][0].get("TrangThaiHoSo") or r.body["data"][0].get("TrangThai")) for r in rows]


def _expected(dossier) -> list[tuple[str, str]]:
    rows = SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part")
    return [(r.service, r.payload.get("TrangThaiHoSo") or r.payload.get("TrangThai")) for r in rows]


def test_every_event_of_a_dossier_reaches_the_portal_in_order(dw, portal):
    dossier = process(dw, dw.receive())

    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq").values_list("to_status", flat=True))
    assert SyncMessage.objects.filter(dossier=dossier).exclude(status=OutboxStatus.SENT).count() == 0
    received = _accepted(dossier.code)
    assert received == _expected(dossier)
    progress = [status for service, status in received if service == SyncService.PROGRESS]
    assert progress == [str(s) for s in events] == ["2", "4", "4", "4", "9", "10"]
    first = PortalReceipt.objects.filter(dossier_code=dossier.code).order_by("pk").first()
    assert first.body["service"] == "DongBoHoSoMC" and first.body["isUpdating"] == "False"
    assert first.body["madonvi"] == "000.00.00.H20" and "session" not in first.body  # the session is not kept
    assert _control(portal)["received"][-1]["MaHoSo"] == dossier.code


def test_a_failure_is_retried_and_holds_back_the_later_events(dw, portal):
    dossier = dw.receive()
    _control(portal, fail_next=1)
    dossier = process(dw, dossier)  # the first push of "assign" fails; the later events wait behind it

    held = list(SyncMessage.objects.filter(dossier=dossier).exclude(status=OutboxStatus.SENT).order_by("seq", "part"))
    assert len(held) == len(_expected(dossier)) - 2  # only the receipt's two messages went through
    head = held[0]
    assert head.status == OutboxStatus.FAILED and head.attempts == 1 and "503" in head.last_error
    assert {m.status for m in held[1:]} == {OutboxStatus.PENDING} and all(m.attempts == 0 for m in held[1:])
    assert PortalReceipt.objects.filter(accepted=False).count() == 1

    outcome = actions.send_pending(now=timezone.now() + timedelta(hours=2))  # the retry schedule comes round

    assert outcome == {"sent": len(held)}
    assert _accepted(dossier.code) == _expected(dossier)
    assert SyncMessage.objects.get(pk=head.pk).attempts == 2


def test_a_dead_letter_is_listed_for_the_administrator_and_resent_by_retry(dw, portal, client, settings):
    settings.NATIONALSYNC_MAX_ATTEMPTS = 2
    _control(portal, fail_next=5)
    dossier = dw.receive()
    first = SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part").first()
    assert first.status == OutboxStatus.FAILED

    assert actions.send_pending(now=timezone.now() + timedelta(hours=2)) == {"dead": 1}
    assert SyncMessage.objects.get(pk=first.pk).status == OutboxStatus.DEAD
    assert actions.send_pending(now=timezone.now() + timedelta(days=2)) == {"held": 1}  # the dossier waits
    assert _accepted(dossier.code) == []

    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri")
    client.force_login(admin)
    listing = client.get("/admin/nationalsync/syncmessage/", {"status__exact": "dead"})
    assert listing.status_code == 200 and dossier.code.encode() in listing.content
    _control(portal, fail_next=0)  # the portal is back
    answer = client.post(
        "/admin/nationalsync/syncmessage/",
        {"action": "retry_messages", "_selected_action": [first.pk], "index": 0},
        follow=True,
    )

    assert answer.status_code == 200
    assert SyncMessage.objects.filter(dossier=dossier).exclude(status=OutboxStatus.SENT).count() == 0
    assert _accepted(dossier.code) == _expected(dossier)


def test_the_portal_refuses_a_wrong_session_and_a_progress_entry_for_an_unknown_dossier(portal):
    body = {"session": "forged", "service": "CapNhatTienDoHoSoMC", "data": [{"MaHoSo": "X"}]}
    request = urllib.request.Request(
        f"{portal.url}/nationalsync/simulator/sync", data=json.dumps(body).encode(), method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401

    from motcua.nationalsync import simulator

    body["session"] = simulator.open_session("tinh82", "mat-khau-thu")
    body["data"] = [{"MaHoSo": "000.00.01.T99-260310-0001", "ThoiDiemXuLy": "20260310080000", "TrangThai": "2"}]
    answer = simulator.receive(body, "")
    assert answer.status == 400 and "chưa được đồng bộ" in answer.message
