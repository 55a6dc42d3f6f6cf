import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.divisions.models import Agency


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser(username="root", password="pw-root", email="root@example.vn")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "query",
    ["", "?tier=3", "?kind=ward", "?validity=current", "?validity=ended", "?era=3tier", "?era=2tier", "?q=Cao+Lãnh"],
)
def test_the_unit_list_filters_and_searches(admin_client, dong_thap, query):
    response = admin_client.get(reverse("admin:divisions_administrativeunit_changelist") + query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["", "?tier=1", "?kind=service_centre", "?validity=current", "?q=H20"])
def test_the_agency_list_filters_and_searches(admin_client, dong_thap_agencies, query):
    response = admin_client.get(reverse("admin:divisions_agency_changelist") + query)
    assert response.status_code == 200


def test_the_agency_form_opens(admin_client, dong_thap_agencies):
    agency = Agency.objects.get(code="000.01.01.H20")
    response = admin_client.get(reverse("admin:divisions_agency_change", args=[agency.pk]))
    assert response.status_code == 200
    assert "Trung tâm Phục vụ hành chính công tỉnh Đồng Tháp" in response.content.decode()


def test_the_autocomplete_finds_units(admin_client, dong_thap):
    url = reverse("admin:autocomplete")
    params = {"app_label": "divisions", "model_name": "agency", "field_name": "unit", "term": "Cao Lãnh"}
    response = admin_client.get(url, params)
    assert response.status_code == 200
    assert response.json()["results"]
