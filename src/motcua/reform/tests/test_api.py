"""The reform API: command endpoints answer problem+json with the app's codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.reform import actions
from motcua.reform.constants import ErrorCode, PlanStatus

from .test_evaluation import SMALL_SET


@pytest.fixture
def api():
    return APIClient()


def url(name, *args):
    return reverse(f"v1:{name}", args=args)


def test_a_department_cascades_and_submits_through_the_api(api, world, provincial):
    api.force_authenticate(world.leader_a)
    response = api.post(url("reform-plan-cascade", provincial.pk), {"agency": world.agency_a.code}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(t["code"] for t in body["tasks"]) == ["2.1", "7.2"]
    plan_id = body["id"]
    response = api.post(
        url("reform-plan-tasks", plan_id), {"section": "II", "code": "2.9", "title": "Riêng"}, format="json"
    )
    assert response.status_code == 201
    response = api.post(url("reform-plan-submit", plan_id), {"version": body["version"]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == PlanStatus.SUBMITTED
    # A leader may not accept: 403 with the app's code
    response = api.post(url("reform-plan-accept", plan_id), {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == ErrorCode.FORBIDDEN.value
    api.force_authenticate(world.reform)
    response = api.post(url("reform-plan-accept", plan_id), {"version": 1}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "stale_version"
    response = api.post(url("reform-plan-accept", plan_id), {"comment": "Đạt"}, format="json")
    assert response.json()["status"] == PlanStatus.ACCEPTED


def test_another_communes_plan_is_not_found(api, world, provincial):
    plan_c = actions.cascade_plan(world.leader_c, provincial, world.agency_c)
    api.force_authenticate(world.leader_b)
    assert api.get(url("reform-plan", plan_c.pk)).status_code == 404
    response = api.post(url("reform-plan-submit", plan_c.pk), {}, format="json")
    assert response.status_code == 404
    response = api.post(url("reform-plan-cascade", provincial.pk), {"agency": world.agency_c.code}, format="json")
    assert response.json()["code"] == ErrorCode.OUT_OF_SCOPE.value
    listed = {p["id"] for p in api.get(url("reform-plans")).json()}
    assert listed == {provincial.pk}


def test_scoring_through_the_api(api, world):
    index_set, _ = actions.import_index_set(SMALL_SET)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a])
    assessment = evaluation.assessments.get()
    api.force_authenticate(world.leader_a)
    scores = url("reform-assessment-scores", assessment.pk)
    response = api.post(scores, {"criterion": "1.1", "field": "self_score", "value": "7"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == ErrorCode.OVER_MAX.value
    response = api.post(scores, {"criterion": "1.1", "field": "self_score", "value": "5.5"}, format="json")
    assert response.status_code == 200
    response = api.post(scores, {"criterion": "1.1", "field": "round1_score", "value": "5", "reason": "x"})
    assert response.status_code == 403 and response.json()["code"] == ErrorCode.FORBIDDEN.value
    response = api.post(url("reform-evaluation-advance", evaluation.pk), {"to": "final"}, format="json")
    assert response.status_code == 403
    api.force_authenticate(world.reform)
    response = api.post(url("reform-evaluation-advance", evaluation.pk), {"to": "final"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == ErrorCode.BAD_TRANSITION.value
    response = api.post(scores, {"criterion": "1.1", "field": "bogus", "value": "1"}, format="json")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "field"


def test_a_retried_cascade_with_the_same_key_replays_the_first_answer(api, world, provincial):
    api.force_authenticate(world.leader_a)
    cascade = url("reform-plan-cascade", provincial.pk)
    first = api.post(cascade, {"agency": world.agency_a.code}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(cascade, {"agency": world.agency_a.code}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    other = api.post(cascade, {"agency": world.agency_b.code}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    without_key = api.post(cascade, {"agency": world.agency_a.code}, format="json")
    assert without_key.status_code == 409 and without_key.json()["code"] == ErrorCode.PLAN_EXISTS.value


def test_home_affairs_runs_an_evaluation_and_an_inspection_through_the_api(api, world):
    index_set, _ = actions.import_index_set(SMALL_SET)
    api.force_authenticate(world.reform)
    response = api.post(url("reform-indexset-open", index_set.pk), {"agencies": [world.agency_a.code]}, format="json")
    assert response.status_code == 201
    assessment_id = response.json()[0]["id"]
    for metric, value in (("on_time_rate", "95"), ("sipas_satisfaction", "90")):
        body = {"metric": metric, "agency": world.agency_a.code, "year": 2026, "value": value, "evidence": "Sổ"}
        assert api.post(url("reform-metrics"), body, format="json").status_code == 201
    assert api.post(url("reform-assessment-compute", assessment_id)).json() == {"missing": []}
    api.force_authenticate(world.leader_a)
    body = {"criterion": "1.1", "field": "self_score", "value": "6"}
    assert api.post(url("reform-assessment-scores", assessment_id), body, format="json").status_code == 200
    assert api.post(url("reform-assessment-submit", assessment_id)).status_code == 200
    api.force_authenticate(world.reform)
    evaluation_id = index_set.evaluation.pk
    for phase in ("appraisal_1", "explanation", "appraisal_2", "adjustments"):
        assert (
            api.post(url("reform-evaluation-advance", evaluation_id), {"to": phase}, format="json").status_code == 200
        )
    body = {"kind": "bonus", "points": "5", "reason": "Sáng kiến"}
    response = api.post(url("reform-assessment-adjustments", assessment_id), body, format="json")
    assert response.status_code == 409 and response.json()["code"] == ErrorCode.BONUS_CAP.value
    ranking = api.post(url("reform-evaluation-advance", evaluation_id), {"to": "final"}, format="json").json()
    assert ranking[0]["final_score"] == "18.00" and ranking[0]["rank"] == 1  # 6 + 3 + 9
    published = api.post(url("reform-evaluation-publish", evaluation_id), {"decision_number": "1/QĐ"}, format="json")
    assert published.status_code == 200
    api.force_authenticate(world.leader_a)
    assert api.get(url("reform-evaluation-ranking", evaluation_id)).status_code == 200  # public once published

    api.force_authenticate(world.reform)
    plan = api.post(url("reform-inspection-plans"), {"year": 2026, "title": "KT 2026"}, format="json").json()
    body = {"agency": world.agency_b.code, "scheduled_on": "2026-05-12", "scope": "Một cửa"}
    inspection = api.post(url("reform-inspection-plan-inspections", plan["id"]), body, format="json").json()
    body = {
        "carried_out_on": "2026-05-12",
        "conclusion": "Đạt",
        "findings": ["Niêm yết cũ"],
        "recommendations": [{"text": "Cập nhật niêm yết", "deadline": "2026-06-12"}],
    }
    inspection = api.post(url("reform-inspection-record", inspection["id"]), body, format="json").json()
    rec_id = inspection["recommendations"][0]["id"]
    api.force_authenticate(world.leader_b)
    assert api.post(url("reform-rec-respond", rec_id), {"response": "Đã cập nhật"}, format="json").status_code == 200
    api.force_authenticate(world.reform)
    api.post(url("reform-rec-review", rec_id), {"close": True}, format="json")
    closed = api.post(url("reform-inspection-close", inspection["id"]))
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_report_takes_an_evidence_file(api, world, provincial):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan)
    report = actions.create_report(world.leader_a, plan, period="q1")
    api.force_authenticate(world.leader_a)
    upload = SimpleUploadedFile("bao-cao-quy-1.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = api.post(
        url("reform-report-evidence", report.pk), {"description": "Báo cáo quý I", "file": upload}, format="multipart"
    )
    assert response.status_code == 201
    evidence = report.evidence.get()
    assert evidence.file.name.endswith(".pdf") and evidence.added_by == world.leader_a
    evidence.file.delete(save=False)
