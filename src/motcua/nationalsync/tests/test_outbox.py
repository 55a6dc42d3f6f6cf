"""The outbox is written with the dossier event, once, in order; the sender keeps each dossier's order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Status
from motcua.dossiers.models import DossierEvent
from motcua.nationalsync import actions
from motcua.nationalsync.constants import OutboxStatus, SyncService
from motcua.nationalsync.models import SyncMessage


def test_each_event_queues_its_messages_with_the_state_of_that_moment(dw):
    dossier = dw.receive()
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
    dossier = dossier_actions.forward(dossier, actor=dw.specialist_a)  # no status change: progress only

    rows = list(SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part"))
    assert [(r.seq, r.service, r.is_update) for r in rows] == [
        (1, SyncService.DOSSIER, False),
        (1, SyncService.PROGRESS, False),
        (2, SyncService.DOSSIER, True),
        (2, SyncService.PROGRESS, False),
        (3, SyncService.PROGRESS, False),
    ]
    first, _p1, second, _p2, third = rows
    assert first.payload["MaHoSo"] == dossier.code and first.payload["MaTTHC"] == dw.procedure.code
    assert first.payload["TrangThaiHoSo"] == "2" and second.payload["TrangThaiHoSo"] == "4"  # as it was then
    assert first.payload["NgayHenTra"] == dossier.due_at.astimezone(timezone.get_fixed_timezone(420)).strftime(
        "%Y%m%d%H%M%S"
    )
    assert first.payload["NgayTiepNhan"] == "20260310080000" and first.payload["LoaiDoiTuong"] == "1"
    assert third.payload["TrangThai"] == str(Status.PROCESSING) and third.payload["NguoiXuLy"]
    assert {r.status for r in rows} == {OutboxStatus.PENDING}  # nothing leaves before the commit


def test_a_rolled_back_action_leaves_no_message(dw):
    dossier = dw.receive()
    before = SyncMessage.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
        assert SyncMessage.objects.count() > before  # written in the action's transaction…
        raise RuntimeError
    assert SyncMessage.objects.count() == before  # …and gone with it


def test_the_same_event_is_queued_once(dw):
    dossier = dw.receive()
    event = DossierEvent.objects.get(dossier=dossier, seq=1)
    actions.on_dossier_event(dossier, event)  # a subscriber called twice for one event
    assert SyncMessage.objects.filter(event=event).count() == 2


def test_a_later_message_is_never_sent_before_an_earlier_one(dw, settings):
    dossier = dw.receive()
    dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
    later = SyncMessage.objects.filter(dossier=dossier).order_by("-seq", "-part").first()
    SyncMessage.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() - timedelta(days=1))

    assert actions.send_one(later.pk, now=timezone.now()) == "skipped"  # due, but earlier ones are unsent
    assert SyncMessage.objects.get(pk=later.pk).attempts == 0


def test_back_dated_history_is_not_queued(dw, settings):
    settings.NATIONALSYNC_MAX_EVENT_AGE_HOURS = 24
    dw.receive()  # dated 10 March 2026: an import of history, not news
    assert not SyncMessage.objects.exists()


def test_nothing_is_queued_when_the_sync_is_off(dw, settings):
    settings.NATIONALSYNC_ENABLED = False
    dw.receive()
    assert not SyncMessage.objects.exists()


def test_many_events_in_one_transaction_start_one_send_run(dw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        dossier = dw.receive()
        dossier = dossier_actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_a)
        dossier_actions.forward(dossier, actor=dw.specialist_a)
    assert [c for c in callbacks if c is actions.enqueue_sending] == [actions.enqueue_sending]
    assert SyncMessage.objects.filter(dossier=dossier, service=SyncService.PROGRESS).count() == 3


def test_a_recomputed_appointment_sends_the_dossier_record_again(dw):
    from motcua.dossiers.actions import note_system_event

    dossier = dw.receive()
    note_system_event(dossier, "due_date_recomputed", data={"old": "x", "new": "y"})
    services = list(SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part").values_list("seq", "service"))
    assert services[-2:] == [(2, SyncService.DOSSIER), (2, SyncService.PROGRESS)]
