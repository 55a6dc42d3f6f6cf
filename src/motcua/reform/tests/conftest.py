"""Reform fixtures on top of core's personas: a province with two departments and two communes.

- `reform` (Home Affairs reform staff, province-wide in this app), agency A = a department with
  `leader_a`, agency B = commune "Xã Một" with `specialist_b`; we add `leader_b` (commune B's
  chairman), commune C with `leader_c`, and department D (no people).
"""

from __future__ import annotations

from datetime import date

import pytest

from motcua.accounts.constants import Role
from motcua.core.testing import build_world, make_user
from motcua.divisions.constants import AgencyKind, Tier, UnitKind
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.reform import actions
from motcua.reform.constants import SectionKind

YEAR = 2026


@pytest.fixture
def world(db):
    w = build_world()
    w.people["leader_b"] = make_user("leader_b", (w.agency_b, Role.LEADER))
    commune_c = AdministrativeUnit.objects.create(code="99002", name="Xã Hai", kind=UnitKind.COMMUNE, parent=w.province)
    w.agency_c = Agency.objects.create(
        code="000.00.03.T99", name="UBND Xã Hai", tier=Tier.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE, unit=commune_c
    )
    w.agency_d = Agency.objects.create(
        code="000.00.04.T99", name="Sở D", tier=Tier.PROVINCE, kind=AgencyKind.DEPARTMENT, unit=w.province
    )
    w.people["leader_c"] = make_user("leader_c", (w.agency_c, Role.LEADER))
    w.ubnd = Agency.objects.create(
        code="000.00.00.T99",
        name="UBND Tỉnh Thử Nghiệm",
        tier=Tier.PROVINCE,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        unit=w.province,
    )
    return w


@pytest.fixture
def provincial(world):
    """An issued 2026 provincial plan with tasks owned by A, co-operated by B, for all communes, for all."""
    r = world.reform
    plan = actions.create_provincial_plan(r, year=YEAR, agency=world.ubnd, title="Kế hoạch CCHC năm 2026")
    tthc = actions.add_section(r, plan, kind=SectionKind.PROCEDURES, code="II", title="Cải cách TTHC", order=2)
    digital = actions.add_section(r, plan, kind=SectionKind.DIGITAL, code="VII", title="Chính quyền số", order=7)
    world.t_a = actions.add_task(
        r, plan, section=tthc, code="2.1", title="Rà soát TTHC", owner=world.agency_a, deadline=date(2026, 6, 30)
    )
    world.t_d_coop_b = actions.add_task(
        r,
        plan,
        section=digital,
        code="7.1",
        title="Số hóa kết quả",
        owner=world.agency_d,
        cooperating=[world.agency_b],
        deadline=date(2026, 9, 30),
    )
    world.t_communes = actions.add_task(
        r, plan, section=tthc, code="2.2", title="Một cửa cấp xã", assign_to_all="commune", deadline=date(2026, 3, 31)
    )
    world.t_all = actions.add_task(
        r, plan, section=digital, code="7.2", title="Báo cáo CCHC định kỳ", assign_to_all="all"
    )
    world.t_d = actions.add_task(r, plan, section=digital, code="7.3", title="Việc riêng của D", owner=world.agency_d)
    actions.add_key_target(r, plan, code="KT1", title="Tỷ lệ hồ sơ đúng hạn", metric="on_time_rate", target_value=98)
    actions.issue_plan(r, plan, issued_on=date(2026, 1, 10), document_number="01/KH-UBND")
    plan.refresh_from_db()
    return plan
