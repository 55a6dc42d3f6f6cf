"""The local OpenID provider served by the live server, and our client configured for it."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
import requests

SIM = "/identity/simulator"


@pytest.fixture
def provider(live_server, settings):
    base = f"{live_server.url}{SIM}"
    settings.IDENTITY_OIDC = True
    settings.IDENTITY_SIMULATOR = True
    settings.OIDC_OP_ISSUER = base
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_RP_CLIENT_ID = "motcua-test"
    settings.OIDC_RP_CLIENT_SECRET = "bi-mat-thu"
    return live_server


def to_provider(client, provider, next_url: str = "") -> str:
    """Start the sign-in on our side; return the provider's authorize URL we were sent to."""
    start = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.url}{SIM}/authorize?")
    return start["Location"]


def choose(authorize_url: str, citizen: str, *, cancel: bool = False) -> str:
    """Play the citizen on the provider's page over HTTP: pick who you are; return where it redirects."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page.text)}
    fields = {k: v for k, v in fields.items() if k not in ("citizen", "cancel", "csrfmiddlewaretoken")}
    fields["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', page.text).group(1)
    fields["citizen"] = citizen
    if cancel:
        fields["cancel"] = "1"
    answer = browser.post(authorize_url.split("?")[0], data=fields, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def back_to_us(client, location: str):
    """Follow the provider's redirect to our callback with the Django test client."""
    parts = urlsplit(location)
    assert parts.path == "/oidc/callback/"
    return client.get(f"{parts.path}?{parts.query}")
