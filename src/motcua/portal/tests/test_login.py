"""Citizens sign in on the portal's own page; the submission and "my dossiers" pages require it."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_signs_a_citizen_in_and_out(client, dw):
    assert client.get("/dang-nhap/").status_code == 200
    response = client.post("/dang-nhap/", {"username": "citizen", "password": "pw-citizen"})
    assert response.status_code == 302 and response["Location"] == "/ho-so/"
    assert client.get("/ho-so/").status_code == 200
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/ho-so/").status_code == 302


def test_a_wrong_password_is_refused_on_the_page(client, dw):
    response = client.post("/dang-nhap/", {"username": "citizen", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_wizard_sends_anonymous_visitors_to_sign_in(client, dw):
    response = client.get(f"/thu-tuc/{dw.procedure.code}/nop/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/thu-tuc/")
