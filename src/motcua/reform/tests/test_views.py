"""The Home Affairs pages: who may open them and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.reform import actions


@pytest.fixture
def plan_a(world, provincial):
    plan = actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    actions.submit_plan(world.leader_a, plan)
    return plan


def test_the_dashboard_is_for_reform_staff_only(client, world, plan_a):
    url = reverse("reform:dashboard") + "?year=2026"
    client.force_login(world.leader_a)
    assert client.get(url).status_code == 302  # to the agency's own page (test_web)
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403
    client.force_login(world.reform)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở D" in body and "UBND Xã Hai" in body  # no plan yet: named on the coverage list
    assert "<svg" in body and "cdn" not in body.lower()


def test_an_agency_sees_its_plan_but_not_anothers(client, world, provincial, plan_a):
    plan_c = actions.cascade_plan(world.leader_c, provincial, world.agency_c)
    client.force_login(world.leader_a)
    assert client.get(reverse("reform:plan", args=[plan_a.pk])).status_code == 200
    assert client.get(reverse("reform:plan", args=[provincial.pk])).status_code == 200
    assert client.get(reverse("reform:plan", args=[plan_c.pk])).status_code == 404


def test_the_dashboard_in_english(client, world, plan_a):
    client.force_login(world.reform)
    response = client.get("/en/reform/?year=2026")
    assert response.status_code == 200
    assert "Plan coverage" in response.content.decode()


def test_a_published_ranking_has_a_chart_and_an_excel_export(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from motcua.reform.constants import EvaluationPhase as P

    from .test_evaluation import SMALL_SET

    index_set, _ = actions.import_index_set(SMALL_SET)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a, world.agency_d])
    for phase in (P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS, P.FINAL):
        actions.advance_evaluation(world.reform, evaluation, to=phase)
    client.force_login(world.leader_a)
    assert client.get(reverse("reform:evaluation", args=[evaluation.pk])).status_code == 404  # not yet published
    actions.publish_evaluation(world.reform, evaluation, decision_number="01/QĐ-UBND")
    response = client.get(reverse("reform:evaluation", args=[evaluation.pk]))
    assert response.status_code == 200 and "<svg" in response.content.decode()
    response = client.get(reverse("reform:evaluation-export", args=[evaluation.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] in (1, 2)]
    assert [r[1] for r in rows] == ["Sở A", "Sở D"]  # tie at 0: both rank 1, ordered by code
    assert all(r[-2] == "1 (đồng hạng)" for r in rows)


def test_the_admin_lists_reform_data_and_locks_used_index_sets(client, world, provincial):
    from django.contrib.auth import get_user_model

    from .test_evaluation import SMALL_SET

    admin_user = get_user_model().objects.create_superuser("root", password="pw")
    index_set, _ = actions.import_index_set(SMALL_SET)
    client.force_login(admin_user)
    for name in ("plan", "indexset", "progressreport", "assessment", "scorechange", "recommendation"):
        assert client.get(reverse(f"admin:reform_{name}_changelist")).status_code == 200
    change = reverse("admin:reform_indexset_change", args=[index_set.pk])
    assert 'name="criteria-0-max_points"' in client.get(change).content.decode()
    actions.open_evaluation(world.reform, index_set, [world.agency_a])
    assert 'name="criteria-0-max_points"' not in client.get(change).content.decode()
    assert client.get(reverse("admin:reform_plan_change", args=[provincial.pk])).status_code == 200


def test_the_buttons_run_the_plan_workflow(client, world, provincial):
    client.force_login(world.leader_a)
    page = client.get(reverse("reform:plan", args=[provincial.pk])).content.decode()
    assert 'value="cascade"' in page
    do = reverse("reform:plan-command", args=[provincial.pk])
    response = client.post(do, {"op": "cascade", "agency": world.agency_a.pk})
    plan = world.agency_a.reform_plans.get(year=2026)
    assert response.status_code == 302 and response["Location"].endswith(f"/reform/plans/{plan.pk}/")
    client.post(reverse("reform:plan-command", args=[plan.pk]), {"op": "submit", "version": plan.version})
    plan.refresh_from_db()
    response = client.post(reverse("reform:plan-command", args=[plan.pk]), {"op": "accept", "version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "submitted"  # a leader of the agency may not accept: refused with a message
    assert "reform_forbidden" in client.get(response["Location"]).content.decode()
    client.force_login(world.reform)
    client.post(reverse("reform:plan-command", args=[plan.pk]), {"op": "accept", "version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "accepted"


def test_the_buttons_run_the_evaluation_to_publication(client, world):
    from .test_evaluation import SMALL_SET

    index_set, _ = actions.import_index_set(SMALL_SET)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a])
    client.force_login(world.reform)
    do = reverse("reform:evaluation-command", args=[evaluation.pk])
    for _ in range(5):
        evaluation.refresh_from_db()
        page = client.get(reverse("reform:evaluation", args=[evaluation.pk])).content.decode()
        to = page.split('name="to" value="')[1].split('"')[0]
        client.post(do, {"to": to, "version": evaluation.version})
    evaluation.refresh_from_db()
    assert evaluation.phase == "final"
    client.post(do, {"op": "publish", "decision_number": "5/QĐ-UBND", "version": evaluation.version})
    evaluation.refresh_from_db()
    assert evaluation.phase == "published" and evaluation.decision_number == "5/QĐ-UBND"
    page = client.get(reverse("reform:evaluation", args=[evaluation.pk])).content.decode()
    assert 'name="to"' not in page and 'value="publish"' not in page


def test_a_score_sheet_shows_who_changed_what_to_the_agency_and_to_reform_staff_only(client, world):
    from motcua.reform.constants import ScoreField

    from .test_evaluation import SMALL_SET

    index_set, _ = actions.import_index_set(SMALL_SET)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a])
    assessment = evaluation.assessments.get()
    criterion = index_set.criteria.get(code="1.1")
    actions.set_score(world.leader_a, assessment, criterion, field=ScoreField.SELF, value="5.5", reason="Có minh chứng")
    url = reverse("reform:assessment", args=[assessment.pk])
    client.force_login(world.leader_a)
    body = client.get(url).content.decode()
    assert "Có minh chứng" in body and "5.50" in body
    client.force_login(world.leader_b)
    assert client.get(url).status_code == 404
