"""The dossier REST API as an integration or a browser would use it."""

import pytest
from django.test import Client

from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierEvent

URL = "/api/v1/dossiers/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(dw, **extra):
    return {
        "procedure": dw.procedure.code,
        "agency": dw.agency_a.code,
        "applicant": {"name": "Nguyễn Văn An", "citizen_id": "087090001234", "phone": "0912345678"},
        **extra,
    }


def test_online_submission_is_idempotent(dw):
    client = _client(dw.citizen)
    first = client.post(URL, _body(dw), content_type="application/json", headers={"Idempotency-Key": "abc-1"})
    again = client.post(URL, _body(dw), content_type="application/json", headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    other = client.post(
        URL, _body(dw, form_data={"x": 1}), content_type="application/json", headers={"Idempotency-Key": "abc-1"}
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


def test_the_desk_receives_in_person_through_the_api(dw):
    response = _client(dw.desk_a).post(URL, _body(dw, channel=1), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == Status.RECEIVED and body["channel"] == 1 and body["due_at"]


@pytest.mark.parametrize(
    ("change", "status", "code", "param"),
    [
        ({"procedure": "9.999999"}, 400, "invalid", "procedure"),
        ({"agency": "000.00.00.X00"}, 400, "invalid", "agency"),
        ({"applicant": {"name": "A", "citizen_id": "123"}}, 400, "invalid", "applicant.citizen_id"),
    ],
)
def test_bad_submissions_are_problems_and_write_nothing(dw, change, status, code, param):
    response = _client(dw.citizen).post(URL, {**_body(dw), **change}, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    assert param in {p["name"] for p in body["invalid_params"]}
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_a_citizen_cannot_receive_at_a_desk(dw):
    response = _client(dw.citizen).post(URL, _body(dw, channel=1), content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden_role"
    assert not Dossier.objects.exists()


def test_who_sees_a_dossier(dw):
    code = _client(dw.citizen).post(URL, _body(dw), content_type="application/json").json()["code"]
    assert _client(dw.citizen).get(f"{URL}{code}/").status_code == 200
    assert _client(dw.desk_a).get(f"{URL}{code}/").status_code == 200
    for outsider in (dw.stranger, dw.specialist_b):
        response = _client(outsider).get(f"{URL}{code}/")
        assert response.status_code == 404 and response.json()["code"] == "dossier_not_found"
    assert [d["code"] for d in _client(dw.stranger).get(URL).json()["results"]] == []


def test_the_public_lookup_shows_status_without_personal_data(dw):
    code = _client(dw.citizen).post(URL, _body(dw), content_type="application/json").json()["code"]
    response = Client().get(f"/api/v1/public/dossiers/{code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert response.json()["status"] == Status.NEW
    for secret in ("087090001234", "0912345678", "Nguyễn Văn An"):
        assert secret not in text
    assert Client().get("/api/v1/public/dossiers/NOPE/").json()["code"] == "dossier_not_found"


def test_actions_take_the_version_and_refuse_a_stale_one(dw):
    code = _client(dw.desk_a).post(URL, _body(dw, channel=1), content_type="application/json").json()["code"]
    desk = _client(dw.desk_a)
    ok = desk.post(
        f"{URL}{code}/actions/assign/", {"version": 1, "to_user": "specialist_a"}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == Status.PROCESSING and ok.json()["holder"] == "specialist_a"
    stale = _client(dw.specialist_a).post(
        f"{URL}{code}/actions/forward/", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    illegal = desk.post(f"{URL}{code}/actions/return_result/", {"version": 2}, content_type="application/json")
    assert illegal.status_code == 409 and illegal.json()["code"] == "illegal_transition"
    unknown = desk.post(f"{URL}{code}/actions/teleport/", {"version": 2}, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_action"
    missing = desk.post(f"{URL}{code}/actions/request_supplement/", {"version": 2}, content_type="application/json")
    assert missing.status_code == 400 and {p["name"] for p in missing.json()["invalid_params"]} == {"reason"}
    events = _client(dw.desk_a).get(f"{URL}{code}/events/").json()
    assert [e["kind"] for e in events] == ["receive", "assign"]


def test_the_schema_describes_the_dossier_api(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    assert "/api/v1/dossiers/{code}/actions/{action}/" in schema.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_submission_make_one_dossier(dw):
    """A phone on a bad network sends the same submission 6 times at once: one dossier, six equal answers."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    barrier = Barrier(6)

    def send(_):
        try:
            client = _client(dw.citizen)
            barrier.wait()
            response = client.post(
                URL, _body(dw), content_type="application/json", headers={"Idempotency-Key": "flaky-network-1"}
            )
            return response.status_code, response.json()["code"]
        finally:
            connection.close()

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert {status for status, _ in answers} == {201}
    assert len({code for _, code in answers}) == 1
    assert Dossier.objects.count() == 1


def test_the_openapi_schema_validates(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
