"""Factories for administrative units and agencies, for the tests of every app.

    province = ProvinceFactory()                  # a two-tier province, valid from 1/7/2025
    commune = CommuneFactory(parent=province)
    agency = AgencyFactory(unit=province)         # a department of the province
    ubnd = PeoplesCommitteeFactory(unit=commune)  # the commune's People's Committee

Codes are unique test codes (not GSO codes); agency codes follow QCVN 102 with level 1 "T98".
"""

import factory
from factory.django import DjangoModelFactory

from motcua.divisions.constants import TWO_TIER_DATE, AgencyKind, UnitKind
from motcua.divisions.models import AdministrativeUnit, Agency


class AdministrativeUnitFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    kind = UnitKind.PROVINCE
    parent = None
    valid_from = TWO_TIER_DATE
    valid_to = None


class ProvinceFactory(AdministrativeUnitFactory):
    pass


class CommuneFactory(AdministrativeUnitFactory):
    """A commune-level unit; directly under a province (two tiers) unless given a district parent."""

    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = factory.SelfAttribute("parent.valid_from")
    valid_to = factory.SelfAttribute("parent.valid_to")


class LegacyProvinceFactory(AdministrativeUnitFactory):
    """A province of the three-tier era (ended 1/7/2025)."""

    valid_from = None
    valid_to = TWO_TIER_DATE


class DistrictFactory(AdministrativeUnitFactory):
    name = factory.Sequence(lambda n: f"Huyện Thử Nghiệm {n}")
    kind = UnitKind.DISTRICT
    parent = factory.SubFactory(LegacyProvinceFactory)
    valid_from = factory.SelfAttribute("parent.valid_from")
    valid_to = factory.SelfAttribute("parent.valid_to")


class LegacyCommuneFactory(CommuneFactory):
    parent = factory.SubFactory(DistrictFactory)


def _agency_code(n: int) -> str:
    return f"{n // 10000 % 1000:03d}.{n // 100 % 100:02d}.{n % 100:02d}.T98"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(_agency_code)
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    short_name = ""
    kind = AgencyKind.DEPARTMENT
    unit = factory.SubFactory(ProvinceFactory)
    tier = factory.SelfAttribute("unit.tier")
    valid_from = factory.SelfAttribute("unit.valid_from")
    valid_to = factory.SelfAttribute("unit.valid_to")


class PeoplesCommitteeFactory(AgencyFactory):
    name = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.unit.name}")
    kind = AgencyKind.PEOPLES_COMMITTEE


__all__ = [
    "AdministrativeUnitFactory",
    "AgencyFactory",
    "CommuneFactory",
    "DistrictFactory",
    "LegacyCommuneFactory",
    "LegacyProvinceFactory",
    "PeoplesCommitteeFactory",
    "ProvinceFactory",
]
