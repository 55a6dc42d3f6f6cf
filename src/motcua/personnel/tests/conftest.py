import pytest

from motcua.accounts.constants import Role
from motcua.core.testing import build_world, make_user


@pytest.fixture
def world(db):
    w = build_world()
    w.people["hr_a"] = make_user("hr_a", (w.agency_a, Role.PERSONNEL_STAFF), full_name="Cán Bộ Tổ Chức A")
    w.people["hr_b"] = make_user("hr_b", (w.agency_b, Role.PERSONNEL_STAFF), full_name="Cán Bộ Tổ Chức B")
    return w
