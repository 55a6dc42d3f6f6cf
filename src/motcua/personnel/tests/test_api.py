"""The personnel API answers within the caller's scope and refuses others with problem+json codes."""

from datetime import date

from rest_framework.test import APIClient

from motcua.personnel.constants import ErrorCode
from motcua.personnel.tests.factories import JobPositionFactory, UserFactory


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_vacancies_are_scoped_to_the_agencies_staff_manage(world):
    JobPositionFactory(agency=world.agency_a, headcount=2)
    JobPositionFactory(agency=world.agency_b, headcount=2)
    body = _client(world.hr_a).get("/api/v1/personnel/vacancies/").json()
    assert [a["agency_id"] for a in body] == [world.agency_a.pk]
    assert _client(world.citizen).get("/api/v1/personnel/vacancies/").json() == []


def test_a_stranger_cannot_place_people(world):
    position = JobPositionFactory(agency=world.agency_a)
    payload = {
        "person": UserFactory().pk,
        "position": position.pk,
        "rank": position.rank_id,
        "qualification": 3,
        "day": "2026-03-02",
    }
    refused = _client(world.stranger).post("/api/v1/personnel/placements/", payload, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == ErrorCode.NOT_ALLOWED
    placed = _client(world.hr_a).post("/api/v1/personnel/placements/", payload, format="json")
    assert placed.status_code == 201, placed.json()


def test_quota_is_set_and_read_back_with_use(world):
    client = _client(world.hr_a)
    year = date.today().year
    answer = client.post("/api/v1/personnel/quotas/", {"agency": world.agency_a.pk, "year": year, "assigned": 4})
    assert answer.status_code == 200
    assert answer.json()["vacant"] == 4
    listed = client.get(f"/api/v1/personnel/quotas/?year={year}").json()
    assert [(q["agency_id"], q["assigned"]) for q in listed] == [(world.agency_a.pk, 4)]
    anonymous = APIClient().get("/api/v1/personnel/quotas/")
    assert anonymous.status_code in (401, 403)


def test_the_dashboard_shows_personnel_staff_their_quotas(world, client):
    JobPositionFactory(agency=world.agency_a, headcount=2)
    client.force_login(world.hr_a)
    page = client.get("/personnel/")
    assert page.status_code == 200
    assert world.agency_a.name in page.content.decode()
    client.force_login(world.citizen)
    assert client.get("/personnel/").status_code == 403


def test_positions_and_quotas_export_to_excel_in_scope(world, client):
    from io import BytesIO

    from openpyxl import load_workbook

    JobPositionFactory(agency=world.agency_a, headcount=2, name="Chuyên viên pháp chế")
    JobPositionFactory(agency=world.agency_b, headcount=1, name="Công chức văn phòng")
    client.force_login(world.hr_a)
    answer = client.get("/en/personnel/export.xlsx?year=2026")
    assert answer.status_code == 200
    book = load_workbook(BytesIO(answer.content))
    positions = list(book["positions"].iter_rows(values_only=True))
    assert positions[0][:3] == ("agency", "code", "name")
    assert [row[2] for row in positions[1:]] == ["Chuyên viên pháp chế"]
    client.force_login(world.stranger)
    assert client.get("/personnel/export.xlsx").status_code == 403
