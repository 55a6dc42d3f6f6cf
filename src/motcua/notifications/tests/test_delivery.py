"""Sending the outbox: retries with backoff, dead letters, crash recovery, provider-shaped requests."""

import random
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from motcua.notifications import channels, delivery, simulator
from motcua.notifications.base import Message
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.notifications.registry import registry
from motcua.notifications.tests.conftest import receive

S = OutboxStatus


@pytest.fixture
def http_simulator(settings):
    """The simulators behind a real HTTP server; the adapters POST to it as to eSMS and Zalo."""
    server = simulator.make_server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NOTIFY_ESMS_URL = base + simulator.ESMS_PATH
    settings.NOTIFY_ZNS_URL = base + simulator.ZNS_PATH
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["in-process", "http"])
def transport(request):
    if request.param == "http":
        request.getfixturevalue("http_simulator")
    return request.param


@pytest.fixture
def t0():
    return timezone.now() + timedelta(seconds=5)  # just after the rows the test writes


def sms(dw, settings):
    settings.NOTIFY_CHANNELS = "sms"
    receive(dw)
    return OutboxMessage.objects.get(channel="sms")


def test_it_sends_every_due_message_and_records_the_provider_ids(dw, sim, t0):
    receive(dw)
    assert delivery.deliver_pending(now=t0) == {"sent": 3}
    for row in OutboxMessage.objects.all():
        assert row.status == S.SENT and row.attempts == 1 and row.sent_at == t0 and row.claimed_until is None
        assert row.provider_message_id
    assert (
        sim.deliveries("sms")[0]["provider_message_id"] == OutboxMessage.objects.get(channel="sms").provider_message_id
    )
    assert sim.deliveries("email")[0]["message_id"] == OutboxMessage.objects.get(channel="email").provider_message_id
    assert delivery.deliver_pending(now=t0 + timedelta(hours=1)) == {}  # nothing left


def test_a_send_failure_retries_with_backoff_and_goes_dead_after_n_attempts(dw, sim, t0, settings, monkeypatch):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    message = sms(dw, settings)
    monkeypatch.setattr(simulator, "handle_esms", lambda payload: {"CodeResult": "99", "ErrorMessage": "busy"})

    assert delivery.deliver_one(message.pk, now=t0) == S.FAILED
    message.refresh_from_db()
    assert (message.status, message.attempts) == (S.FAILED, 1) and "eSMS 99: busy" in message.last_error
    first_delay = message.next_attempt_at - t0
    assert timedelta(seconds=48) <= first_delay <= timedelta(seconds=72)  # 1 min ± 20 %
    assert delivery.deliver_one(message.pk, now=t0 + timedelta(seconds=30)) == "skipped"  # not due yet

    second_try = message.next_attempt_at
    assert delivery.deliver_one(message.pk, now=second_try) == S.FAILED
    message.refresh_from_db()
    assert timedelta(seconds=96) <= message.next_attempt_at - second_try <= timedelta(seconds=144)  # 2 min ± 20 %

    assert delivery.deliver_one(message.pk, now=message.next_attempt_at) == S.DEAD
    message.refresh_from_db()
    assert (message.status, message.attempts) == (S.DEAD, 3)
    assert delivery.deliver_pending(now=t0 + timedelta(days=1)) == {}  # dead stays dead
    assert sim.deliveries("sms") == []

    monkeypatch.undo()
    assert delivery.retry(OutboxMessage.objects.filter(pk=message.pk)) == 1  # the admin's "retry"
    assert delivery.deliver_pending().get("sent") == 1
    message.refresh_from_db()
    assert message.status == S.SENT and len(sim.deliveries("sms")) == 1


def test_a_permanent_error_goes_dead_at_once(dw, sim, t0, monkeypatch, settings):
    message = sms(dw, settings)
    monkeypatch.setattr(simulator, "handle_esms", lambda p: {"CodeResult": "118", "ErrorMessage": "Phone invalid"})
    assert delivery.deliver_one(message.pk, now=t0) == S.DEAD


def test_the_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(7)
    minutes = [delivery.backoff(n, rng=rng).total_seconds() / 60 for n in range(1, 10)]
    for n, value in enumerate(minutes, start=1):
        nominal = min(60, 2 ** (n - 1))
        assert 0.8 * nominal <= value <= min(60, 1.2 * nominal)
    assert max(minutes) <= 60


class Crash(BaseException):
    """A worker killed between the provider's answer and our "sent" (not an Exception: nothing catches it)."""


def test_a_crash_mid_send_is_redelivered_once(dw, sim, t0, settings, monkeypatch, transport):
    settings.NOTIFY_LEASE_SECONDS = 300
    settings.NOTIFY_CHANNELS = "sms,zns"
    receive(dw)
    zns = OutboxMessage.objects.get(channel="zns")
    assert delivery.deliver_one(zns.pk, now=t0) == S.SENT
    message = OutboxMessage.objects.get(channel="sms")
    real_mark_sent = delivery.mark_sent

    def crash(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(delivery, "mark_sent", crash)
    with pytest.raises(Crash):
        delivery.deliver_one(message.pk, now=t0)
    message.refresh_from_db()
    assert message.status == S.SENDING and message.claimed_until == t0 + timedelta(seconds=300)
    assert len(sim.deliveries("sms")) == 1  # the provider got it; we never recorded it

    monkeypatch.setattr(delivery, "mark_sent", real_mark_sent)
    assert delivery.deliver_pending(now=t0 + timedelta(seconds=299)) == {}  # its claim still stands
    assert delivery.deliver_pending(now=t0 + timedelta(seconds=301)) == {"sent": 1}  # picked up again
    message.refresh_from_db()
    assert (message.status, message.attempts) == (S.SENT, 2)
    deliveries = sim.deliveries("sms")
    assert len(deliveries) == 1  # the re-send carried the same RequestId: not delivered twice
    assert message.provider_message_id == deliveries[0]["provider_message_id"]
    assert len(sim.deliveries("zns")) == 1  # and nothing else was sent again


def test_a_worker_whose_claim_expired_cannot_record_an_outcome(dw, t0, settings):
    message = sms(dw, settings)
    slow = delivery.claim(message.pk, t0)
    assert delivery.claim(message.pk, t0 + timedelta(seconds=10)) is None  # taken
    fast = delivery.claim(message.pk, t0 + delivery.lease() + timedelta(seconds=1))  # expired: taken over
    assert slow and fast and slow != fast
    assert delivery.mark_sent(message.pk, slow, "late", t0) is False
    assert delivery.mark_sent(message.pk, fast, "ok", t0) is True
    assert OutboxMessage.objects.get(pk=message.pk).provider_message_id == "ok"


def test_the_sms_request_is_shaped_like_esms(dw, settings):
    settings.NOTIFY_ESMS_BRANDNAME = "DONGTHAP"
    request = registry.get("sms").request(
        Message(uid="abc", channel="sms", recipient="84912345678", subject="", body="Hồ sơ đã tiếp nhận")
    )
    assert request["RequestId"] == "abc" and request["SmsType"] == "2" and request["IsUnicode"] == "0"
    assert request["Content"] == "Ho so da tiep nhan" and request["Brandname"] == "DONGTHAP"
    assert {"ApiKey", "SecretKey", "Phone", "Sandbox"} <= set(request)


def test_the_adapters_speak_http_to_the_simulator_server(dw, sim, settings, t0, http_simulator):
    receive(dw)
    assert delivery.deliver_pending(now=t0) == {"sent": 3}
    sms_row = OutboxMessage.objects.get(channel="sms")
    zns_row = OutboxMessage.objects.get(channel="zns")
    again = Message(str(sms_row.uid), "sms", sms_row.recipient, "", sms_row.body)
    assert channels.EsmsChannel("sms").send(again) == sms_row.provider_message_id  # eSMS 124: duplicate
    assert len(sim.deliveries("sms")) == 1 and len(sim.deliveries("zns")) == 1
    assert sim.deliveries("zns")[0]["message_id"] == str(zns_row.uid)  # our tracking_id
    settings.NOTIFY_ZNS_URL = http_simulator + "/nowhere"  # a 404 is not worth retrying
    with pytest.raises(channels.PermanentSendError):
        registry.get("zns").send(Message(str(zns_row.uid), "zns", zns_row.recipient, "", "", zns_row.payload))


def test_an_unreachable_provider_is_retried(dw, settings, t0):
    settings.NOTIFY_ESMS_URL = "http://127.0.0.1:9/unreachable"
    message = sms(dw, settings)
    assert delivery.deliver_one(message.pk, now=t0) == S.FAILED


def test_the_cron_command_delivers(dw, sim, capsys):
    receive(dw)
    call_command("deliver_notifications")
    assert "sent: 3" in capsys.readouterr().out
    assert len(sim.deliveries("zns")) == 1


def test_the_admin_lists_the_outbox_and_retries_dead_messages(dw, client, django_user_model, t0):
    admin = django_user_model.objects.create_superuser("root", "root@example.vn", "pw")
    client.force_login(admin)
    receive(dw)
    OutboxMessage.objects.filter(channel="sms").update(status=S.DEAD, attempts=8, last_error="boom")
    url = reverse("admin:notifications_outboxmessage_changelist")
    assert client.get(url, {"status__exact": "dead"}).status_code == 200
    dead = OutboxMessage.objects.get(channel="sms")
    response = client.post(url, {"action": "retry_messages", "_selected_action": [dead.pk]})
    assert response.status_code == 302
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (S.PENDING, 0)
    assert client.get(reverse("admin:notifications_notificationtemplate_changelist")).status_code == 200


def test_a_failed_run_schedules_the_next_one_at_the_earliest_retry(dw, settings, monkeypatch):
    from django_tasks import default_task_backend

    from motcua.notifications import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(simulator, "handle_esms", lambda payload: {"CodeResult": "99", "ErrorMessage": "busy"})
    message = sms(dw, settings)
    assert tasks.deliver_pending.call() == {"failed": 1}
    message.refresh_from_db()
    [scheduled] = default_task_backend.results
    assert scheduled.task.run_after == message.next_attempt_at
