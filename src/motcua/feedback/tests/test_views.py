"""Portal and desk pages, and the API: what each person sees, and never personal data in public."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.feedback import actions
from motcua.feedback.constants import Kind, Status
from motcua.feedback.models import Feedback

PERSONAL = ("Trần Thị Hạnh", "0913456001", "hanh@example.vn")


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


FORM = {
    "kind": "regulation",
    "subject": "Yêu cầu giấy tờ thừa",
    "content": "Cán bộ yêu cầu bản sao có chứng thực.",
    "author_name": "Trần Thị Hạnh",
    "author_phone": "0913456001",
    "consent_publish": "on",
    "website": "",
}


def test_the_submit_page_renders_and_a_submission_leads_to_its_code(world):
    client = client_for()
    page = client.get(reverse("feedback:submit"))
    assert page.status_code == 200
    assert 'name="anonymous"' in page.text and 'name="website"' in page.text
    response = client.post(reverse("feedback:submit"), FORM, follow=True)
    feedback = Feedback.objects.get()
    assert feedback.code in response.text and 'id="sent-code"' in response.text
    assert "Trần Thị Hạnh" not in response.text


def test_the_form_refuses_anonymity_for_a_regulation(world):
    response = client_for().post(reverse("feedback:submit"), FORM | {"anonymous": "on"})
    assert response.status_code == 400 and not Feedback.objects.exists()
    assert 'id="e-anonymous"' in response.text or "error" in response.text


def test_a_bot_filling_the_honeypot_creates_nothing(world):
    response = client_for().post(reverse("feedback:submit"), FORM | {"website": "http://x"})
    assert response.status_code == 302 and not Feedback.objects.exists()


def test_follow_up_shows_status_and_no_personal_data(world, submit):
    feedback = submit(actor=world.citizen)
    page = client_for().get(reverse("feedback:follow-up"), {"code": feedback.code.lower()})
    assert page.status_code == 200 and feedback.get_status_display() in page.text
    for text in (*PERSONAL, feedback.content, feedback.subject):
        assert text not in page.text
    assert client_for().get(reverse("feedback:follow-up"), {"code": "PA-000000-XXXXXX"}).status_code == 404


def test_a_published_answer_is_public_and_searchable(world, routed):
    actions.answer(actor=world.leader_a, feedback=routed, text="Không yêu cầu bản sao có chứng thực.")
    actions.publish(actor=world.reform, feedback=routed, public_question="Có phải nộp bản sao chứng thực không?")
    page = client_for().get(reverse("feedback:follow-up"), {"code": routed.code})
    assert "Không yêu cầu bản sao có chứng thực." in page.text
    assert all(text not in page.text for text in PERSONAL)
    listing = client_for().get(reverse("feedback:published"), {"q": "chứng thực"})
    assert routed.code in listing.text and all(text not in listing.text for text in PERSONAL)
    assert routed.code not in client_for().get(reverse("feedback:published"), {"q": "xây dựng"}).text
    assert routed.code in client_for().get(reverse("feedback:published"), {"q": "chung thuc"}).text  # no diacritics


def test_the_inbox_is_for_officers_with_their_counts(world, routed, submit):
    assert client_for().get(reverse("feedback:inbox")).status_code == 302  # sign in first
    assert client_for(world.citizen).get(reverse("feedback:inbox")).status_code == 404
    page = client_for(world.leader_a).get(reverse("feedback:inbox"))
    assert page.status_code == 200 and routed.code in page.text
    other = actions.route(actor=world.reform, feedback=submit(subject="Việc của xã"), agency=world.agency_b)
    assert other.code not in page.text
    assert other.code not in client_for(world.leader_a).get(reverse("feedback:inbox-key", args=["overdue"])).text
    assert client_for(world.specialist_b).get(reverse("feedback:handle", args=[routed.code])).status_code == 404
    router = client_for(world.reform).get(reverse("feedback:inbox-key", args=["to_answer"]))
    assert routed.code in router.text and other.code in router.text


def test_route_and_answer_through_the_desk_pages(world, submit):
    feedback = submit()
    url = reverse("feedback:handle", args=[feedback.code])
    page = client_for(world.reform).get(url)
    assert page.status_code == 200 and "Trần Thị Hạnh" in page.text  # officers see the author
    response = client_for(world.reform).post(
        url, {"action": "route", "route-agency": world.agency_a.code, "route-note": "", "route-version": 1}
    )
    assert response.status_code == 302
    # The leader of A answers; a stale second submission is refused with a clear message.
    leader = client_for(world.leader_a)
    assert 'value="answer"' in leader.get(url).text
    data = {"action": "answer", "answer-text": "Đã chấn chỉnh.", "answer-legal_basis": "", "answer-version": 2}
    assert leader.post(url, data).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert leader.post(url, data).status_code == 404  # answering is no longer offered


def test_an_officer_of_another_agency_is_not_offered_to_answer(world, routed):
    url = reverse("feedback:handle", args=[routed.code])
    page = client_for(world.desk_a).get(url)  # desk officer of A: reads only
    assert page.status_code == 200 and 'value="answer"' not in page.text
    response = client_for(world.desk_a).post(url, {"action": "answer", "answer-text": "x", "answer-version": 2})
    assert response.status_code == 404


def test_a_citizen_sees_only_their_own_feedback(world, submit):
    mine = submit(actor=world.citizen, author_name="")
    theirs = submit(actor=world.stranger, subject="Của người khác")
    page = client_for(world.citizen).get(reverse("feedback:mine"))
    assert mine.code in page.text and theirs.code not in page.text
    api = client_for(world.citizen).get("/api/v1/feedback/")
    assert [row["code"] for row in api.json()["results"]] == [mine.code]


# --- API ------------------------------------------------------------------------------------------------------
def test_api_submit_and_follow_up(world):
    client = client_for()
    response = client.post(
        "/api/v1/feedback/submit/",
        {"kind": "conduct", "subject": "Thái độ", "content": "Quát người dân", "anonymous": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    code = response.json()["code"]
    public = client.get(f"/api/v1/feedback/follow-up/{code}/").json()
    assert public["status"] == "received" and public["answer"] is None and public["subject"] is None
    assert not {"author_name", "author_phone", "author_email", "content"} & set(public)


def test_api_refuses_anonymous_regulation_feedback_with_a_problem(world):
    response = client_for().post(
        "/api/v1/feedback/submit/",
        {"kind": Kind.REGULATION, "subject": "A", "content": "B", "anonymous": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "feedback_anonymous_not_allowed"


def test_api_follow_up_of_an_unknown_code_is_404(world):
    response = client_for().get("/api/v1/feedback/follow-up/PA-000000-AAAAAA/")
    assert response.status_code == 404 and response.json()["code"] == "feedback_not_found"


@pytest.mark.parametrize("who", ["leader_a", "reform", "specialist_b", "stranger"])
def test_api_list_is_scoped(world, routed, who):
    rows = client_for(getattr(world, who)).get("/api/v1/feedback/").json()["results"]
    expected = {"leader_a": [routed.code], "reform": [routed.code], "specialist_b": [], "stranger": []}[who]
    assert [r["code"] for r in rows] == expected


def test_the_route_form_proposes_the_agency_the_author_named(world, submit):
    feedback = submit(concerned_agency=world.agency_b)
    page = client_for(world.reform).get(reverse("feedback:handle", args=[feedback.code]))
    assert f'<option value="{world.agency_b.code}" selected>' in page.text


def test_a_refused_form_keeps_what_was_typed(world):
    data = FORM | {"author_phone": "", "concerned_agency": world.agency_a.code}
    response = client_for().post(reverse("feedback:submit"), data)
    assert response.status_code == 400 and not Feedback.objects.exists()
    assert f'<option value="{world.agency_a.code}" selected>' in response.text
    assert 'value="Yêu cầu giấy tờ thừa"' in response.text
