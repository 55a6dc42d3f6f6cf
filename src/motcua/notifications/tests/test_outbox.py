"""Writing the outbox in the dossier action's transaction: one message per event, channel and recipient."""

import pytest
from django.db import transaction

from motcua.core.errors import ProblemError
from motcua.dossiers import actions
from motcua.notifications import outbox
from motcua.notifications.constants import OutboxStatus, TemplateKey
from motcua.notifications.models import NotificationTemplate, OutboxMessage
from motcua.notifications.tests.conftest import EMAIL, at, receive


def messages_of(event_kind):
    return OutboxMessage.objects.filter(event__kind=event_kind)


def test_it_writes_one_message_per_channel_when_a_dossier_is_received(dw):
    dossier = receive(dw)
    rows = {m.channel: m for m in messages_of("receive")}
    assert set(rows) == {"email", "sms", "zns"}
    assert rows["email"].recipient == EMAIL
    assert rows["sms"].recipient == rows["zns"].recipient == "84912345678"
    assert all(m.status == OutboxStatus.PENDING and m.attempts == 0 and m.language == "vi" for m in rows.values())
    assert rows["email"].subject == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert "08:00 13/03/2026" in rows["email"].body  # the appointment, local time
    assert f"https://dichvucong.example.vn/tra-cuu/{dossier.code}" in rows["sms"].body
    assert rows["zns"].payload["template_id"] == "motcua_received"
    assert rows["zns"].payload["template_data"]["dossier_code"] == dossier.code
    assert rows["zns"].payload["template_data"]["due_date"] == "08:00 13/03/2026"


def test_every_event_yields_exactly_one_message_per_channel(dw):
    dossier = receive(dw)
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    dossier = actions.request_supplement(
        dossier, actor=dw.specialist_a, now=at("2026-03-10", "10:00"), reason="Thiếu CCCD"
    )
    dossier = actions.supplement_received(dossier, actor=dw.desk_a, now=at("2026-03-11", "09:00"))
    assert actions.mark_overdue(now=at("2026-03-20")) == 1
    dossier.refresh_from_db()
    new_due = at("2026-03-25", "17:00")
    dossier = actions.extend(
        dossier, actor=dw.leader_a, now=at("2026-03-20", "09:00"), new_due_at=new_due, apology="Xin lỗi ông/bà"
    )
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-20", "10:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-20", "11:00"))
    dossier = actions.finish(dossier, actor=dw.leader_a, now=at("2026-03-23"))
    actions.return_result(dossier, actor=dw.desk_a, now=at("2026-03-23", "10:00"))
    stopped = actions.assign(receive(dw), actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    actions.stop(stopped, actor=dw.leader_a, now=at("2026-03-10", "10:00"), reason="Hồ sơ giả mạo")
    actions.refuse(
        None,
        actor=dw.desk_a,
        reason="Không thuộc thẩm quyền",
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(email=EMAIL),
    )

    expected = {
        "receive": TemplateKey.RECEIVED,
        "request_supplement": TemplateKey.SUPPLEMENT_REQUESTED,
        "overdue": TemplateKey.OVERDUE,
        "extend": TemplateKey.EXTENDED,
        "finish": TemplateKey.RESULT_READY,
        "stop": TemplateKey.STOPPED,
        "refuse": TemplateKey.REFUSED,
    }
    for kind, key in expected.items():
        for event_id in set(messages_of(kind).values_list("event", flat=True)):
            rows = OutboxMessage.objects.filter(event=event_id)
            assert sorted(rows.values_list("channel", flat=True)) == ["email", "sms", "zns"], kind
            assert set(rows.values_list("key", flat=True)) == {key}
    # Events with nothing to tell the applicant write nothing.
    silent = ("supplement_received", "assign", "forward", "return_result")
    assert not OutboxMessage.objects.filter(event__kind__in=silent).exists()
    assert messages_of("receive").count() == 6  # two dossiers received, three channels each

    supplement = messages_of("request_supplement").get(channel="email")
    assert "Lý do: Thiếu CCCD" in supplement.body
    extension = messages_of("extend").get(channel="email")
    assert "Xin lỗi ông/bà" in extension.body and "17:00 25/03/2026" in extension.body
    assert messages_of("extend").get(channel="zns").payload["template_data"]["new_due_date"] == "17:00 25/03/2026"
    assert "Hồ sơ giả mạo" in messages_of("stop").get(channel="sms").body


def test_a_rolled_back_action_writes_no_message(dw):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        receive(dw)
        assert OutboxMessage.objects.count() == 3  # written in the action's transaction …
        raise Boom  # … and gone with it
    assert OutboxMessage.objects.count() == 0


def test_a_refused_action_writes_no_message(dw):
    dossier = receive(dw)
    with pytest.raises(ProblemError):
        actions.request_supplement(dossier, actor=dw.desk_a, reason=" ")
    assert not messages_of("request_supplement").exists()


def test_channels_without_an_address_are_skipped(dw):
    receive(dw, email="")
    assert sorted(OutboxMessage.objects.values_list("channel", flat=True)) == ["sms", "zns"]


def test_only_enabled_channels_get_messages(dw, settings):
    settings.NOTIFY_CHANNELS = "email"
    receive(dw)
    assert list(OutboxMessage.objects.values_list("channel", flat=True)) == ["email"]


def test_the_same_event_twice_still_gives_one_message_per_channel_and_recipient(dw):
    dossier = receive(dw)
    event = messages_of("receive")[0].event
    with transaction.atomic():
        outbox.notify(dossier, event, TemplateKey.RECEIVED)
    assert OutboxMessage.objects.count() == 3


def test_english_is_the_fallback_language(dw, settings):
    settings.NOTIFY_LANGUAGE = "fr"  # nothing in French: English
    dossier = receive(dw)
    email = OutboxMessage.objects.get(channel="email")
    assert email.language == "en" and email.subject == f"Dossier {dossier.code} received"
    # ZNS templates are Vietnamese only (Zalo approves them per text): no English → no ZNS message.
    assert not OutboxMessage.objects.filter(channel="zns").exists()


def test_an_administrators_template_wins_and_an_inactive_one_switches_the_message_off(dw):
    NotificationTemplate.objects.create(
        key=TemplateKey.RECEIVED,
        channel="email",
        subject="Biên nhận {{ dossier.code }}",
        body="Chào {{ dossier.applicant_name }}",
    )
    NotificationTemplate.objects.create(key=TemplateKey.RECEIVED, channel="sms", body="-", active=False)
    dossier = receive(dw)
    email = OutboxMessage.objects.get(channel="email")
    assert (email.subject, email.body) == (f"Biên nhận {dossier.code}", "Chào Nguyễn Văn An")
    assert not OutboxMessage.objects.filter(channel="sms").exists()


def test_a_broken_template_falls_back_to_the_shipped_text_instead_of_blocking_the_action(dw):
    NotificationTemplate.objects.create(key=TemplateKey.RECEIVED, channel="email", subject="x", body="{% if %}")
    dossier = receive(dw)
    assert OutboxMessage.objects.get(channel="email").subject == f"Đã tiếp nhận hồ sơ {dossier.code}"


def test_the_shipped_hook_sends_the_waybill(dw):
    dossier = receive(dw)
    event = messages_of("receive")[0].event  # postal will pass its own shipping event
    OutboxMessage.objects.all().delete()
    with transaction.atomic():
        assert outbox.notify(dossier, event, TemplateKey.SHIPPED, extra={"waybill": "EB123456789VN"}) == 3
    assert "EB123456789VN" in OutboxMessage.objects.get(channel="sms").body


def test_the_load_command_copies_the_shipped_templates(dw):
    from django.core.management import call_command

    call_command("load_notification_templates")
    call_command("load_notification_templates")  # idempotent
    assert NotificationTemplate.objects.filter(key=TemplateKey.RECEIVED, channel="email").count() == 2  # vi, en
    assert NotificationTemplate.objects.filter(channel="zns", language="vi").count() == len(TemplateKey)


def test_on_commit_the_messages_are_delivered_in_the_background(dw, sim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = receive(dw)
    assert len(callbacks) == 1  # one enqueue of deliver_pending (the immediate backend runs it here)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert [d["to"] for d in sim.deliveries("sms")] == ["84912345678"]
    assert "da tiep nhan ho so" in sim.deliveries("sms")[0]["text"]  # accents stripped for non-Unicode SMS
    assert sim.deliveries("email")[0]["subject"] == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert sim.deliveries("zns")[0]["template_id"] == "motcua_received"
