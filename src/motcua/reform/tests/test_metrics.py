"""Formula criteria read metrics by name from a registry that other apps fill; what is missing degrades to
"no data" (the criterion stays unscored and is listed), never to a crash."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.reform import actions, metrics
from motcua.reform.metrics import Reading
from motcua.reform.models import Assessment

from .test_evaluation import SMALL_SET

D = Decimal


@pytest.fixture
def restore_providers():
    saved = dict(metrics._PROVIDERS), dict(metrics.METRICS)
    yield
    metrics._PROVIDERS.clear()
    metrics._PROVIDERS.update(saved[0])
    metrics.METRICS.clear()
    metrics.METRICS.update(saved[1])


def test_the_reports_app_provides_the_dossier_metrics():
    assert metrics.is_provided("on_time_rate") and metrics.is_provided("online_submission_rate")
    assert metrics.is_provided("plan_tasks_done_rate") and metrics.is_provided("reports_on_time_rate")


def test_an_unknown_or_unprovided_metric_reads_as_no_data(world, restore_providers):
    data = {**SMALL_SET, "code": "test-unknown-metric"}
    data["criteria"] = [dict(c) for c in SMALL_SET["criteria"]]
    data["criteria"][0] = {**data["criteria"][0], "children": [dict(x) for x in data["criteria"][0]["children"]]}
    data["criteria"][0]["children"][1]["metric"] = "feedback_app_rate_not_installed"
    index_set, _ = actions.import_index_set(data)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a])
    a = Assessment.objects.get(evaluation=evaluation)
    assert actions.compute_formula_scores(world.reform, a) == ["1.2", "2.1"]
    # a value can still be entered by hand for a metric an index set names
    name = "feedback_app_rate_not_installed"
    actions.enter_metric_value(world.reform, metric=name, agency=world.agency_a, year=2026, value=100, evidence="x")
    assert actions.compute_formula_scores(world.reform, a) == ["2.1"]


def test_another_app_may_bring_its_own_metric_and_a_failing_provider_falls_back(world, restore_providers):
    metrics.register_provider("feedback_on_time_rate_v2", lambda agency, year: Reading(D("95"), "feedback: test"))
    assert metrics.read("feedback_on_time_rate_v2", world.agency_a, 2026).value == D("95")
    assert "feedback_on_time_rate_v2" in metrics.METRICS

    def broken(agency, year):
        raise RuntimeError("database of another app not migrated")

    metrics.register_provider("on_time_rate", broken)
    assert metrics.read("on_time_rate", world.agency_a, 2026) is None
    actions.enter_metric_value(
        world.reform, metric="on_time_rate", agency=world.agency_a, year=2026, value=97, evidence="Sổ theo dõi"
    )
    assert metrics.read("on_time_rate", world.agency_a, 2026) == Reading(D("97.00"), "manual: Sổ theo dõi")


def test_reports_on_time_rate_counts_reports_submitted_by_their_due_date(world, provincial, monkeypatch):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    assert metrics.read("reports_on_time_rate", world.agency_a, 2026) is None  # no accepted plan yet
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan)
    monkeypatch.setattr(timezone, "localdate", lambda value=None: date(2026, 7, 1) if value is None else value.date())
    q1 = actions.create_report(world.leader_a, plan, period="q1")
    h1 = actions.create_report(world.leader_a, plan, period="h1")
    for report, day in ((q1, datetime(2026, 3, 10, 9)), (h1, datetime(2026, 6, 20, 9))):
        actions.submit_report(world.leader_a, report)
        type(report).objects.filter(pk=report.pk).update(submitted_at=timezone.make_aware(day))
    reading = metrics.read("reports_on_time_rate", world.agency_a, 2026)
    assert reading.value == D("50.00") and "1/2" in reading.source  # Q1 on time, H1 (due 15/6) late
