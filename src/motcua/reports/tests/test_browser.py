"""The leaders' dashboard in Debian's chromium: charts, filters, and an export asked for, followed and downloaded."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from motcua.core.browser import chromium_page
from motcua.reports.tests.test_dashboard import steps  # noqa: F401 — the officers' fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_opens_the_dashboard_and_downloads_an_export(live_server, client, dw, steps):  # noqa: F811
    client.force_login(dw.leader_a)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    with chromium_page(viewport=(1280, 1000)) as page:
        page.context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page.goto(live_server.url + "/reports/dashboard/?from=2026-03-01&to=2026-03-31")
        assert page.locator("h1").inner_text() == "Bảng điều hành của lãnh đạo"
        assert page.locator("svg.chart").count() == 2
        assert (
            page.get_by_role("cell", name="specialist_a").count()
            + page.get_by_text(dw.specialist_a.full_name or "specialist_a").count()
            >= 1
        )
        if os.environ.get("REPORTS_SCREENSHOT"):
            page.screenshot(path=os.environ["REPORTS_SCREENSHOT"], full_page=True)
        page.get_by_role("button", name="Biểu thống kê (Excel)").click()
        page.wait_for_url("**/reports/exports/*/")
        link = page.get_by_role("link", name="Tải về")
        link.wait_for()
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == "bieu-II06a-2026-03-01-2026-03-31.xlsx"
        ws = load_workbook(BytesIO(Path(info.value.path()).read_bytes())).active
    assert ws["A1"].value == "Biểu số II.06a/VPCP/KSTT"
    assert any(row[1] == dw.agency_a.name for row in ws.iter_rows(values_only=True))
