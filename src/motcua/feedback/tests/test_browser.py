"""A person sends a conduct report anonymously in Debian's chromium, then follows it up by its code."""

import pytest
from django.test import override_settings

from motcua.core.browser import chromium_page
from motcua.core.testing import build_world
from motcua.feedback import actions
from motcua.feedback.models import Feedback
from motcua.feedback.tests.conftest import load_time_limits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_an_anonymous_conduct_report_and_its_follow_up(live_server):
    load_time_limits()
    world = build_world()
    with chromium_page(viewport=(390, 844)) as page:
        page.goto(live_server.url + "/phan-anh/")
        anonymous = page.locator("#id_anonymous")
        page.get_by_label("Thủ tục, quy định hành chính").check()
        assert anonymous.is_disabled()  # anonymity only for conduct reports
        page.get_by_label("Hành vi, thái độ của cán bộ, cơ quan").check()
        assert anonymous.is_enabled()
        anonymous.check()
        assert page.locator("#contact").is_hidden()  # no contact fields when anonymous
        page.fill("#id_subject", "Cán bộ hẹn nhiều lần")
        page.fill("#id_content", "Tôi bị yêu cầu bổ sung ba lần, mỗi lần một giấy tờ khác.")
        page.select_option("#id_concerned_agency", world.agency_a.code)
        page.get_by_role("button", name="Gửi").click()
        page.wait_for_selector("#sent-code")
        code = page.locator("#sent-code").inner_text().strip()
        feedback = Feedback.objects.get(code=code)
        assert feedback.anonymous and feedback.author_name == ""

        actions.route(actor=world.reform, feedback=feedback, agency=world.agency_a)
        page.goto(live_server.url + "/phan-anh/theo-doi/")
        page.fill("#code", code)
        page.get_by_role("button", name="Tra cứu").click()
        page.wait_for_selector("#result")
        assert "Sở A" in page.locator("section.card").inner_text()
        assert "Đã chuyển cơ quan có thẩm quyền" in page.locator("section.card").inner_text()
