import pytest
from django.test import override_settings

from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_home_page_names_the_province_and_its_figures(client):
    build_world()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tỉnh Thử Nghiệm" in html
    assert response.context["summary"] == {"agencies": 3, "communes": 1}


def test_home_page_without_a_province_explains_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load_divisions" in response.content.decode()


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_home_page_is_vietnamese_by_default_and_english_on_request(client):
    build_world()
    assert client.get("/").headers["Content-Language"] == "vi"
    assert client.get("/en/").headers["Content-Language"] == "en"
