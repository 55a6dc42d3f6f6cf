"""Memberships are read once per web request, and never kept outside one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.constants import Role
from motcua.accounts.permissions import memberships_of, user_roles
from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


def _membership_queries(queries) -> int:
    return sum('FROM "accounts_membership"' in q["sql"] for q in queries)


def test_a_desk_page_reads_the_officers_memberships_once(client):
    world = build_world()
    client.force_login(world.desk_a)
    client.get("/desk/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/desk/").status_code == 200
    assert _membership_queries(queries.captured_queries) == 1


def test_outside_a_request_a_new_membership_counts_at_once():
    world = build_world()
    stranger = world.stranger
    assert user_roles(stranger) == {Role.CITIZEN.value}
    stranger.memberships.create(agency=world.agency_b, role=Role.SPECIALIST)
    assert memberships_of(stranger) == [(Role.SPECIALIST.value, world.agency_b.pk)]
