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
