"""The exam screen in Debian's chromium: answer, reload mid-exam, lose the network; nothing is lost."""

import pytest
from django.conf import settings
from django.test import Client

from motcua.core.browser import chromium_page
from motcua.core.testing import make_user
from motcua.recruitment import actions
from motcua.recruitment.models import ExamAnswer, ExamSession

pytestmark = pytest.mark.browser


def _login(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def _checked(page):
    return page.eval_on_selector_all("input[type=radio]:checked", "els => els.map(e => [e.name, e.value])")


def test_answers_survive_a_reload_and_a_network_drop(transactional_db, live_server, world, apply, announced):
    candidate = make_user("thisinh", full_name="Lê Thị Thí Sinh")
    application = apply(candidate, full_name="Lê Thị Thí Sinh")
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    actions.open_round1(actor=world.hr_a, round_=announced)
    session = ExamSession.objects.get(application=application)

    with chromium_page() as page:
        _login(page, live_server, candidate)
        page.goto(f"{live_server.url}/recruitment/exam/{session.pk}/")
        assert page.locator(".question").count() == 0  # no question before the start
        page.click("#start")
        page.wait_for_selector(".question")
        questions = page.locator(".question")
        questions.nth(0).locator("input[type=radio]").nth(1).check()
        questions.nth(1).locator("input[type=radio]").nth(2).check()
        questions.nth(0).locator("input[type=radio]").nth(3).check()  # changed my mind
        page.wait_for_function("!document.querySelector('#save-state').classList.contains('waiting')")
        before = _checked(page)
        assert len(before) == 2

        page.reload()
        page.wait_for_selector(".question")
        assert _checked(page) == before

        # The network drops: the answer waits in the browser, and is sent when the network returns.
        page.context.set_offline(True)
        page.locator(".question").nth(2).locator("input[type=radio]").nth(0).check()
        page.wait_for_timeout(300)
        assert "waiting" in page.get_attribute("#save-state", "class")
        page.context.set_offline(False)
        page.reload()
        page.wait_for_selector(".question")
        page.wait_for_function("!document.querySelector('#save-state').classList.contains('waiting')")
        assert len(_checked(page)) == 3
        page.screenshot(path="/tmp/exam.png", full_page=True)

        page.on("dialog", lambda dialog: dialog.accept())
        page.click("#finish")
        page.wait_for_selector("#result:not([hidden])")
        assert "/4" in page.inner_text("#result") or " 4" in page.inner_text("#result")
        page.screenshot(path="/tmp/exam-result.png")

    stored = dict(ExamAnswer.objects.filter(session=session).values_list("question_id", "choice"))
    expected = {int(name[1:]): int(value) for name, value in before}
    assert {q: stored[q] for q in expected} == expected
    assert len(stored) == 3
