"""Reform metric providers fed by the roll-ups: the on-time rate and the online share of an agency's year.

Registered in ReportsConfig.ready() with `reform.metrics.register_provider(name, fn)`; a provider returns
None when the agency resolved (or received) nothing that year, and the reform app then falls back to a value
entered by hand.
"""

from __future__ import annotations

from datetime import date

from motcua.reform import metrics as reform_metrics
from motcua.reports import forms
from motcua.reports.forms import Row


def _row(agency, year: int) -> Row:
    counts = forms.compute(date(year, 1, 1), date(year, 12, 31), agency_ids={agency.pk}).get(agency.pk, {})
    return Row(key=agency.pk, counts=counts)


def on_time_rate(agency, year: int):
    row = _row(agency, year)
    value = row.on_time_rate
    if value is None:
        return None
    return reform_metrics.Reading(
        value,
        f"reports: {row['resolved_early'] + row['resolved_on_time']} of {row['resolved_total']} dossiers "
        f"resolved early or on time in {year} ({forms.FORM_CODE})",
    )


def online_share(agency, year: int):
    row = _row(agency, year)
    value = row.online_share
    if value is None:
        return None
    return reform_metrics.Reading(
        value, f"reports: {row['received_online']} of {row.received_new} dossiers received online in {year}"
    )


PROVIDERS = {"on_time_rate": on_time_rate, "online_submission_rate": online_share}


def register() -> None:
    for name, provider in PROVIDERS.items():
        if name in reform_metrics.METRICS:
            reform_metrics.register_provider(name, provider)
