"""The roll-ups kept by the subscriber equal a full recount, and every cell equals its drill-down list."""

from datetime import date

import pytest
from django.core.management import call_command

from motcua.dossiers import actions
from motcua.dossiers.demo import Generator
from motcua.dossiers.models import Dossier
from motcua.reports import rollups, selectors
from motcua.reports.forms import COLUMN_KEYS
from motcua.reports.models import DailyAgencyStat
from motcua.reports.tests.conftest import at

NOW = at("2026-11-20", "10:00")
PERIODS = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2026, 9, 1), date(2026, 9, 30)),
    (date(2026, 11, 20), date(2026, 11, 20)),
]


@pytest.fixture(params=[7, 2026])
def generated(dw, request):
    report = Generator(seed=request.param, now=NOW).run(60)
    actions.mark_overdue(now=NOW)
    assert report.created > 40 and not report.errors
    return report


def test_rollups_equal_a_full_recount_after_a_random_run(generated):
    assert DailyAgencyStat.objects.exists()
    assert rollups.differences(rollups.recount(), rollups.stored()) == []


def test_every_cell_equals_its_drill_down(dw, generated):
    checked = 0
    for period in PERIODS:
        for row in selectors.form_rows(dw.province_admin, *period):
            for column in COLUMN_KEYS:
                drilled = selectors.cell_dossiers(dw.province_admin, column, *period, agency_id=row.key).count()
                assert row[column] == drilled, (period, row.label, column)
                checked += row[column]
            ended = row["resolved_total"] + row["withdrawn"] + row["stopped"]
            assert row["received_total"] == ended + row["in_progress_total"]
    assert checked > 0


def test_the_year_has_the_generated_dossiers(dw, generated):
    rows = selectors.form_rows(dw.province_admin, date(2025, 1, 1), date(2026, 12, 31))
    received = sum(r.received_new for r in rows)
    assert received == Dossier.objects.exclude(received_at=None).count()


def test_check_passes_then_fails_on_tampering_and_rebuild_repairs_idempotently(dw, generated, capsys):
    call_command("reports_check")
    row = DailyAgencyStat.objects.order_by("day").first()
    DailyAgencyStat.objects.filter(pk=row.pk).update(received_in_person=row.received_in_person + 5)
    with pytest.raises(SystemExit) as exit_:
        call_command("reports_check")
    assert exit_.value.code == 1
    assert "received_in_person" in capsys.readouterr().out
    call_command("reports_rebuild")
    first = sorted(DailyAgencyStat.objects.values_list("agency_id", "field_id", "day", "received_in_person"))
    call_command("reports_rebuild")
    assert sorted(DailyAgencyStat.objects.values_list("agency_id", "field_id", "day", "received_in_person")) == first
    call_command("reports_check")
