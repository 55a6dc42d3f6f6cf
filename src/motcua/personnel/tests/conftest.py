import pytest

from motcua.accounts import permissions
from motcua.accounts.constants import Role
from motcua.core.testing import build_world, make_user


@pytest.fixture(autouse=True)
def _fresh_agency_tree():
    """accounts.permissions caches the agency tree per process; a test's rolled-back agencies must not leak
    into the next test (on PostgreSQL the next test's agencies get new ids)."""
    clear = getattr(permissions, "clear_agency_tree", None)
    if clear:
        clear()
    yield
    if clear:
        clear()


@pytest.fixture
def world(db):
    w = build_world()
    w.people["hr_a"] = make_user("hr_a", (w.agency_a, Role.PERSONNEL_STAFF), full_name="Cán Bộ Tổ Chức A")
    w.people["hr_b"] = make_user("hr_b", (w.agency_b, Role.PERSONNEL_STAFF), full_name="Cán Bộ Tổ Chức B")
    return w
