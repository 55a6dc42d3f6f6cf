"""The provincial plan, its cascade to departments and communes, and the review by Home Affairs."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.core.audit import AuditEvent, verify_stream
from motcua.core.concurrency import StaleVersion
from motcua.core.errors import ProblemError
from motcua.reform import actions
from motcua.reform.constants import PLAN_TRANSITIONS, ErrorCode, PlanKind, PlanStatus, SectionKind
from motcua.reform.models import Plan

from .conftest import YEAR


def codes(plan):
    return sorted(plan.tasks.values_list("code", flat=True))


def assert_code(exc_info, code: ErrorCode):
    assert exc_info.value.code == code.value


def test_it_pulls_exactly_the_tasks_assigned_to_a_department(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    assert plan.kind == PlanKind.AGENCY and plan.parent == provincial and plan.status == PlanStatus.DRAFT
    # owned by A (2.1) and assigned to all agencies (7.2); not the communes' task, not D's tasks
    assert codes(plan) == ["2.1", "7.2"]
    assert set(plan.tasks.values_list("owner_id", flat=True)) == {world.agency_a.pk}
    assert all(t.source_task_id for t in plan.tasks.all())


def test_it_pulls_the_communes_tasks_and_cooperations_for_a_commune(world, provincial):
    plan = actions.cascade_plan(world.specialist_b, provincial, world.agency_b)
    assert codes(plan) == ["2.2", "7.1", "7.2"]
    coop = plan.tasks.get(code="7.1")
    assert coop.owner == world.agency_d  # D leads, B co-operates
    assert world.agency_b in coop.cooperating.all()
    other = actions.cascade_plan(world.leader_c, provincial, world.agency_c)
    assert codes(other) == ["2.2", "7.2"]


def test_it_keeps_the_sections_of_the_provincial_plan(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    assert list(plan.sections.values_list("code", flat=True)) == ["II", "VII"]
    assert plan.tasks.get(code="2.1").section.code == "II"


def test_it_refuses_a_cascade_before_the_plan_is_issued(world):
    draft = actions.create_provincial_plan(world.reform, year=YEAR, agency=world.ubnd, title="Nháp")
    with pytest.raises(ProblemError) as exc:
        actions.cascade_plan(world.leader_a, draft, world.agency_a)
    assert_code(exc, ErrorCode.PLAN_NOT_ISSUED)


def test_it_refuses_a_second_plan_for_the_same_agency_and_year(world, provincial):
    actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    with pytest.raises(ProblemError) as exc:
        actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    assert_code(exc, ErrorCode.PLAN_EXISTS)


def test_a_commune_cannot_create_or_edit_another_agencys_plan(world, provincial):
    with pytest.raises(ProblemError) as exc:
        actions.cascade_plan(world.specialist_b, provincial, world.agency_c)
    assert_code(exc, ErrorCode.OUT_OF_SCOPE)
    plan_c = actions.cascade_plan(world.leader_c, provincial, world.agency_c)
    section = plan_c.sections.first()
    with pytest.raises(ProblemError) as exc:
        actions.add_task(world.specialist_b, plan_c, section=section, code="X", title="Chen ngang")
    assert_code(exc, ErrorCode.OUT_OF_SCOPE)
    with pytest.raises(ProblemError) as exc:
        actions.submit_plan(world.leader_b, plan_c)
    assert_code(exc, ErrorCode.OUT_OF_SCOPE)
    assert codes(plan_c) == ["2.2", "7.2"]


def test_an_agency_adds_its_own_tasks_but_cannot_drop_pulled_ones(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    section = plan.sections.get(code="II")
    own = actions.add_task(
        world.leader_a, plan, section=section, code="2.9", title="Niêm yết TTHC", owner=world.agency_d
    )
    assert own.owner == world.agency_a and own.source_task is None  # an agency only owns its own tasks
    with pytest.raises(ProblemError) as exc:
        actions.remove_task(world.leader_a, plan.tasks.get(code="2.1"))
    assert_code(exc, ErrorCode.PULLED_TASK)
    actions.remove_task(world.leader_a, own)
    assert codes(plan) == ["2.1", "7.2"]


def test_only_reform_staff_accept_or_return_a_plan(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    for person in (world.leader_a, world.province_admin, world.specialist_b, world.citizen):
        with pytest.raises(ProblemError) as exc:
            actions.accept_plan(person, plan)
        assert_code(exc, ErrorCode.FORBIDDEN)
    actions.return_plan(world.reform, plan, comment="Thiếu chỉ tiêu số hóa")
    assert plan.status == PlanStatus.RETURNED and plan.review_comment == "Thiếu chỉ tiêu số hóa"
    # returned: the agency edits and resubmits; then it is accepted and locked
    actions.add_task(world.leader_a, plan, section=plan.sections.first(), code="7.9", title="Số hóa 100% kết quả")
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan, comment="Đạt")
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ACCEPTED
    with pytest.raises(ProblemError) as exc:
        actions.add_task(world.leader_a, plan, section=plan.sections.first(), code="7.10", title="Muộn")
    assert_code(exc, ErrorCode.PLAN_LOCKED)


def test_returning_a_plan_needs_a_comment(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    with pytest.raises(ProblemError) as exc:
        actions.return_plan(world.reform, plan, comment=" ")
    assert_code(exc, ErrorCode.REASON_REQUIRED)


def test_a_specialist_drafts_but_only_a_leader_submits(world, provincial):
    plan = actions.cascade_plan(world.specialist_b, provincial, world.agency_b)
    with pytest.raises(ProblemError) as exc:
        actions.submit_plan(world.specialist_b, plan)
    assert_code(exc, ErrorCode.OUT_OF_SCOPE)
    actions.submit_plan(world.leader_b, plan)
    assert plan.status == PlanStatus.SUBMITTED


def test_only_reform_staff_draft_and_issue_the_provincial_plan(world):
    with pytest.raises(ProblemError) as exc:
        actions.create_provincial_plan(world.leader_a, year=YEAR, agency=world.ubnd, title="X")
    assert_code(exc, ErrorCode.FORBIDDEN)
    plan = actions.create_provincial_plan(world.reform, year=YEAR, agency=world.ubnd, title="KH")
    with pytest.raises(ProblemError) as exc:
        actions.add_section(world.leader_a, plan, kind=SectionKind.OTHER, code="I", title="x")
    assert_code(exc, ErrorCode.FORBIDDEN)
    actions.issue_plan(world.reform, plan, issued_on=date(2026, 1, 5))
    with pytest.raises(ProblemError) as exc:
        actions.issue_plan(world.reform, plan, issued_on=date(2026, 1, 5))
    assert_code(exc, ErrorCode.BAD_TRANSITION)


def test_a_stale_version_is_refused(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan, expected_version=plan.version)
    stale = Plan.objects.get(pk=plan.pk)
    actions.return_plan(world.reform, plan, comment="Bổ sung")
    with pytest.raises(StaleVersion):
        actions.accept_plan(world.reform, stale, expected_version=stale.version)


@pytest.mark.parametrize("kind", list(PLAN_TRANSITIONS))
def test_every_plan_transition_pair_is_checked(kind):
    """The table is the whole truth: each (from, to) pair outside it is refused by `_move`."""
    table = PLAN_TRANSITIONS[kind]
    for current in PlanStatus.values:
        for to in PlanStatus.values:
            allowed = to in table.get(current, ())

            class Fake:
                status, version = current, 1

            try:
                actions._move(Fake(), table, to)
            except ProblemError as exc:
                assert not allowed and exc.code == ErrorCode.BAD_TRANSITION.value
            except Exception:  # a fake has no table row; compare_and_set fails after the guard passed
                assert allowed


def test_each_change_is_an_audited_chain(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan)
    stream = f"reform.plan:{plan.pk}"
    kinds = list(AuditEvent.objects.filter(stream=stream).values_list("kind", flat=True))
    assert kinds == ["plan.cascaded", "plan.submitted", "plan.accepted"]
    assert verify_stream(AuditEvent, stream).ok
    assert AuditEvent.objects.filter(stream=stream, kind="plan.accepted").get().actor == world.reform
