"""The portal as a person sees it, in Debian's chromium driven by Playwright."""

import pytest
from django.test import override_settings

from motcua.core.browser import chromium_page
from motcua.core.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_a_visitor_sees_the_province_and_switches_to_english(live_server):
    build_world()
    with chromium_page() as page:
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text().startswith("Dịch vụ công")
        page.get_by_role("button", name="EN").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith("Public services")
