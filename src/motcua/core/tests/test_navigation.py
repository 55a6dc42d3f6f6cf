"""The menu shows public sections to everyone and work sections only to the roles that use them."""

import pytest
from django.test import Client

from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


def _menu(user=None) -> list[str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    return [item["url"] for item in client.get("/").context["menu"]]


def test_visitors_see_public_sections_only():
    urls = _menu()
    assert "/tra-cuu/" in urls and "/recruitment/" in urls
    assert "/reform/" not in urls and "/personnel/" not in urls


def test_reform_staff_see_the_reform_section():
    world = build_world()
    assert "/reform/" in _menu(world.reform)
    assert "/reform/" not in _menu(world.desk_a)
