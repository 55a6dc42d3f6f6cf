"""Citizen sign-in with OpenID Connect against the local provider, over real HTTP: our callback fetches the
token, the JWKS and the userinfo from the live server with `requests`, as it would from VNeID."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, User
from motcua.core.testing import build_world
from motcua.identity import simulator
from motcua.identity.tests.conftest import back_to_us, choose, to_provider

pytestmark = pytest.mark.django_db(transaction=True)

AN = "087090001234"  # Nguyễn Văn An in the simulator
MAI = "087185004321"  # Trần Thị Mai


def signed_in(client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_a_citizen_signs_in_and_gets_an_account_keyed_by_the_identification_number(client, provider):
    location = choose(to_provider(client, provider, next_url="/ho-so/"), MAI)
    assert "code=" in location and "state=" in location

    answer = back_to_us(client, location)

    assert answer.status_code == 302 and answer["Location"] == "/ho-so/"
    user = signed_in(client)
    assert user is not None and user.citizen_id == MAI
    assert user.full_name == "Trần Thị Mai" and user.phone == "0934567812" and user.email == "tranthimai@example.vn"
    assert not user.has_usable_password() and not user.memberships.exists()  # a citizen, no local password
    client.logout()
    again = back_to_us(client, choose(to_provider(client, provider), MAI))
    assert again.status_code == 302 and signed_in(client) == user  # the same account the second time
    assert User.objects.filter(citizen_id=MAI).count() == 1


def test_an_existing_citizen_is_matched_by_identification_number_not_by_email(client, provider):
    known = User.objects.create_user("congdan", citizen_id=AN, full_name="Nguyễn Văn An", password="x")
    User.objects.create_user("mai.khac", email="tranthimai@example.vn", password="x")

    back_to_us(client, choose(to_provider(client, provider), AN))
    assert signed_in(client) == known
    client.logout()
    back_to_us(client, choose(to_provider(client, provider), MAI))
    mai = signed_in(client)
    assert mai is not None and mai.username != "mai.khac" and mai.citizen_id == MAI


def test_an_officer_account_cannot_be_opened_with_the_national_identity(client, provider):
    world = build_world()
    officer = world.desk_a
    officer.citizen_id = AN
    officer.save(update_fields=["citizen_id"])
    assert Membership.objects.filter(user=officer, role=Role.DESK_OFFICER).exists()

    answer = back_to_us(client, choose(to_provider(client, provider), AN))

    assert answer.status_code == 302 and answer["Location"] == "/dang-nhap/?vneid=failed"
    assert signed_in(client) is None


def _tamper(monkeypatch, *, key=None, **claims):
    def forged(**kwargs):
        payload = {**simulator.id_token_claims(**kwargs), **claims}
        kid = simulator.key_id()  # the provider's key id, whatever key really signs
        return jwt.encode(payload, key or simulator.signing_key(), algorithm="RS256", headers={"kid": kid})

    monkeypatch.setattr(simulator, "id_token", forged)


@pytest.mark.parametrize(
    "tampering",
    [
        pytest.param({"key": "other"}, id="signed-with-another-key"),
        pytest.param({"nonce": "not-the-one-we-sent"}, id="wrong-nonce"),
        pytest.param({"aud": "another-client"}, id="wrong-audience"),
        pytest.param({"iss": "https://evil.example"}, id="wrong-issuer"),
        pytest.param({"exp": 1_000_000_000}, id="expired"),
    ],
)
def test_a_tampered_id_token_is_refused(client, provider, monkeypatch, tampering):
    if tampering.get("key") == "other":
        tampering = {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)}
    _tamper(monkeypatch, **tampering)

    answer = back_to_us(client, choose(to_provider(client, provider), AN))

    assert answer.status_code == 302 and answer["Location"] == "/dang-nhap/?vneid=failed"
    assert signed_in(client) is None and not User.objects.filter(citizen_id=AN).exists()


def test_a_state_we_did_not_issue_is_refused(client, provider):
    location = choose(to_provider(client, provider), AN)
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    query["state"] = ["forged-state"]

    answer = back_to_us(client, urlunsplit(parts._replace(query=urlencode(query, doseq=True))))

    assert answer.status_code == 400
    assert signed_in(client) is None


def test_a_code_is_good_once(client, provider):
    location = choose(to_provider(client, provider), AN)
    assert back_to_us(client, location).status_code == 302 and signed_in(client) is not None
    other = client.__class__()
    replay = other.get("/oidc/callback/?" + urlsplit(location).query)  # someone else replays the callback
    assert replay.status_code == 302 and other.session.get("_auth_user_id") is None


def test_cancelling_at_the_provider_signs_nobody_in(client, provider):
    answer = back_to_us(client, choose(to_provider(client, provider), AN, cancel=True))
    assert answer.status_code == 302 and signed_in(client) is None
