"""GET /api/v1/workdays/due-date — the public calculator."""

from datetime import time

import pytest
from django.core.management import call_command

from motcua.workdays.constants import ErrorCode
from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow

URL = "/api/v1/workdays/due-date"


def get(client, **params):
    return client.get(URL, params)


def assert_problem(response, code: ErrorCode, *names: str):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code.value
    assert {p["name"] for p in body["invalid_params"]} == set(names)
    assert {p["code"] for p in body["invalid_params"]} == {code.value}


def test_it_computes_a_due_date_without_any_calendar_in_the_database(client, db):
    response = get(client, start="2026-02-13T10:00:00+07:00", working_days="1")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-02-23T10:00:00+07:00"
    assert response.json()["calendar"]


def test_it_uses_the_loaded_default_calendar(client, province):
    call_command("load_calendars")
    response = get(client, start="2026-08-21T03:00:00Z", working_days="1")  # 10:00 in Vietnam
    assert response.json() == {"due_at": "2026-08-22T10:00:00+07:00", "calendar": "Lịch làm việc Tỉnh Thử Nghiệm"}


@pytest.mark.parametrize(
    ("params", "due"),
    [
        ({"working_hours": "2"}, "2026-03-02T14:00:00+07:00"),
        ({"calendar_days": "3"}, "2026-03-05T17:00:00+07:00"),
        ({"same_day": "true"}, "2026-03-02T17:00:00+07:00"),
        ({"same_day": "false", "working_days": "0.5"}, "2026-03-02T16:00:00+07:00"),
    ],
)
def test_each_kind_of_duration(client, db, params, due):
    response = get(client, start="2026-03-02T10:00:00+07:00", **params)
    assert response.status_code == 200, response.content
    assert response.json()["due_at"] == due


def test_an_unencoded_plus_in_the_offset_is_accepted(client, db):
    response = client.get(URL + "?start=2026-02-13T10:00:00+07:00&working_days=1")
    assert response.status_code == 200
    assert response.json()["due_at"] == "2026-02-23T10:00:00+07:00"


def test_an_agency_gets_its_own_calendar_else_its_province(client, commune_agency, department):
    call_command("load_calendars")
    own = WorkingCalendar.objects.create(name="Xã Một: cả thứ Bảy", agency=commune_agency)
    for weekday in range(6):  # Monday–Saturday 07:00–11:00
        WorkingWindow.objects.create(calendar=own, weekday=weekday, start=time(7), end=time(11))
    start = "2026-03-06T10:00:00+07:00"  # a Friday
    response = get(client, start=start, working_hours="2", agency=commune_agency.code)
    assert response.json() == {"due_at": "2026-03-07T08:00:00+07:00", "calendar": "Xã Một: cả thứ Bảy"}
    response = get(client, start=start, working_hours="2", agency=department.code)
    assert response.json()["due_at"] == "2026-03-06T14:00:00+07:00"
    assert response.json()["calendar"] == "Lịch làm việc Tỉnh Thử Nghiệm"


def test_a_new_holiday_is_seen_at_once(client, province):
    call_command("load_calendars")
    start = "2026-03-02T10:00:00+07:00"
    assert get(client, start=start, working_days="1").json()["due_at"] == "2026-03-03T10:00:00+07:00"
    Holiday.objects.create(date="2026-03-03", name="Local day off", kind="swapped_day_off", source="QĐ 1/QĐ-UBND")
    assert get(client, start=start, working_days="1").json()["due_at"] == "2026-03-04T10:00:00+07:00"


@pytest.mark.parametrize(
    ("params", "code", "names"),
    [
        ({"working_days": "1"}, ErrorCode.MISSING_START, ["start"]),
        ({"start": "13/02/2026 10:00", "working_days": "1"}, ErrorCode.INVALID_DATETIME, ["start"]),
        ({"start": "2026-02-30T10:00:00+07:00", "working_days": "1"}, ErrorCode.INVALID_DATETIME, ["start"]),
        ({"start": "2026-02-13T10:00:00", "working_days": "1"}, ErrorCode.NAIVE_DATETIME, ["start"]),
        (
            {"start": "2026-02-13T10:00:00+07:00"},
            ErrorCode.MISSING_DURATION,
            ["working_days", "working_hours", "calendar_days", "same_day"],
        ),
        (
            {"start": "2026-02-13T10:00:00+07:00", "same_day": "false"},
            ErrorCode.MISSING_DURATION,
            ["working_days", "working_hours", "calendar_days", "same_day"],
        ),
        (
            {"start": "2026-02-13T10:00:00+07:00", "working_days": "1", "calendar_days": "2"},
            ErrorCode.MULTIPLE_DURATIONS,
            ["working_days", "calendar_days"],
        ),
        ({"start": "2026-02-13T10:00:00+07:00", "working_days": "abc"}, ErrorCode.INVALID_DURATION, ["working_days"]),
        ({"start": "2026-02-13T10:00:00+07:00", "working_hours": "NaN"}, ErrorCode.INVALID_DURATION, ["working_hours"]),
        ({"start": "2026-02-13T10:00:00+07:00", "calendar_days": "1.5"}, ErrorCode.INVALID_DURATION, ["calendar_days"]),
        ({"start": "2026-02-13T10:00:00+07:00", "same_day": "maybe"}, ErrorCode.INVALID_DURATION, ["same_day"]),
        (
            {"start": "2026-02-13T10:00:00+07:00", "working_days": "0"},
            ErrorCode.NON_POSITIVE_DURATION,
            ["working_days"],
        ),
        (
            {"start": "2026-02-13T10:00:00+07:00", "working_hours": "-3"},
            ErrorCode.NON_POSITIVE_DURATION,
            ["working_hours"],
        ),
        ({"start": "2026-02-13T10:00:00+07:00", "working_days": "1e9"}, ErrorCode.OUT_OF_RANGE, ["working_days"]),
        (
            {"start": "1999-02-13T10:00:00+07:00", "working_days": "1"},
            ErrorCode.OUT_OF_RANGE,
            ["start", "working_days"],
        ),
        ({"start": "2040-12-31T18:00:00+07:00", "same_day": "true"}, ErrorCode.OUT_OF_RANGE, ["start"]),
        (
            {"start": "2026-02-13T10:00:00+07:00", "working_days": "1", "agency": "nope"},
            ErrorCode.UNKNOWN_AGENCY,
            ["agency"],
        ),
    ],
)
def test_bad_input_is_a_400_problem_with_a_code(client, db, params, code, names):
    assert_problem(get(client, **params), code, *names)


def test_it_is_in_the_openapi_schema(client, db, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/workdays/due-date"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"start", "working_days", "working_hours", "calendar_days", "same_day", "agency"} <= names
