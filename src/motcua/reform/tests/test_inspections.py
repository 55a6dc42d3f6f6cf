"""Inspection plans, findings, recommendations with deadlines, and their follow-up until closed."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.core.errors import ProblemError
from motcua.reform import actions
from motcua.reform.constants import ErrorCode, InspectionStatus, RecommendationStatus


@pytest.fixture
def inspected(world):
    plan = actions.create_inspection_plan(world.reform, year=2026, title="Kế hoạch kiểm tra CCHC năm 2026")
    inspection = actions.schedule_inspection(
        world.reform, plan, agency=world.agency_b, scheduled_on=date(2026, 5, 12), scope="Bộ phận một cửa; TTHC"
    )
    actions.record_inspection(
        world.reform,
        inspection,
        carried_out_on=date(2026, 5, 12),
        conclusion="Cơ bản đạt yêu cầu",
        findings=["Niêm yết TTHC chưa cập nhật"],
        recommendations=[("Cập nhật niêm yết TTHC", date(2026, 6, 12))],
    )
    return inspection


def test_a_recommendation_is_followed_up_until_closed(world, inspected):
    rec = inspected.recommendations.get()
    assert inspected.findings.count() == 1 and inspected.status == InspectionStatus.DONE
    with pytest.raises(ProblemError) as exc:
        actions.close_inspection(world.reform, inspected)
    assert exc.value.code == ErrorCode.RECOMMENDATION_OPEN.value
    actions.respond_recommendation(world.specialist_b, rec, response="Đã cập nhật ngày 01/6")
    actions.review_recommendation(world.reform, rec, close=False, comment="Chưa có ảnh chụp niêm yết")
    assert rec.status == RecommendationStatus.OPEN
    actions.respond_recommendation(world.leader_b, rec, response="Gửi kèm ảnh chụp")
    actions.review_recommendation(world.reform, rec, close=True)
    actions.close_inspection(world.reform, inspected)
    assert inspected.status == InspectionStatus.CLOSED


def test_only_the_inspected_agency_responds_and_only_reform_staff_close(world, inspected):
    rec = inspected.recommendations.get()
    with pytest.raises(ProblemError) as exc:
        actions.respond_recommendation(world.leader_a, rec, response="Không phải của tôi")
    assert exc.value.code == ErrorCode.OUT_OF_SCOPE.value
    actions.respond_recommendation(world.leader_b, rec, response="Xong")
    with pytest.raises(ProblemError) as exc:
        actions.review_recommendation(world.leader_b, rec, close=True)
    assert exc.value.code == ErrorCode.FORBIDDEN.value


def test_only_reform_staff_plan_inspections(world):
    with pytest.raises(ProblemError) as exc:
        actions.create_inspection_plan(world.leader_a, year=2026, title="x")
    assert exc.value.code == ErrorCode.FORBIDDEN.value
