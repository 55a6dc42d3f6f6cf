"""The published-information page: the issued provincial reform plan and the published PAR rankings."""

import pytest
from django.test import override_settings

from motcua.reform import actions
from motcua.reform.constants import EvaluationPhase as P
from motcua.reform.tests.conftest import YEAR, provincial, world  # noqa: F401 — the reform tests' fixtures
from motcua.reform.tests.test_evaluation import advance, evaluation  # noqa: F401

pytestmark = pytest.mark.django_db


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_everyone_reads_the_issued_plan_and_a_ranking_only_once_published(client, provincial, evaluation, world):  # noqa: F811
    page = client.get(f"/cong-khai/?year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["plan"] == provincial and "01/KH-UBND" in html and "Rà soát TTHC" in html
    assert page.context["rankings"] == []  # an evaluation still being scored is not public
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS, P.FINAL)
    actions.publish_evaluation(world.reform, evaluation, decision_number="99/QĐ-UBND")
    html = client.get("/cong-khai/").content.decode()
    assert "99/QĐ-UBND" in html and "Sở D" in html


def test_a_draft_plan_is_not_published(client, world):  # noqa: F811
    actions.create_provincial_plan(world.reform, year=YEAR, agency=world.ubnd, title="Dự thảo kế hoạch")
    page = client.get(f"/cong-khai/?year={YEAR}")
    assert page.context["plan"] is None and "Dự thảo kế hoạch" not in page.content.decode()
