import contextlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from motcua.divisions.constants import AGENCY_CODE_RE, TIER_OF_KIND, TWO_TIER_DATE, AgencyKind, Tier, UnitKind
from motcua.divisions.models import AdministrativeUnit, validate_agency_code
from motcua.divisions.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    DistrictFactory,
    LegacyCommuneFactory,
    LegacyProvinceFactory,
    PeoplesCommitteeFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


def test_every_unit_kind_has_a_tier():
    assert set(TIER_OF_KIND) == set(UnitKind)
    assert {TIER_OF_KIND[k] for k in (UnitKind.PROVINCE, UnitKind.CENTRAL_CITY)} == {Tier.PROVINCE}
    assert {TIER_OF_KIND[k] for k in (UnitKind.WARD, UnitKind.COMMUNE, UnitKind.TOWNSHIP, UnitKind.SPECIAL_ZONE)} == {
        Tier.COMMUNE
    }


@pytest.mark.parametrize("kind", list(UnitKind))
def test_it_derives_the_tier_from_the_kind(kind):
    province = ProvinceFactory()
    parent = None if TIER_OF_KIND[kind] == Tier.PROVINCE else province
    unit = AdministrativeUnit.objects.create(code="K1", name="X", kind=kind, parent=parent)
    unit.refresh_from_db()
    assert unit.tier == TIER_OF_KIND[kind]


def test_a_three_tier_commune_is_valid():
    commune = LegacyCommuneFactory()
    commune.full_clean()
    assert (commune.tier, commune.parent.tier, commune.parent.parent.tier) == (
        Tier.COMMUNE,
        Tier.DISTRICT,
        Tier.PROVINCE,
    )


def test_clean_rejects_inconsistent_parents():
    province = ProvinceFactory()
    with raises_code("parent_tier"):
        CommuneFactory(parent=CommuneFactory(parent=province)).full_clean()
    with raises_code("province_has_no_parent"):
        AdministrativeUnit(code="P1", name="P", kind=UnitKind.PROVINCE, parent=province).full_clean()
    with raises_code("parent_required"):
        AdministrativeUnit(code="C1", name="C", kind=UnitKind.COMMUNE).full_clean()


def test_a_unit_must_end_with_its_parent():
    old_province = LegacyProvinceFactory()
    district = DistrictFactory.build(parent=old_province, valid_to=None)
    with raises_code("outlives_parent"):
        district.full_clean()


def test_a_code_can_be_reused_after_a_merger_but_not_for_an_overlapping_period():
    LegacyProvinceFactory(code="82", name="Tỉnh Tiền Giang")
    ProvinceFactory(code="82", name="Tỉnh Đồng Tháp").full_clean()
    clash = AdministrativeUnit(code="82", name="X", kind=UnitKind.PROVINCE, valid_from=date(2025, 1, 1))
    with raises_code("code_overlap"):
        clash.full_clean()


def test_the_database_refuses_two_open_start_units_with_one_code():
    LegacyProvinceFactory(code="87")
    with pytest.raises(IntegrityError):
        LegacyProvinceFactory(code="87")


def test_the_database_refuses_an_inverted_validity():
    with pytest.raises(IntegrityError):
        ProvinceFactory(valid_from=TWO_TIER_DATE, valid_to=date(2025, 1, 1))


@pytest.mark.parametrize("code", ["000.00.00.H20", "000.00.14.H20", "000.01.50.H20", "123.45.67.G09"])
def test_qcvn_102_codes_are_accepted(code):
    assert AGENCY_CODE_RE.match(code)
    validate_agency_code(code)


@pytest.mark.parametrize("code", ["H20", "00.00.00.H20", "000.00.00.h20", "000.00.00.H2", "G09.20", "000.00.00.H20 "])
def test_other_codes_are_refused(code):
    assert not AGENCY_CODE_RE.match(code)
    with pytest.raises(ValidationError):
        validate_agency_code(code)


def test_an_agency_has_the_level_of_its_unit():
    commune = CommuneFactory()
    ubnd = PeoplesCommitteeFactory(unit=commune)
    ubnd.full_clean()
    assert ubnd.tier == Tier.COMMUNE
    wrong = AgencyFactory.build(unit=commune, tier=Tier.PROVINCE, kind=AgencyKind.PEOPLES_COMMITTEE)
    with raises_code("agency_tier"):
        wrong.full_clean()


def test_an_agency_without_a_level_takes_its_units():
    commune = CommuneFactory()
    agency = AgencyFactory(unit=commune, tier=None)
    assert agency.tier == Tier.COMMUNE


def test_an_agency_cannot_outlive_its_unit():
    old = LegacyProvinceFactory()
    with raises_code("outlives_unit"):
        AgencyFactory.build(unit=old, valid_to=None).full_clean()


def test_an_agency_code_may_serve_two_periods_but_not_overlap():
    old, new = LegacyProvinceFactory(code="87"), ProvinceFactory(code="82")
    AgencyFactory(code="000.00.00.H20", unit=old, kind=AgencyKind.PEOPLES_COMMITTEE)
    AgencyFactory(code="000.00.00.H20", unit=new, kind=AgencyKind.PEOPLES_COMMITTEE).full_clean()
    clash = AgencyFactory.build(code="000.00.00.H20", unit=new, valid_from=date(2026, 1, 1))
    with raises_code("code_overlap"):
        clash.full_clean()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Tỉnh Đồng Tháp", "tỉnh Đồng Tháp"), ("Thành phố Cao Lãnh", "thành phố Cao Lãnh"), ("Đồng Tháp", "Đồng Tháp")],
)
def test_a_unit_name_inside_a_sentence_starts_lower_case(name, expected):
    from motcua.divisions.models import AdministrativeUnit

    assert AdministrativeUnit(name=name).name_in_sentence == expected


@contextlib.contextmanager
def raises_code(code: str):
    """The block raises a ValidationError carrying `code` (messages are translated; codes are not)."""
    with pytest.raises(ValidationError) as err:
        yield
    codes = {e.code for errors in err.value.error_dict.values() for e in errors}
    assert code in codes, codes
