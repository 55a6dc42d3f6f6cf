"""Lateness is seen and attributed: overdue and due-soon lists, and the sweep that records who held a
dossier when it passed its appointment."""

import pytest
from django.core.management import call_command

from motcua.dossiers import actions, selectors
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import OVERDUE_EVENT
from motcua.dossiers.tests.conftest import at
from motcua.workdays.selectors import compiled_calendar


def _at_specialist(dw):
    dossier = dw.receive()  # due Fri 13/3/2026 08:00
    return actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), to_user=dw.specialist_a)


def test_overdue_and_due_soon_lists(dw):
    dossier = _at_specialist(dw)
    calendar = compiled_calendar(None)
    # Thu 12/3 09:00: the appointment (Fri 08:00) is 7 working hours away → due soon (threshold 8 h).
    assert list(selectors.due_soon(dw.leader_a, calendar, now=at("2026-03-12", "09:00"))) == [dossier]
    assert list(selectors.due_soon(dw.leader_a, calendar, now=at("2026-03-11", "09:00"))) == []
    assert list(selectors.overdue(dw.leader_a, now=at("2026-03-13", "09:00"))) == [dossier]
    assert list(selectors.overdue(dw.specialist_b, now=at("2026-03-13", "09:00"))) == []


def test_the_sweep_marks_once_and_names_the_holder(dw):
    dossier = _at_specialist(dw)
    assert actions.mark_overdue(now=at("2026-03-12", "16:00")) == 0
    assert actions.mark_overdue(now=at("2026-03-13", "09:00")) == 1
    assert actions.mark_overdue(now=at("2026-03-13", "10:00")) == 0
    event = DossierEvent.objects.get(dossier=dossier, kind=OVERDUE_EVENT)
    assert event.data["holder"] == "specialist_a" and event.data["agency"] == dw.agency_a.code
    assert selectors.lateness_by_holder([dw.agency_a.pk]) == [
        {"agency": dw.agency_a.code, "holder": "specialist_a", "count": 1}
    ]


def test_a_paused_dossier_is_not_marked(dw):
    dossier = _at_specialist(dw)
    actions.request_supplement(dossier, actor=dw.specialist_a, now=at("2026-03-11", "09:00"), reason="Thiếu")
    assert actions.mark_overdue(now=at("2026-03-20", "09:00")) == 0


@pytest.mark.django_db
def test_the_sweep_command_reports_its_count(dw, capsys, monkeypatch):
    _at_specialist(dw)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: at("2026-03-16", "09:00"))
    call_command("sweep_deadlines")
    assert "1 dossier(s) newly overdue" in capsys.readouterr().out
