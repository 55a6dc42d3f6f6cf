"""Each column of the statistics form on a hand-built month, from the roll-ups and from the drill-down."""

from datetime import date

import pytest

from motcua.reports import rollups, selectors
from motcua.reports.forms import COLUMN_KEYS

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))


EXPECTED_MARCH = {
    "carried_over": {"carried_late"},
    "received_online": {"overdue_online"},
    "received_in_person": {"early", "withdrawn", "stopped"},
    "received_postal": {"postal_in_time"},
    "received_total": {"carried_late", "overdue_online", "early", "withdrawn", "stopped", "postal_in_time"},
    "resolved_early": {"early"},
    "resolved_on_time": set(),
    "resolved_late": {"carried_late"},
    "resolved_total": {"early", "carried_late"},
    "in_progress_total": {"overdue_online", "postal_in_time"},
    "in_progress_in_time": {"postal_in_time"},
    "in_progress_overdue": {"overdue_online"},
    "withdrawn": {"withdrawn"},
    "stopped": {"stopped"},
    "refused": {"refused"},
}


def _ids(names, month):
    return {month[n] for n in names}


@pytest.mark.parametrize("column", COLUMN_KEYS)
def test_each_column_counts_exactly_its_dossiers(dw, month, column):
    (row,) = selectors.form_rows(dw.province_admin, *MARCH)
    expected = _ids(EXPECTED_MARCH[column], month)
    assert row[column] == len(expected), column
    drilled = set(selectors.cell_dossiers(dw.province_admin, column, *MARCH).values_list("pk", flat=True))
    assert drilled == expected


def test_the_balance_holds_and_february_hands_over_to_march(dw, month):
    (march,) = selectors.form_rows(dw.province_admin, *MARCH)
    (feb,) = selectors.form_rows(dw.province_admin, *FEB)
    assert (feb["received_total"], feb["resolved_total"], feb["in_progress_total"]) == (2, 1, 1)
    assert feb["in_progress_total"] == march["carried_over"]
    ended = march["resolved_total"] + march["withdrawn"] + march["stopped"]
    assert march["received_total"] == ended + march["in_progress_total"]
    assert march.on_time_rate == 50 and march.online_share == 20


def test_rollups_equal_the_recount_of_the_story(dw, month):
    assert rollups.differences(rollups.recount(), rollups.stored()) == []


def test_an_officer_sees_their_agency_only(dw, month):
    assert [r.key for r in selectors.form_rows(dw.desk_a, *MARCH)] == [dw.agency_a.pk]
    assert selectors.form_rows(dw.specialist_b, *MARCH) == []
    assert selectors.form_rows(dw.stranger, *MARCH) == []
    assert not selectors.can_see_reports(dw.stranger) and selectors.can_see_reports(dw.reform)
    assert not selectors.cell_dossiers(dw.specialist_b, "received_total", *MARCH).exists()


def test_grouping_by_field_and_level(dw, month):
    (by_field,) = selectors.form_rows(dw.province_admin, *MARCH, group="field")
    (by_level,) = selectors.form_rows(dw.province_admin, *MARCH, group="level")
    (by_agency,) = selectors.form_rows(dw.province_admin, *MARCH)
    assert by_field.counts == by_level.counts == by_agency.counts
    assert by_field.key == dw.procedure.field_id
    assert selectors.form_rows(dw.province_admin, *MARCH, tier=3) == []


def test_timeliness_per_agency(dw, month):
    (row,) = selectors.timeliness(dw.province_admin, *MARCH)
    assert row["agency"] == dw.agency_a.pk and (row["resolved"], row["late"]) == (2, 1)
    assert row["on_time_rate"] == 50 and row["online_share"] == 20 and row["received"] == 5
