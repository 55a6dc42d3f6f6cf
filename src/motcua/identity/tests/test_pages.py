"""The sign-in page offers VNeID only when it is configured; the simulator exists only when switched on."""

from __future__ import annotations

import pytest

from motcua.identity import claims

pytestmark = pytest.mark.django_db


def test_the_login_page_shows_the_vneid_button_only_when_enabled(client, settings):
    settings.IDENTITY_OIDC = False
    assert b"/oidc/authenticate/" not in client.get("/dang-nhap/").content
    assert client.get("/oidc/authenticate/").status_code == 404
    settings.IDENTITY_OIDC = True
    page = client.get("/dang-nhap/", {"next": "/ho-so/"}).content.decode()
    assert 'href="/oidc/authenticate/?next=/ho-so/"' in page
    assert "VNeID" in page
    failed = client.get("/dang-nhap/", {"vneid": "failed"}).content.decode()
    assert 'role="alert"' in failed


def test_the_simulator_is_off_outside_the_demo(client, settings):
    settings.IDENTITY_SIMULATOR = False
    assert client.get("/identity/simulator/.well-known/openid-configuration").status_code == 404
    assert client.get("/identity/simulator/jwks").status_code == 404
    settings.IDENTITY_SIMULATOR = True
    discovery = client.get("/identity/simulator/.well-known/openid-configuration").json()
    assert discovery["issuer"] == "http://testserver/identity/simulator"
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]
    key = client.get("/identity/simulator/jwks").json()["keys"][0]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["kid"]


@pytest.mark.parametrize(
    ("given", "refused"),
    [
        ({"SoDinhDanh": "087090001234", "NgayThangNamSinh": "15/04/1990"}, False),
        ({"SoDinhDanh": "087090001234", "NgayThangNamSinh": "1990-04-15"}, False),
        ({"SoDinhDanh": "087090001234", "NgayThangNamSinh": "15/04/1991"}, True),  # year contradicts the number
        ({"SoDinhDanh": "12345"}, True),
        ({"SoDinhDanh": "999090001234"}, True),  # not a province prefix
        ({"email": "someone@example.vn"}, True),  # e-mail alone identifies nobody
    ],
)
def test_claims_must_name_a_valid_identification_number(given, refused):
    from django.core.exceptions import ValidationError

    if refused:
        with pytest.raises(ValidationError):
            claims.read(given)
    else:
        assert claims.read(given).citizen_id == "087090001234"
