"""The web forms: each step of the year a person does on a screen (not through the API or the admin), and
who may do it. The arithmetic is tested in test_scoring/test_evaluation; here the forms must reach it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.reform import actions
from motcua.reform.constants import EvaluationPhase as P
from motcua.reform.constants import (
    InspectionStatus,
    PlanKind,
    PlanStatus,
    RecommendationStatus,
    ReportStatus,
    TaskStatus,
)
from motcua.reform.models import (
    Assessment,
    Evidence,
    Inspection,
    InspectionPlan,
    Plan,
    ProgressReport,
    Recommendation,
    ScoreChange,
)

from .test_evaluation import SMALL_SET

D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def post(client, user, url, data, **kw):
    client.force_login(user)
    return client.post(url, data, **kw)


def test_an_agencys_people_land_on_their_own_page_others_are_refused(client, world):
    client.force_login(world.leader_a)
    response = client.get(reverse("reform:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("reform:agency")
    client.force_login(world.citizen)
    assert client.get(reverse("reform:dashboard")).status_code == 403
    assert client.get(reverse("reform:agency")).status_code == 403
    client.force_login(world.reform)
    assert client.get(reverse("reform:agency")).status_code == 302  # staff go to the dashboard


def test_a_year_of_plans_through_the_forms(client, world, provincial, monkeypatch):
    """Home Affairs drafts and issues the 2027 plan; a commune cascades it, adds a task, reports with evidence."""
    from motcua.reform import views_forms

    monkeypatch.setattr(views_forms, "current_province", lambda day=None: world.province)
    r = world.reform
    response = post(client, r, reverse("reform:plan-new"), {"year": 2027, "title": "Kế hoạch CCHC năm 2027"})
    plan = Plan.objects.get(year=2027, kind=PlanKind.PROVINCIAL)
    assert response["Location"] == reverse("reform:plan", args=[plan.pk])
    assert plan.agency == world.ubnd and plan.status == PlanStatus.DRAFT
    edit = reverse("reform:plan-edit", args=[plan.pk])
    post(client, r, edit, {"op": "section", "kind": "procedures", "code": "II", "title": "Cải cách TTHC"})
    section = plan.sections.get()
    post(
        client,
        r,
        edit,
        {
            "op": "task",
            "section": section.pk,
            "code": "2.1",
            "title": "Niêm yết TTHC tại bộ phận một cửa cấp xã",
            "assign_to_all": "commune",
            "deadline": "2027-03-31",
        },
    )
    post(client, r, edit, {"op": "task", "section": section.pk, "code": "2.2", "title": "Việc của Sở A"})
    task_a = plan.tasks.get(code="2.2")
    post(client, r, edit, {"op": "target", "code": "KT1", "title": "Hồ sơ đúng hạn", "target_value": "98"})
    assert plan.key_targets.get().target_value == D("98")
    post(client, r, edit, {"op": "remove_task", "task": task_a.pk})
    assert list(plan.tasks.values_list("code", flat=True)) == ["2.1"]
    # an agency may not edit the provincial plan
    response = post(client, world.leader_c, edit, {"op": "section", "kind": "other", "code": "IX", "title": "x"})
    assert response.status_code == 404 and plan.sections.count() == 1  # not even visible while a draft
    post(
        client,
        r,
        reverse("reform:plan-command", args=[plan.pk]),
        {"op": "issue", "issued_on": "2027-01-05", "document_number": "05/KH-UBND"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED

    # the commune sees the plan to cascade on its own page and builds its plan from it
    client.force_login(world.leader_c)
    page = client.get(reverse("reform:agency")).content.decode()
    assert "UBND Xã Hai" in page and reverse("reform:plan-command", args=[plan.pk]) in page
    post(
        client,
        world.leader_c,
        reverse("reform:plan-command", args=[plan.pk]),
        {"op": "cascade", "agency": world.agency_c.pk},
    )
    mine = Plan.objects.get(year=2027, agency=world.agency_c)
    assert list(mine.tasks.values_list("code", "source_task__code")) == [("2.1", "2.1")]
    mine_edit = reverse("reform:plan-edit", args=[mine.pk])
    post(
        client,
        world.leader_c,
        mine_edit,
        {"op": "task", "section": mine.sections.get().pk, "code": "2.9", "title": "Việc riêng"},
    )
    pulled = mine.tasks.get(code="2.1")
    response = post(client, world.leader_c, mine_edit, {"op": "remove_task", "task": pulled.pk})
    assert mine.tasks.filter(pk=pulled.pk).exists() and errors(response)  # pulled tasks stay
    post(
        client,
        world.leader_c,
        reverse("reform:plan-command", args=[mine.pk]),
        {"op": "submit", "version": mine.version},
    )
    mine.refresh_from_db()
    post(client, r, reverse("reform:plan-command", args=[mine.pk]), {"op": "accept", "version": mine.version})
    mine.refresh_from_db()
    assert mine.status == PlanStatus.ACCEPTED

    # a quarterly report: task lines, an evidence file, submitted, accepted
    response = post(client, world.leader_c, mine_edit, {"op": "report", "period": "q1"})
    report = ProgressReport.objects.get(plan=mine, period="q1")
    assert response["Location"] == reverse("reform:report", args=[report.pk])
    url = reverse("reform:report", args=[report.pk])
    own = mine.tasks.get(code="2.9")
    post(
        client,
        world.leader_c,
        url,
        {
            "op": "lines",
            f"status-{pulled.pk}": TaskStatus.DONE,
            f"progress-{pulled.pk}": "100",
            f"note-{pulled.pk}": "Đã niêm yết",
            f"status-{own.pk}": TaskStatus.IN_PROGRESS,
            f"progress-{own.pk}": "40",
        },
    )
    pulled.refresh_from_db()
    assert (pulled.status, report.lines.get(task=pulled).note) == (TaskStatus.DONE, "Đã niêm yết")
    post(client, world.leader_c, url, {"op": "evidence", "description": "Ảnh niêm yết", "file": pdf()})
    assert Evidence.objects.get(report=report).file.name.endswith(".pdf")
    post(
        client,
        world.leader_c,
        url,
        {"op": "submit", "version": report.version, "summary": "Quý I", "figure_key": ["tthc"], "figure_value": ["12"]},
    )
    report.refresh_from_db()
    assert (report.status, report.figures) == (ReportStatus.SUBMITTED, {"tthc": "12"})
    # another agency cannot open it; Home Affairs accepts it
    client.force_login(world.leader_a)
    assert client.get(url).status_code == 404
    post(client, r, url, {"op": "accept", "version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_a_disguised_evidence_file_is_refused(client, world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    actions.accept_plan(world.reform, plan)
    report = actions.create_report(world.leader_a, plan, period="q1")
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = post(
        client, world.leader_a, reverse("reform:report", args=[report.pk]), {"op": "evidence", "file": fake}
    )
    assert errors(response) and not Evidence.objects.exists()


@pytest.fixture
def evaluation(world):
    index_set, _ = actions.import_index_set(SMALL_SET)
    return actions.open_evaluation(world.reform, index_set, [world.agency_a, world.agency_d])


def sheet(client, user, assessment, data, **kw):
    return post(client, user, reverse("reform:assessment-command", args=[assessment.pk]), data, **kw)


def test_an_agency_sees_and_edits_only_its_own_self_assessment(client, world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    d = Assessment.objects.get(evaluation=evaluation, agency=world.agency_d)
    c11 = evaluation.index_set.criteria.get(code="1.1")
    client.force_login(world.leader_a)
    page = client.get(reverse("reform:assessment", args=[a.pk]))
    assert page.status_code == 200 and f'name="v-{c11.pk}"' in page.content.decode()
    assert client.get(reverse("reform:assessment", args=[d.pk])).status_code == 404
    assert sheet(client, world.leader_a, d, {"op": "scores", "column": "self", f"v-{c11.pk}": "5"}).status_code == 404
    assert client.get(reverse("reform:evaluation", args=[evaluation.pk])).status_code == 404  # not published
    # the agency may not write the council's column
    response = sheet(client, world.leader_a, a, {"op": "scores", "column": "round1", f"v-{c11.pk}": "1", "reason": "x"})
    assert errors(response) and not ScoreChange.objects.filter(field="round1_score").exists()
    # its own column: saved and attributed
    sheet(client, world.leader_a, a, {"op": "scores", "column": "self", f"v-{c11.pk}": "5,5"})
    change = ScoreChange.objects.get()
    assert (change.field, change.new, change.actor) == ("self_score", D("5.50"), world.leader_a)
    # a specialist of another agency, and a citizen, get nothing
    for user in (world.specialist_b, world.citizen):
        client.force_login(user)
        assert client.get(reverse("reform:assessment", args=[a.pk])).status_code == 404


def test_the_evaluation_from_self_assessment_to_publication_through_the_forms(client, world, evaluation):
    r, leader = world.reform, world.leader_a
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    crit = {c.code: c for c in evaluation.index_set.criteria.all()}
    c11 = crit["1.1"]
    command = reverse("reform:evaluation-command", args=[evaluation.pk])

    def advance(to):
        evaluation.refresh_from_db()
        post(client, r, command, {"to": to, "version": evaluation.version})
        evaluation.refresh_from_db()
        assert evaluation.phase == to

    # self-assessment with evidence per criterion, then submitted by the leader
    sheet(client, leader, a, {"op": "scores", "column": "self", f"v-{c11.pk}": "6"})
    sheet(client, leader, a, {"op": "evidence", "criterion": c11.pk, "description": "Kế hoạch 01/KH", "file": pdf()})
    assert Evidence.objects.get(score__criterion=c11, score__assessment=a).description == "Kế hoạch 01/KH"
    sheet(client, leader, a, {"op": "submit"})
    a.refresh_from_db()
    assert a.self_submitted_at is not None
    response = sheet(client, leader, a, {"op": "scores", "column": "self", f"v-{c11.pk}": "1"})
    assert errors(response)  # submitted: the agency's column is closed
    # metrics typed in by Home Affairs for the computed criteria (no provider in this test)
    metric_url = reverse("reform:metric-value", args=[evaluation.pk])
    for metric, value in (("on_time_rate", "90"), ("sipas_satisfaction", "80")):
        post(client, r, metric_url, {"agency": world.agency_a.pk, "metric": metric, "value": value, "evidence": "BC"})
    # round 1: the council lowers 1.1 and computes the formula criteria
    advance(P.APPRAISAL_1)
    response = sheet(client, r, a, {"op": "scores", "column": "round1", f"v-{c11.pk}": "3"})
    assert errors(response)  # a reason is required
    sheet(client, r, a, {"op": "scores", "column": "round1", f"v-{c11.pk}": "3", f"r-{c11.pk}": "Thiếu minh chứng"})
    sheet(client, r, a, {"op": "compute"})
    # explanation, then round 2 re-scores only what was explained
    advance(P.EXPLANATION)
    sheet(client, leader, a, {"op": "explain", f"e-{c11.pk}": "Kế hoạch ban hành ngày 05/01, minh chứng đính kèm"})
    advance(P.APPRAISAL_2)
    sheet(client, r, a, {"op": "scores", "column": "round2", f"v-{c11.pk}": "5", "reason": "Chấp nhận giải trình"})
    # bonuses and deductions
    advance(P.ADJUSTMENTS)
    sheet(client, r, a, {"op": "adjust", "kind": "bonus", "points": "1.5", "reason": "Sáng kiến CCHC"})
    sheet(client, r, a, {"op": "adjust", "kind": "deduction", "points": "0.5", "reason": "Báo cáo trễ"})
    response = sheet(client, r, a, {"op": "adjust", "kind": "bonus", "points": "1", "reason": "x"})
    assert errors(response)  # over the cap of 2
    advance(P.FINAL)
    evaluation.refresh_from_db()
    post(client, r, command, {"op": "publish", "version": evaluation.version, "decision_number": "12/QĐ-UBND"})
    evaluation.refresh_from_db()
    assert evaluation.phase == P.PUBLISHED
    a.refresh_from_db()
    # 1.1 = 5 (round 2), 1.2 = 90% on linear 80→100 of 4 = 2, 2.1 = 80% of 10 = 8 → 15 + 1.5 − 0.5 = 16 of 20
    assert (a.appraised_total, a.bonus, a.deduction, a.final_score, a.index_value) == (
        D("15.00"),
        D("1.50"),
        D("0.50"),
        D("16.00"),
        D("80.00"),
    )
    # published: the ranking is public to signed-in people, the sheet is frozen
    client.force_login(world.leader_a)
    page = client.get(reverse("reform:evaluation", args=[evaluation.pk])).content.decode()
    assert "<svg" in page and "80" in page
    before = ScoreChange.objects.count()
    response = sheet(client, r, a, {"op": "adjust", "kind": "bonus", "points": "0.5", "reason": "muộn"})
    assert errors(response) and ScoreChange.objects.count() == before and a.adjustments.count() == 2
    who = set(ScoreChange.objects.filter(score__assessment=a).values_list("actor__username", "field"))
    assert {("leader_a", "self_score"), ("reform", "round1_score"), ("reform", "round2_score")} <= who


def test_an_inspection_from_plan_to_closed_recommendations(client, world):
    r = world.reform
    url = reverse("reform:inspections") + "?year=2026"
    post(client, r, url, {"op": "plan", "year": 2026, "title": "Kế hoạch kiểm tra CCHC 2026"})
    plan = InspectionPlan.objects.get()
    post(
        client,
        r,
        url,
        {"op": "schedule", "plan": plan.pk, "agency": world.agency_a.pk, "scheduled_on": "2026-05-20", "scope": "TTHC"},
    )
    inspection = Inspection.objects.get()
    page = reverse("reform:inspection", args=[inspection.pk])
    post(
        client,
        r,
        page,
        {
            "op": "record",
            "carried_out_on": "2026-05-20",
            "conclusion": "Cơ bản đạt yêu cầu",
            "findings": "Chưa cập nhật niêm yết 3 TTHC\n",
            "recommendations": "Cập nhật niêm yết TTHC | 2026-06-30\n",
        },
    )
    rec = Recommendation.objects.get()
    assert (rec.deadline, inspection.findings.count()) == (date(2026, 6, 30), 1)
    response = post(client, r, page, {"op": "close"})
    assert errors(response)  # a recommendation is still open
    post(
        client,
        world.leader_a,
        page,
        {"op": "respond", "recommendation": rec.pk, "response": "Đã cập nhật", "file": pdf()},
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.RESPONDED and rec.evidence.count() == 1
    client.force_login(world.leader_c)
    assert client.get(page).status_code == 404  # another agency's inspection
    post(client, r, page, {"op": "close_rec", "recommendation": rec.pk})
    post(client, r, page, {"op": "close"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED


def test_opening_an_evaluation_from_the_dashboard(client, world, monkeypatch):
    from motcua.reform import views_forms

    monkeypatch.setattr(views_forms, "current_province", lambda day=None: world.province)
    index_set, _ = actions.import_index_set(SMALL_SET)
    client.force_login(world.reform)
    assert f'value="{index_set.pk}"' in client.get(reverse("reform:dashboard")).content.decode()
    response = post(client, world.reform, reverse("reform:evaluation-open"), {"index_set": index_set.pk})
    assessments = Assessment.objects.filter(evaluation__index_set=index_set)
    assert response["Location"] == reverse("reform:evaluation", args=[assessments.first().evaluation_id])
    # departments only (the set is for departments): A and D, not the communes
    assert set(assessments.values_list("agency__code", flat=True)) == {world.agency_a.code, world.agency_d.code}
    response = post(client, world.leader_a, reverse("reform:evaluation-open"), {"index_set": index_set.pk})
    assert response.status_code == 403


def _publish(world, data, on_time):
    index_set, _ = actions.import_index_set(data)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a, world.agency_d])
    for agency in (world.agency_a, world.agency_d):
        actions.enter_metric_value(
            world.reform, metric="on_time_rate", agency=agency, year=data["year"], value=on_time, evidence="BC"
        )
    for phase in (P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS, P.FINAL):
        actions.advance_evaluation(world.reform, evaluation, to=phase)
    actions.publish_evaluation(world.reform, evaluation, decision_number=f"{data['year']}/QĐ-UBND")
    return evaluation


def test_year_over_year_on_the_ranking_and_in_the_excel_tables(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    _publish(world, {**SMALL_SET, "code": "test-dept-2025", "year": 2025}, on_time=90)  # 1.2 = 2 of 4 → 10%
    current = _publish(world, SMALL_SET, on_time=100)  # 1.2 = 4 of 4 → 20%
    client.force_login(world.reform)
    page = client.get(reverse("reform:evaluation", args=[current.pk])).content.decode()
    assert re.search(r"\+10[.,]00", page)  # the change against last year's published index
    book = load_workbook(BytesIO(client.get(reverse("reform:evaluation-export", args=[current.pk])).content))
    ranking, detail = book.worksheets
    header = next(r for r in ranking.iter_rows(values_only=True) if r and r[0] == "STT")
    row = next(r for r in ranking.iter_rows(values_only=True) if r and r[1] == "Sở A")
    values = dict(zip(header, row, strict=False))
    assert (values["Chỉ số (%)"], values["Chỉ số năm 2025 (%)"], values["Tăng/giảm"]) == (20.0, 10.0, 10.0)
    rows = {r[0]: r for r in detail.iter_rows(values_only=True) if r and r[0]}
    assert rows["1.2"][2:5] == (4.0, "Công thức: on_time_rate", 4.0)  # max, method, Sở A's points
    assert rows["1"][2] == 10.0 and rows["2.1"][3] == "Điều tra: sipas_satisfaction"
