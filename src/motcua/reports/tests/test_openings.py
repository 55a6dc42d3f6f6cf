"""Opening balances (YearOpening): hand-counted across a new year, kept by the subscriber through late events,
equal to a recount after random runs, and giving the same report as summing all history."""

from datetime import date

import pytest
from django.core.management import call_command

from motcua.dossiers import actions
from motcua.dossiers.demo import Generator
from motcua.reports import forms, rollups, selectors
from motcua.reports.models import MonthlyAgencyStat, YearOpening
from motcua.reports.tests.conftest import at, resolve

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))
NOW = at("2026-02-20", "10:00")  # a year back from here spans the new year: late events on both sides of it
PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 1, 15), date(2026, 2, 10)),
    (date(2025, 12, 1), date(2026, 1, 31)),
    (date(2026, 1, 1), date(2026, 1, 1)),
    (date(2026, 2, 20), date(2026, 2, 20)),
]


@pytest.fixture(params=[7, 2026])
def generated(dw, request):
    report = Generator(seed=request.param, now=NOW).run(60)
    actions.mark_overdue(now=NOW)
    assert report.created > 40 and not report.errors
    return report


def _opening(dw, year):
    return YearOpening.objects.filter(agency=dw.agency_a, field=dw.procedure.field, year=year).values_list(
        "open_count", "overdue_count"
    )


def test_a_new_year_rolls_the_open_dossiers_into_its_opening_balance(dw):
    still_open = dw.receive(now=at("2025-12-29"))
    ended = dw.receive(now=at("2025-12-29", "09:00"))
    resolve(dw, ended, "2025-12-30")
    assert not YearOpening.objects.exists()  # 2025 is the first year: nothing before it
    dw.receive(now=at("2026-01-05"))  # the first daily row of 2026 rolls the year
    assert list(_opening(dw, 2026)) == [(1, 0)]
    late = dw.receive(now=at("2025-12-15"))  # an event dated in the previous year moves the snapshot
    assert list(_opening(dw, 2026)) == [(2, 0)]
    (row,) = selectors.form_rows(dw.province_admin, *JANUARY)
    assert row["carried_over"] == 2
    carried = set(selectors.cell_dossiers(dw.province_admin, "carried_over", *JANUARY).values_list("pk", flat=True))
    assert carried == {still_open.pk, late.pk}
    resolve(dw, still_open, "2026-01-06")  # ending in the snapshot's own year leaves the snapshot alone
    assert list(_opening(dw, 2026)) == [(2, 0)]
    assert rollups.opening_differences(rollups.openings_of(rollups.recount()), rollups.stored_openings()) == []


def test_openings_and_months_equal_the_recount_after_a_random_run(generated):
    assert YearOpening.objects.filter(year=2026).exists()  # the run spans the new year
    table = rollups.recount()
    expected = rollups.openings_of(table)
    assert expected and rollups.opening_differences(expected, rollups.stored_openings()) == []
    assert rollups.differences(rollups.months_of(table), rollups.stored_months()) == []


def test_the_report_from_openings_equals_the_one_summing_all_history(dw, generated):
    for start, end in PERIODS:
        for group in forms.GROUPS:
            fast = forms.compute(start, end, group=group)
            slow = forms.compute(start, end, group=group, use_openings=False)
            assert fast == slow, (start, end, group)


def test_check_fails_on_a_tampered_opening_and_rebuild_repairs(dw, generated, capsys):
    call_command("reports_check")
    row = YearOpening.objects.order_by("pk").first()
    YearOpening.objects.filter(pk=row.pk).update(open_count=row.open_count + 3)
    with pytest.raises(SystemExit):
        call_command("reports_check")
    assert "year" in capsys.readouterr().out
    call_command("reports_rebuild")
    call_command("reports_check")
    month = MonthlyAgencyStat.objects.order_by("pk").first()
    MonthlyAgencyStat.objects.filter(pk=month.pk).update(refused=month.refused + 1)
    with pytest.raises(SystemExit):
        call_command("reports_check")
    assert "refused" in capsys.readouterr().out
    rollups.rebuild_derived()  # the bulk path (from the daily rows) gives the same months and snapshots
    call_command("reports_check")
