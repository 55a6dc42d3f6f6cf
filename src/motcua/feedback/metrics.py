"""Reform metric provider: the share of feedback an agency answered within its time limit in a year.

Registered in FeedbackConfig.ready() the way reports/metrics.py registers its providers; the metric is defined
here (the reform app's registry accepts definitions from any app) so reform needs no change.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.feedback import selectors
from motcua.reform import metrics as reform_metrics

METRIC = "feedback_on_time_rate"


def answered_on_time_rate(agency, year: int):
    row = selectors.agency_counts(year, agency_ids={agency.pk}).get(agency.pk)
    if row is None or row.on_time_rate is None:
        return None
    return reform_metrics.Reading(
        row.on_time_rate,
        f"feedback: {row.answered_on_time} of {row.answered + row.open_overdue} items of feedback answered within "
        f"the time limit in {year} ({row.answered_late} late, {row.open_overdue} overdue unanswered)",
    )


def register() -> None:
    if METRIC not in reform_metrics.METRICS:
        # tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn
        reform_metrics.define(METRIC, _("Share of feedback and petitions answered on time"))
    reform_metrics.register_provider(METRIC, answered_on_time_rate)
