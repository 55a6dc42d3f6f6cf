from datetime import date

from motcua.divisions import selectors
from motcua.divisions.constants import Tier, UnitKind

D2020 = date(2020, 7, 3)
D2026 = date(2026, 6, 9)
LAST_OLD_DAY, FIRST_NEW_DAY = date(2025, 6, 30), date(2025, 7, 1)


def test_a_2020_unit_and_a_2026_unit_both_resolve(dong_thap):
    assert selectors.unit_on("87", D2020).name == "Tỉnh Đồng Tháp"
    assert selectors.unit_on("82", D2020).name == "Tỉnh Tiền Giang"
    assert selectors.unit_on("82", D2026).name == "Tỉnh Đồng Tháp"
    assert selectors.unit_on("87", D2026) is None
    # a 2020 dossier's commune, with its district
    old = selectors.unit_on("29869", D2020)
    assert [u.name for u in selectors.lineage(old)] == ["Tỉnh Đồng Tháp", "Thành phố Cao Lãnh", "Phường 1"]
    assert old.tier == Tier.COMMUNE and old.parent.tier == Tier.DISTRICT


def test_valid_to_is_exclusive(dong_thap):
    assert selectors.unit_on("82", LAST_OLD_DAY).name == "Tỉnh Tiền Giang"
    assert selectors.unit_on("82", FIRST_NEW_DAY).name == "Tỉnh Đồng Tháp"
    assert selectors.unit_on("866", LAST_OLD_DAY) is not None
    assert selectors.unit_on("866", FIRST_NEW_DAY) is None


def test_communes_of_a_province_in_both_eras(dong_thap):
    new = selectors.unit_on("82", D2026)
    assert selectors.communes_of(new, D2026).count() == 102
    assert selectors.districts_of(new, D2026).count() == 0
    old_dt, old_tg = selectors.unit_on("87", D2020), selectors.unit_on("82", D2020)
    assert selectors.districts_of(old_dt, D2020).count() == 12
    assert selectors.communes_of(old_dt, D2020).count() == 141
    assert selectors.communes_of(old_tg, D2020).count() == 164
    kinds = set(selectors.communes_of(new, D2026).values_list("kind", flat=True))
    assert kinds == {UnitKind.WARD, UnitKind.COMMUNE}


def test_current_province_follows_the_setting(dong_thap, settings):
    assert selectors.current_province(D2026).name == "Tỉnh Đồng Tháp"
    assert selectors.current_province(D2020).name == "Tỉnh Tiền Giang"  # code 82 in 2020
    settings.MOTCUA_PROVINCE_CODE = "01"
    assert selectors.current_province(D2026) is None


def test_province_of_climbs_to_the_top(dong_thap):
    commune = selectors.unit_on("29869", D2020)
    assert selectors.province_of(commune).code == "87"


def test_agencies_resolve_by_code_and_date(dong_thap_agencies):
    assert selectors.agency_on("000.00.00.H20", D2020) is None  # the merged province's UBND starts 1/7/2025
    assert selectors.agency_on("000.00.00.H20", D2026).unit == selectors.unit_on("82", D2026)
    assert selectors.agency_on("000.00.14.H20", D2020).unit == selectors.unit_on("87", D2020)
    assert selectors.agency_on("000.00.00.H58", D2020).unit.name == "Tỉnh Tiền Giang"
    assert selectors.agency_on("000.00.31.H20", D2026) is None  # UBND TP Cao Lãnh ended with the district level
    assert selectors.agency_on("000.00.31.H20", D2020).name == "Ủy ban nhân dân thành phố Cao Lãnh"


def test_agencies_of_province_span_every_level(dong_thap_agencies):
    new = selectors.unit_on("82", D2026)
    tiers = set(selectors.agencies_of_province(new, D2026).values_list("tier", flat=True))
    assert tiers == {Tier.PROVINCE, Tier.COMMUNE}
    old = selectors.unit_on("87", D2020)
    tiers = set(selectors.agencies_of_province(old, D2020).values_list("tier", flat=True))
    assert tiers == {Tier.PROVINCE, Tier.DISTRICT, Tier.COMMUNE}


def test_peoples_committee_of_a_commune(dong_thap_agencies):
    ward = selectors.communes_of(selectors.unit_on("82", D2026), D2026).get(name="Phường Cao Lãnh")
    assert selectors.peoples_committee_of(ward, D2026).name == "Ủy ban nhân dân phường Cao Lãnh"


def test_portal_summary_counts_todays_province(dong_thap_agencies):
    summary = selectors.portal_summary()
    assert summary["communes"] == 102
    assert summary["agencies"] == 18 + 2 * 102


def test_portal_summary_without_data(db):
    assert selectors.portal_summary() == {"agencies": 0, "communes": 0}
