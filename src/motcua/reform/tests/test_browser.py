"""The reform dashboard as Home Affairs staff see it, in Debian's chromium."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from motcua.core.browser import chromium_page
from motcua.reform import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_reform_staff_see_coverage_and_charts_in_vietnamese(live_server, client, world, provincial):
    actions.cascade_plan(world.leader_a, provincial, world.agency_a)
    client.force_login(world.reform)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    with chromium_page() as page:
        page.context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page.goto(live_server.url + "/reform/?year=2026")
        assert page.locator("h1").inner_text() == "Cải cách hành chính năm 2026"
        assert page.locator("svg.chart").count() == 2
        assert page.get_by_text("UBND Xã Hai").count() >= 1  # no plan yet: listed


def _as(page, client, live_server, user):
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_self_assessment_appraisal_and_publication_in_the_browser(live_server, client, world, tmp_path):
    from decimal import Decimal

    from motcua.reform.models import Assessment, Evidence

    from .test_evaluation import SMALL_SET

    index_set, _ = actions.import_index_set(SMALL_SET)
    evaluation = actions.open_evaluation(world.reform, index_set, [world.agency_a, world.agency_d])
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    c11 = index_set.criteria.get(code="1.1")
    evidence = tmp_path / "ke-hoach-cchc.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with chromium_page() as page:
        # the department's leader: from the reform menu to its score sheet, scores 1.1, attaches evidence, submits
        _as(page, client, live_server, world.leader_a)
        page.goto(live_server.url + "/reform/")
        page.get_by_role("link", name=index_set.name).click()
        page.locator(f"#v-{c11.pk}").fill("6")
        page.get_by_role("button", name="Lưu điểm").click()
        assert page.locator(".messages li").first.inner_text() == "Đã lưu 1 điểm."
        page.locator(f"#c{c11.pk} summary").click()
        page.locator(f"#c{c11.pk} input[type=file]").set_input_files(str(evidence))
        page.locator(f"#c{c11.pk} input[name=description]").fill("Kế hoạch CCHC 2026")
        page.locator(f"#c{c11.pk} button").click()
        assert page.get_by_role("link", name="Kế hoạch CCHC 2026").count() == 1
        page.get_by_role("button", name="Gửi kết quả tự đánh giá đến Hội đồng thẩm định").click()
        assert page.locator(f"#v-{c11.pk}").count() == 0  # submitted: no more inputs
        # Home Affairs: round 1 on the sheet, then through the phases to publication
        _as(page, client, live_server, world.reform)
        page.goto(live_server.url + f"/reform/evaluations/{evaluation.pk}/")
        page.locator("section.actions button").click()  # → appraisal round 1
        page.get_by_role("link", name="Sở A").first.click()
        page.locator(f"#v-{c11.pk}").fill("4")
        page.locator(f"input[name=r-{c11.pk}]").fill("Kế hoạch ban hành trễ")
        page.get_by_role("button", name="Lưu điểm").click()
        page.goto(live_server.url + f"/reform/evaluations/{evaluation.pk}/")
        for _ in range(4):  # explanation, round 2, adjustments, final
            page.locator("section.actions button").click()
        page.locator("input[name=decision_number]").fill("15/QĐ-UBND")
        page.locator("section.actions button").click()
        assert page.locator("section.actions").count() == 0  # published: no next phase
        assert page.locator("svg.chart").count() == 1
        row = page.locator("tr", has_text="Sở A")
        assert "20,00" in row.inner_text()  # 4 of 20 → index 20%
    a.refresh_from_db()
    assert (a.final_score, a.rank, evaluation.__class__.objects.get().phase) == (Decimal("4.00"), 1, "published")
    assert Evidence.objects.filter(score__assessment=a).count() == 1
