"""Who sees what: the one scoping helper, role by role.

Rows here are memberships (they carry both an agency and a user), standing in for any model with an
agency that holds it and a user who owns it, such as a dossier.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership
from motcua.accounts.permissions import agency_ids_for, scope_queryset, user_roles
from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def visible(user, **kwargs):
    kwargs.setdefault("owner_field", "user")
    return set(scope_queryset(user, Membership.objects.all(), **kwargs).values_list("user__username", "agency__code"))


def test_officer_sees_rows_of_their_agency_and_its_sub_agencies(world):
    assert agency_ids_for(world.desk_a) == {world.agency_a.pk, world.agency_a_branch.pk}
    rows = visible(world.desk_a, owner_field=None)
    assert rows and all(code == world.agency_a.code for _, code in rows)


def test_officer_does_not_see_another_agency(world):
    rows = visible(world.specialist_b, owner_field=None)
    assert rows == {("specialist_b", world.agency_b.code)}


def test_role_outside_the_allowed_roles_gives_no_agency_scope(world):
    # Reform staff hold a membership in agency A, but not a dossier-handling role.
    assert visible(world.reform, owner_field=None) == set()
    assert visible(world.reform, owner_field=None, roles={Role.REFORM_STAFF})


def test_province_admin_sees_everything(world):
    assert visible(world.province_admin) == set(Membership.objects.values_list("user__username", "agency__code"))


def test_owner_sees_only_their_own_rows(world):
    # specialist_b owns one row; with no agency path, owning is the only way to see a row.
    assert visible(world.specialist_b, agency_field=None) == {("specialist_b", world.agency_b.code)}
    assert visible(world.citizen, agency_field=None) == set()
    assert visible(world.stranger) == set()


def test_anonymous_sees_nothing(world):
    assert visible(AnonymousUser()) == set()


def test_superuser_sees_everything(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert len(visible(root)) == Membership.objects.count()


def test_roles_of_a_person(world):
    assert user_roles(world.citizen) == {"citizen"}
    assert user_roles(world.leader_a) == {"leader"}
    assert user_roles(AnonymousUser()) == set()


def test_expired_membership_grants_nothing(world):
    import datetime as dt

    Membership.objects.filter(user=world.desk_a).update(valid_to=dt.date(2020, 1, 1))
    assert agency_ids_for(world.desk_a) == set()
    assert user_roles(world.desk_a) == {"citizen"}
