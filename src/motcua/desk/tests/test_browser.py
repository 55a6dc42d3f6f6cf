"""The one-stop journey as people live it, in Debian's chromium driven by Playwright: a citizen submits online,
the desk of agency A receives, a specialist of commune B handles the inter-agency step, B's leader approves and
hands back to A's leader, who signs; A's desk returns the result; the citizen sees it and rates the service.
Plus a reception at the counter with the receipt printed, and the public lookup."""

import re

import pytest

from motcua.core.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str, then: str = "/") -> None:
    page.context.clear_cookies()  # a different person at the same computer
    page.goto(f"{base}/dang-nhap/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def act(page, base: str, code: str, action_label: str, *, to_user: str = "", comment: str = "") -> None:
    """Open the dossier on the desk, unfold one action, optionally pick who takes it, and submit."""
    page.goto(f"{base}/desk/ho-so/{code}/")
    action = page.locator("details.action", has=page.locator("summary", has_text=action_label)).first
    action.locator("summary").click()
    if to_user:
        action.locator("select[name=to_user]").select_option(to_user)
    if comment:
        action.locator("textarea[name=comment]").fill(comment)
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".notice.success").count() == 1, page.locator(".notice").all_inner_texts()


def test_the_whole_inter_agency_journey(live_server, dw):
    from motcua.dossiers.constants import Status
    from motcua.dossiers.models import Dossier
    from motcua.portal.models import Survey

    base = live_server.url
    code = dw.inter_procedure.code
    with chromium_page() as page:
        # The citizen submits online (no form, no papers for this procedure: agency, applicant, delivery, review).
        sign_in(page, base, "citizen", then=f"/thu-tuc/{code}/nop/")
        page.wait_for_url("**/nop/noi-nop/")
        page.click("button[name=next]")
        page.wait_for_url("**/nguoi-nop/")
        page.fill("#id_citizen_id", "087090001234")
        page.fill("#id_phone", "0912345678")
        page.click("button[name=next]")
        page.wait_for_url("**/nhan-ket-qua/")
        page.check("input[value=desk]")
        page.click("button[name=next]")
        page.wait_for_url("**/xem-lai/")
        page.check("#id_declaration")
        page.locator("form button.button-lg").click()
        page.wait_for_url("**/da-nop/")
        dossier_code = page.locator("#dossier-code").inner_text().strip()

        # A's desk finds it in "to receive", receives it and hands it to the commune's specialist by name.
        sign_in(page, base, "desk_a", then="/desk/hang-doi/to_receive/")
        assert dossier_code in page.locator("main").inner_text()
        act(page, base, dossier_code, "Tiếp nhận")
        assert Dossier.objects.get(code=dossier_code).status == Status.RECEIVED
        page.goto(f"{base}/desk/ho-so/{dossier_code}/")
        start = page.locator("details.action", has=page.locator("summary", has_text="Bắt đầu xử lý")).first
        start.locator("summary").click()
        assert "UBND Xã Một" in start.inner_text()  # where the inter-agency step goes
        options = start.locator("select[name=to_user] option").all_inner_texts()
        assert any("specialist_b" in o for o in options) and not any("desk_a" in o for o in options)
        act(page, base, dossier_code, "Bắt đầu xử lý", to_user="specialist_b")

        # The commune's specialist sees it in their queue and passes it to their leader, who approves.
        sign_in(page, base, "specialist_b", then="/desk/")
        assert dossier_code in page.locator("main").inner_text()
        act(page, base, dossier_code, "Chuyển bước tiếp theo", to_user="leader_b", comment="Đã xác minh cư trú.")
        sign_in(page, base, "leader_b", then="/desk/")
        act(page, base, dossier_code, "Chuyển bước tiếp theo", to_user="leader_a")

        # A's leader signs; A's desk returns the result at the counter.
        sign_in(page, base, "leader_a", then="/desk/")
        act(page, base, dossier_code, "Hoàn thành xử lý")
        assert Dossier.objects.get(code=dossier_code).status == Status.DONE
        sign_in(page, base, "desk_a", then="/desk/hang-doi/done/")
        assert dossier_code in page.locator("main").inner_text()
        act(page, base, dossier_code, "Trả kết quả")

        # The citizen sees the result returned in the timeline and rates the service.
        sign_in(page, base, "citizen", then=f"/ho-so/{dossier_code}/")
        assert "Đã trả kết quả" in page.locator("main").inner_text()
        assert "Đã xác minh cư trú." not in page.content()  # officers' internal comments stay internal
        page.goto(f"{base}/ho-so/{dossier_code}/danh-gia/")
        for radio in page.locator("input[type=radio][value='3']").all():
            radio.check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**/ho-so/{dossier_code}/")

        # Anyone can look the code up without signing in: the status, no personal data.
        page.context.clear_cookies()
        page.goto(f"{base}/tra-cuu/?code={dossier_code}")
        text = page.locator("main").inner_text()
        assert "Đã trả kết quả" in text and "087090001234" not in text and "Nguyễn Văn An" not in text

    dossier = Dossier.objects.get(code=dossier_code)
    assert dossier.status == Status.RETURNED
    holders = list(dossier.steps.order_by("started_at", "id").values_list("holder__username", flat=True))
    assert holders[1:4] == ["specialist_b", "leader_b", "leader_a"]
    survey = Survey.objects.get(dossier=dossier)
    assert [getattr(survey, c) for c in Survey.CRITERIA] == [3] * len(Survey.CRITERIA)


def test_reception_at_the_counter_prints_the_receipt(live_server, dw):
    from motcua.dossiers.models import Dossier

    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "desk_a", then="/desk/tiep-nhan/")
        page.fill("input[name=q]", dw.procedure.name[:12])
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        page.locator(f"a[href*='procedure={dw.procedure.code}']").first.click()
        page.wait_for_load_state()
        page.fill("#id_name", "Lê Thị Cúc")
        page.fill("#id_citizen_id", "087190004321")
        page.fill("#id_phone", "0987654321")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url(re.compile(r".*/desk/ho-so/.*receipt=1"))
        link = page.get_by_role("link", name="In giấy tiếp nhận hồ sơ và hẹn trả kết quả")
        with page.expect_popup() as popup:
            link.click()
        receipt = popup.value
        receipt.wait_for_load_state()
        assert receipt.url.endswith("/papers/receipt.pdf")
    dossier = Dossier.objects.get(applicant_name="Lê Thị Cúc")
    response = page_bytes(live_server, dossier.code)
    assert response.startswith(b"%PDF")


def page_bytes(live_server, code: str) -> bytes:
    """The receipt PDF as the desk officer's session fetches it."""
    from django.test import Client

    from motcua.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="desk_a"))
    return client.get(f"/api/v1/dossiers/{code}/papers/receipt.pdf").content
