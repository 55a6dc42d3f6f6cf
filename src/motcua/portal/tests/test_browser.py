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


def test_a_citizen_submits_online_on_a_phone(live_server, online, tmp_path):
    """The whole wizard at 390 px: sign in, five steps, a refused and an accepted upload, submit, the code."""
    from motcua.dossiers.models import Dossier
    from motcua.portal.tests.conftest import PDF, PNG

    good, bad = tmp_path / "giay-chung-sinh.pdf", tmp_path / "anh.pdf"
    good.write_bytes(PDF)
    bad.write_bytes(PNG)
    with chromium_page(viewport=(390, 844)) as page:
        page.goto(live_server.url + "/thu-tuc/1.000001/")
        page.get_by_role("link", name="Nộp trực tuyến").first.click()
        page.fill("#id_username", "citizen")
        page.fill("#id_password", "pw-citizen")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/nop/noi-nop/")
        assert page.locator("#id_agency").input_value() == online.agency_a.code  # the only agency, chosen
        page.click("button[name=next]")
        page.wait_for_url("**/nguoi-nop/")
        page.fill("#id_citizen_id", "0870900")
        page.fill("#id_phone", "0912345678")  # leaving the ID field checks it inline (HTMX)
        page.wait_for_selector("#e-citizen_id")
        page.fill("#id_citizen_id", "087090001234")
        page.click("button[name=next]")
        page.wait_for_url("**/to-khai/")
        page.fill("#f-child-full_name", "Nguyễn Văn Bé")
        page.fill("#f-child-birth_date", "2026-03-01")
        page.select_option("#f-child-sex", "nu")
        page.fill("#f-copies", "2")
        page.click("button[name=next]")
        page.wait_for_url("**/giay-to/")
        slot = page.locator("section.upload").first
        slot.locator("input[type=file]").set_input_files(str(bad))  # uploads on choosing (HTMX)
        page.wait_for_selector("section.upload .error")
        assert "anh.pdf" in page.locator("section.upload .error").first.inner_text()
        page.locator("section.upload").first.locator("input[type=file]").set_input_files(str(good))
        page.wait_for_selector("text=giay-chung-sinh.pdf")
        page.click("button[name=next]")
        page.wait_for_url("**/nhan-ket-qua/")
        page.check("input[value=desk]")
        page.click("button[name=next]")
        page.wait_for_url("**/xem-lai/")
        assert "16.000 đ" in page.content()
        page.check("#id_declaration")
        page.locator("form button.button-lg").click()
        page.wait_for_url("**/da-nop/")
        code = page.locator("#dossier-code").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    dossier = Dossier.objects.get()
    assert dossier.code == code and dossier.applicant == online.citizen
    assert dossier.documents.get().name == "giay-chung-sinh.pdf"
