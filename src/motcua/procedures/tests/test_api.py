"""The public catalogue API: anonymous reads, problem+json errors with stable codes."""

import pytest
from rest_framework.test import APIClient

from motcua.procedures.constants import ErrorCode
from motcua.procedures.tests.factories import DocumentFactory, FeeFactory, process_with_steps

pytestmark = [pytest.mark.django_db, pytest.mark.urls("motcua.procedures.tests.urls")]
BASE = "/api/v1/procedures/"


@pytest.fixture
def client():
    return APIClient()


def test_anyone_can_list_the_catalogue(client, catalogue):
    response = client.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert body["results"][0]["code"] == "1.000656"
    assert body["results"][0]["levels"] == ["commune"]
    assert body["results"][0]["time"] == {"value": 0, "unit": "same_day", "note": ""}


def test_filters(client, catalogue):
    assert [r["code"] for r in client.get(BASE, {"level": "province"}).json()["results"]] == ["2.001610"]
    assert {r["code"] for r in client.get(BASE, {"field": "ho-tich"}).json()["results"]} == {"1.001193", "1.000656"}
    assert client.get(BASE, {"online_level": "none"}).json()["count"] == 0


def test_bad_filters_are_problems(client, catalogue):
    response = client.get(BASE, {"level": "hamlet"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == ErrorCode.INVALID_FILTER
    assert body["invalid_params"][0]["name"] == "level"


def test_search_is_ranked_and_unaccented(client, catalogue):
    results = client.get(f"{BASE}search/", {"q": "giay phep xay dung"}).json()["results"]
    assert [r["code"] for r in results][:2] == ["1.013225", "1.008432"]
    assert results[0]["rank"] > results[1]["rank"]
    assert client.get(BASE, {"q": "khai sinh"}).json()["results"][0]["code"] == "1.001193"


def test_search_needs_words(client, catalogue):
    response = client.get(f"{BASE}search/")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "q"


def test_fields_with_counts(client, catalogue):
    fields = {f["code"]: f["procedure_count"] for f in client.get(f"{BASE}fields/").json()}
    assert fields["ho-tich"] == 2


def test_detail_has_documents_fees_and_steps(client, catalogue, commune_agency, django_assert_max_num_queries):
    birth = catalogue["birth"]
    DocumentFactory(procedure=birth, name="Tờ khai")
    FeeFactory(procedure=birth, amount=0, exemptions="Miễn khi đúng hạn")
    process_with_steps(birth, commune_agency, [1, 5, 2])
    with django_assert_max_num_queries(10):
        response = client.get(f"{BASE}1.001193/")
    assert response.status_code == 200
    body = response.json()
    assert body["documents"][0]["name"] == "Tờ khai"
    assert body["fees"][0]["exemptions"] == "Miễn khi đúng hạn"
    steps = body["processes"][0]["steps"]
    assert [s["allotted_hours"] for s in steps] == [1, 5, 2]
    assert body["processes"][0]["agency"]["code"] == commune_agency.code
    assert client.get(f"{BASE}1.001193/", {"agency": "000.99.99.X99"}).json()["processes"] == []


def test_unknown_code_is_a_404_problem(client, db):
    response = client.get(f"{BASE}9.999999/")
    assert response.status_code == 404
    assert response.json()["code"] == ErrorCode.PROCEDURE_NOT_FOUND


def test_form_check_names_the_bad_fields(client, catalogue):
    birth = catalogue["birth"]
    birth.form_schema = {
        "type": "object",
        "required": ["child"],
        "properties": {"child": {"type": "object", "required": ["full_name"]}},
    }
    birth.save()
    url = f"{BASE}1.001193/form-check/"
    response = client.post(url, {"child": {}}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == ErrorCode.FORM_DATA_INVALID
    assert response.json()["invalid_params"][0]["name"] == "child.full_name"
    assert client.post(url, {"child": {"full_name": "An"}}, format="json").json() == {"valid": True}
