"""Appointments of open dossiers follow a day off announced after their receipt (recompute_due_dates)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.core.audit import verify_stream
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.recompute import RECOMPUTED_EVENT, recompute_due_dates
from motcua.dossiers.tests.conftest import at
from motcua.workdays.actions import ensure_default_calendar
from motcua.workdays.constants import HolidayKind
from motcua.workdays.models import Holiday


@pytest.fixture
def calendar(db):
    """A stored calendar (so holiday rows count); procedure P takes 3 working days."""
    return ensure_default_calendar()[0]


def day_off(day: str, kind=HolidayKind.SWAPPED_DAY_OFF) -> Holiday:
    return Holiday.objects.create(date=date.fromisoformat(day), name="Nghỉ bù", kind=kind, source="ASSUMED (test)")


def test_a_day_off_inside_the_handling_time_moves_the_appointment_and_says_so(dw, calendar, monkeypatch):
    dossier = dw.receive()  # Tue 10/3/2026 08:00 + 3 working days
    assert dossier.due_at == at("2026-03-13", "08:00")
    day_off("2026-03-12")  # Thursday becomes a day off
    seen = []
    monkeypatch.setattr(
        actions, "EVENT_SUBSCRIBERS", [*actions.EVENT_SUBSCRIBERS, lambda d, e: seen.append((d.code, d.due_at, e.kind))]
    )
    from motcua.dossiers import recompute

    monkeypatch.setattr(recompute, "EVENT_SUBSCRIBERS", actions.EVENT_SUBSCRIBERS)

    report = recompute_due_dates(reason="Thông báo nghỉ bù")

    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-16", "08:00")  # Fri 13 → Mon 16
    assert dossier.original_due_at == dossier.due_at  # not an extension: the first appointment moved too
    assert dossier.version == 2  # an officer holding the old version gets a conflict
    assert report.moved == 1 and report.examined == 1
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.kind == RECOMPUTED_EVENT
    assert event.data["new_due_at"] == at("2026-03-16", "08:00").isoformat()
    assert event.data["reason"] == "Thông báo nghỉ bù"
    assert verify_stream(DossierEvent, dossier).ok
    assert str(event.label).startswith("Ngày hẹn được tính lại")  # the timeline speaks the user's language
    with translation.override("en"):
        assert "Appointment recomputed" in str(event.label)
    # Subscribers (statistics, notifications, national portal sync) see the dossier as now stored.
    assert seen == [(dossier.code, at("2026-03-16", "08:00"), RECOMPUTED_EVENT)]


def test_nothing_moves_when_the_day_off_is_outside_the_span(dw, calendar):
    dossier = dw.receive()
    day_off("2026-03-20")
    report = recompute_due_dates()
    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-13", "08:00") and dossier.version == 1
    assert report.moved == 0
    assert not DossierEvent.objects.filter(dossier=dossier, kind=RECOMPUTED_EVENT).exists()
    # Run twice: still nothing (idempotent).
    assert recompute_due_dates().moved == 0


def test_a_removed_day_off_brings_the_appointment_back(dw, calendar):
    holiday = day_off("2026-03-12")
    dossier = dw.receive()
    assert dossier.due_at == at("2026-03-16", "08:00")
    holiday.delete()
    recompute_due_dates(dates=[date(2026, 3, 12)])
    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-13", "08:00")


def test_an_apology_appointment_and_recorded_lateness_are_never_moved(dw, calendar):
    extended = dw.receive()
    extended = actions.assign(extended, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    new_due = at("2026-03-18", "17:00")
    extended = actions.extend(extended, actor=dw.leader_a, now=at("2026-03-11"), new_due_at=new_due, apology="Xin lỗi")
    late = dw.receive(now=at("2026-03-02"))
    assert actions.mark_overdue(now=at("2026-03-09")) == 1  # due Thu 5/3, the sweep recorded it overdue
    day_off("2026-03-04")
    day_off("2026-03-12")

    report = recompute_due_dates()

    extended.refresh_from_db()
    late.refresh_from_db()
    assert extended.due_at == new_due and extended.original_due_at == at("2026-03-13", "08:00")
    assert late.due_at == at("2026-03-05", "08:00")
    assert (report.skipped_extended, report.skipped_overdue, report.moved) == (1, 1, 0)


def test_finished_dossiers_keep_their_appointment(dw, calendar):
    dossier = dw.receive()
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "10:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "11:00"))
    dossier = actions.finish(dossier, actor=dw.leader_a, now=at("2026-03-11"))
    day_off("2026-03-12")
    assert recompute_due_dates().examined == 0
    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-13", "08:00")


def test_time_spent_paused_still_pushes_the_recomputed_appointment(dw, calendar):
    dossier = dw.receive()
    dossier = actions.request_supplement(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), reason="Thiếu")
    dossier = actions.supplement_received(dossier, actor=dw.desk_a, now=at("2026-03-12", "09:00"))
    assert dossier.due_at == at("2026-03-17", "08:00")  # 16 working hours paused (see test_flow)
    day_off("2026-03-16")  # Monday off: inside the pushed span, outside the pause

    recompute_due_dates()

    dossier.refresh_from_db()
    assert dossier.due_at == at("2026-03-18", "08:00")


def test_dry_run_counts_and_writes_nothing_and_the_command_reports(dw, calendar):
    dossier = dw.receive()
    day_off("2026-03-12")
    out = StringIO()
    call_command("recompute_due_dates", "--dry-run", "--dates", "2026-03-12", stdout=out)
    assert "would move 1" in out.getvalue()
    assert Dossier.objects.get(pk=dossier.pk).due_at == at("2026-03-13", "08:00")
    call_command("recompute_due_dates", stdout=StringIO())
    assert Dossier.objects.get(pk=dossier.pk).due_at == at("2026-03-16", "08:00")


def test_a_dossier_changed_meanwhile_is_not_overwritten(dw, calendar, monkeypatch):
    dossier = dw.receive()
    day_off("2026-03-12")
    from motcua.dossiers import recompute

    real_write = recompute._write

    def officer_acts_first(moved, now):
        Dossier.objects.filter(pk=dossier.pk).update(version=5)  # someone saved the dossier in between
        return real_write(moved, now)

    monkeypatch.setattr(recompute, "_write", officer_acts_first)
    report = recompute_due_dates()
    assert (report.moved, report.stale) == (0, 1)
    assert Dossier.objects.get(pk=dossier.pk).due_at == at("2026-03-13", "08:00")
    assert not DossierEvent.objects.filter(dossier=dossier, kind=RECOMPUTED_EVENT).exists()
