"""Progress reports, task status, overdue tasks, plan coverage and missing reports."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.core.errors import ProblemError
from motcua.reform import actions, selectors
from motcua.reform.constants import ErrorCode, ReportPeriod, ReportStatus, TaskStatus


@pytest.fixture
def accepted_a(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan)
    return plan


def test_a_report_lists_every_task_and_moves_their_status(world, accepted_a):
    report = actions.create_report(world.leader_a, accepted_a, period=ReportPeriod.Q1)
    assert report.due_on == date(2026, 3, 15)
    assert report.lines.count() == accepted_a.tasks.count()
    task = accepted_a.tasks.get(code="2.1")
    actions.report_task(world.leader_a, report, task, status=TaskStatus.IN_PROGRESS, progress=40, note="Đã rà soát 40%")
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 40)
    actions.add_evidence(world.leader_a, report=report, description="Báo cáo số 12/BC-SA", url="https://example.vn/bc")
    actions.submit_report(world.leader_a, report, summary="Quý I", figures={"procedures_reviewed": 41})
    assert report.status == ReportStatus.SUBMITTED and report.figures == {"procedures_reviewed": 41}
    with pytest.raises(ProblemError) as exc:
        actions.report_task(world.leader_a, report, task, status=TaskStatus.DONE)
    assert exc.value.code == ErrorCode.BAD_TRANSITION.value
    with pytest.raises(ProblemError) as exc:
        actions.review_report(world.leader_a, report, accept=True)
    assert exc.value.code == ErrorCode.FORBIDDEN.value
    actions.review_report(world.reform, report, accept=True)
    assert report.status == ReportStatus.ACCEPTED


def test_a_report_needs_an_accepted_plan_and_one_per_period(world, provincial, accepted_a):
    draft_b = actions.cascade_plan(world.leader_b, provincial, world.agency_b)
    with pytest.raises(ProblemError) as exc:
        actions.create_report(world.leader_b, draft_b, period=ReportPeriod.Q1)
    assert exc.value.code == ErrorCode.BAD_TRANSITION.value
    actions.create_report(world.leader_a, accepted_a, period=ReportPeriod.Q1)
    with pytest.raises(ProblemError) as exc:
        actions.create_report(world.leader_a, accepted_a, period=ReportPeriod.Q1)
    assert exc.value.code == ErrorCode.REPORT_EXISTS.value


def test_another_agency_cannot_report_on_my_tasks(world, accepted_a):
    report = actions.create_report(world.leader_a, accepted_a, period=ReportPeriod.Q1)
    with pytest.raises(ProblemError) as exc:
        actions.report_task(world.leader_b, report, accepted_a.tasks.first(), status=TaskStatus.DONE)
    assert exc.value.code == ErrorCode.OUT_OF_SCOPE.value


def test_overdue_tasks_are_flagged_until_done(world, accepted_a):
    today = date(2026, 7, 1)
    overdue = selectors.overdue_tasks(2026, today)
    assert [t.code for t in overdue] == ["2.1"]  # deadline 30/6; 7.2 has no deadline
    actions.update_task_progress(world.leader_a, overdue[0], status=TaskStatus.DONE, today=today)
    assert list(selectors.overdue_tasks(2026, today)) == []
    progress = selectors.task_progress(2026, today)
    assert [(p.agency, p.total, p.done, p.overdue) for p in progress] == [(world.agency_a, 2, 1, 0)]


def test_coverage_names_the_agencies_without_a_plan(world, provincial, accepted_a):
    actions.cascade_plan(world.leader_b, provincial, world.agency_b)
    coverage = selectors.plan_coverage(world.province, 2026, date(2026, 2, 1))
    missing = {r.agency for r in coverage.missing}
    # departments A and D, communes B and C are expected; the branch of A and the provincial UBND are not
    assert {r.agency for r in coverage.rows} == {world.agency_a, world.agency_b, world.agency_c, world.agency_d}
    assert missing == {world.agency_c, world.agency_d}
    assert coverage.accepted == 1


def test_missing_reports_are_those_due_and_not_submitted(world, accepted_a):
    assert selectors.missing_reports(2026, date(2026, 3, 14)) == []
    missing = selectors.missing_reports(2026, date(2026, 7, 1))
    assert [(m.plan.agency, m.period) for m in missing] == [(world.agency_a, "q1"), (world.agency_a, "h1")]
    report = actions.create_report(world.leader_a, accepted_a, period=ReportPeriod.Q1)
    assert len(selectors.missing_reports(2026, date(2026, 7, 1))) == 2  # a draft is not a report
    actions.submit_report(world.leader_a, report)
    assert [m.period for m in selectors.missing_reports(2026, date(2026, 7, 1))] == ["h1"]


def test_officers_see_the_issued_provincial_plan_and_their_own(world, provincial, accepted_a):
    plan_b = actions.cascade_plan(world.leader_b, provincial, world.agency_b)
    assert set(selectors.plans_for(world.leader_b)) == {provincial, plan_b}
    assert set(selectors.plans_for(world.reform)) == {provincial, accepted_a, plan_b}
    assert list(selectors.plans_for(world.citizen)) == []


def test_reminders_name_what_falls_due_in_the_next_days(world, accepted_a):
    from io import StringIO

    from django.core.management import call_command

    today = date(2026, 6, 10)
    assert [t.code for t in selectors.tasks_due_soon(2026, today, 30)] == ["2.1"]  # due 30/6
    assert [m.period for m in selectors.reports_due_soon(2026, today, 14)] == ["h1"]  # due 15/6
    out = StringIO()
    call_command("reform_reminders", "--today", "2026-06-10", "--days", "30", stdout=out)
    text = out.getvalue()
    assert "Sở A" in text and "2.1" in text and "1 agencies to remind" in text
