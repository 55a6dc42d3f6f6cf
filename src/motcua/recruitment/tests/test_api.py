"""Who may do what through the recruitment API: personnel staff, the head, markers, candidates, strangers."""

from rest_framework.test import APIClient

from motcua.core.testing import make_user
from motcua.recruitment.constants import ErrorCode
from motcua.recruitment.models import Application


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _payload(announced, world, **overrides):
    rp = announced.positions.get(position=world.position)
    return {
        "round_position": rp.pk,
        "full_name": "Phạm Văn Dự",
        "birth_date": "1999-01-02",
        "gender": "male",
        "citizen_id": "087099001122",
        "phone": "0912000111",
        "qualification": 3,
        "declaration": True,
        **overrides,
    }


def test_the_announcement_is_public_and_drafts_are_not(world, announced):
    body = _client().get("/api/v1/recruitment/rounds/").json()
    assert [r["code"] for r in body["results"]] == ["TD2026"]
    assert {p["quota"] for p in body["results"][0]["positions"]} == {1, 2}


def test_a_candidate_applies_once_and_sees_only_their_own_application(world, announced):
    alice, bob = make_user("alice"), make_user("bob")
    url = f"/api/v1/recruitment/rounds/{announced.pk}/applications/"
    first = _client(alice).post(url, _payload(announced, world), format="json")
    assert first.status_code == 201, first.json()
    again = _client(alice).post(url, _payload(announced, world, citizen_id="087099001133"), format="json")
    assert (again.status_code, again.json()["code"]) == (409, ErrorCode.DUPLICATE_APPLICATION)
    _client(bob).post(url, _payload(announced, world, citizen_id="087099009999"), format="json")

    mine = _client(alice).get("/api/v1/recruitment/applications/").json()["results"]
    assert [a["full_name"] for a in mine] == ["Phạm Văn Dự"]
    bobs = Application.objects.get(candidate=bob)
    assert _client(alice).get(f"/api/v1/recruitment/applications/{bobs.pk}/").status_code == 404
    staff = _client(world.hr_a).get("/api/v1/recruitment/applications/").json()["results"]
    assert len(staff) == 2
    assert _client(world.stranger).get("/api/v1/recruitment/applications/").json()["results"] == []


def test_invalid_form_fields_come_back_as_invalid_params(world, announced):
    url = f"/api/v1/recruitment/rounds/{announced.pk}/applications/"
    answer = _client(make_user("carol")).post(url, _payload(announced, world, citizen_id="12"), format="json")
    assert answer.status_code == 400
    assert [p["name"] for p in answer.json()["invalid_params"]] == ["citizen_id"]


def test_round_steps_are_for_personnel_staff_only(world, announced):
    url = f"/api/v1/recruitment/rounds/{announced.pk}/close-applications/"
    for user in (world.stranger, world.citizen, world.specialist_b, world.marker1):
        refused = _client(user).post(url)
        assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.NOT_ALLOWED)
    assert _client(world.hr_a).post(url).json()["status"] == "applications_closed"
    again = _client(world.hr_a).post(url)
    assert (again.status_code, again.json()["code"]) == (409, ErrorCode.BAD_TRANSITION)


def test_a_candidate_cannot_mark_or_decide_scores(world, apply, announced):
    candidate = make_user("dave")
    application = apply(candidate)
    for tail, body in (("marks/", {"score": "99"}), ("decide-score/", {"score": "99", "reason": "x"})):
        answer = _client(candidate).post(f"/api/v1/recruitment/applications/{application.pk}/{tail}", body)
        assert (answer.status_code, answer.json()["code"]) == (403, ErrorCode.NOT_A_MARKER)
    assert (
        _client(world.stranger)
        .post(f"/api/v1/recruitment/applications/{application.pk}/marks/", {"score": 1})
        .status_code
        == 404
    )
