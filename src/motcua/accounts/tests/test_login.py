"""Officers and citizens sign in on the site's own page (the admin's login is for staff only)."""

import pytest
from django.test import Client

from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


def test_an_officer_signs_in_and_lands_on_the_desk():
    world = build_world()
    client = Client()
    page = client.get("/desk/")
    assert page.status_code == 302 and "/dang-nhap/" in page["Location"]
    response = client.post("/dang-nhap/", {"username": "desk_a", "password": "pw-desk_a", "next": "/desk/"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    assert world.desk_a.pk == int(client.session["_auth_user_id"])


def test_a_wrong_password_is_refused():
    build_world()
    response = Client().post("/dang-nhap/", {"username": "desk_a", "password": "nope"})
    assert response.status_code == 200 and response.context["form"].errors
