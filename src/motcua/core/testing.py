"""Test personas shared by every app's tests (healthchecks' alice/bob/charlie pattern).

Two agencies A and B of one province, a sub-agency of A, and people with different roles:
`desk_a` (desk officer of A), `specialist_b` (specialist of B), `leader_a`, `province_admin`,
`reform` (Home Affairs reform staff), `citizen` and `stranger` (another citizen).
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, User
from motcua.divisions.constants import AgencyKind, Tier, UnitKind
from motcua.divisions.models import AdministrativeUnit, Agency


@dataclass
class World:
    province: AdministrativeUnit
    commune: AdministrativeUnit
    agency_a: Agency
    agency_a_branch: Agency
    agency_b: Agency
    people: dict[str, User]

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["people"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def make_user(username: str, *memberships: tuple[Agency, str], **fields) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **fields)
    for agency, role in memberships:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def build_world() -> World:
    province = AdministrativeUnit.objects.create(code="99", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    commune = AdministrativeUnit.objects.create(code="99001", name="Xã Một", kind=UnitKind.COMMUNE, parent=province)
    agency_a = Agency.objects.create(
        code="000.00.01.T99", name="Sở A", tier=Tier.PROVINCE, kind=AgencyKind.DEPARTMENT, unit=province
    )
    branch = Agency.objects.create(
        code="000.01.01.T99",
        name="Chi cục của Sở A",
        tier=Tier.PROVINCE,
        kind=AgencyKind.DEPARTMENT,
        unit=province,
        parent=agency_a,
    )
    agency_b = Agency.objects.create(
        code="000.00.02.T99", name="UBND Xã Một", tier=Tier.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE, unit=commune
    )
    people = {
        "desk_a": make_user("desk_a", (agency_a, Role.DESK_OFFICER)),
        "leader_a": make_user("leader_a", (agency_a, Role.LEADER)),
        "specialist_b": make_user("specialist_b", (agency_b, Role.SPECIALIST)),
        "province_admin": make_user("province_admin", (agency_a, Role.PROVINCE_ADMIN)),
        "reform": make_user("reform", (agency_a, Role.REFORM_STAFF)),
        "citizen": make_user("citizen", full_name="Nguyễn Văn An"),
        "stranger": make_user("stranger", full_name="Trần Thị Bình"),
    }
    return World(province, commune, agency_a, branch, agency_b, people)
