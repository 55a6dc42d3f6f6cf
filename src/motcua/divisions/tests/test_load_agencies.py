from collections import Counter
from datetime import date
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from motcua.divisions.actions import agencies_file
from motcua.divisions.constants import AGENCY_CODE_RE, TWO_TIER_DATE, AgencyKind, Tier
from motcua.divisions.models import Agency
from motcua.divisions.selectors import agencies_of_province, communes_of, current_province, unit_on, valid_on

DAYS = [date(2020, 7, 3), date(2025, 2, 28), date(2025, 6, 30), date(2025, 7, 1), date(2026, 6, 9)]


def load() -> str:
    out = StringIO()
    call_command("load_agencies", stdout=out)
    return out.getvalue()


def test_it_needs_the_divisions_first(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    with pytest.raises(CommandError, match="run `motcua load_divisions` first"):
        load()


def test_a_province_without_a_file_is_a_clear_error(db, settings):
    call_command("load_divisions", province="01", stdout=StringIO())
    settings.MOTCUA_PROVINCE_CODE = "01"
    with pytest.raises(CommandError, match="No agency data for province 01"):
        load()


def test_it_loads_the_demo_agencies(dong_thap_agencies):
    province = current_province(date(2026, 6, 9))
    today = agencies_of_province(province, date(2026, 6, 9))
    committees = today.filter(kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.COMMUNE)
    assert committees.count() == 102
    assert set(committees.values_list("unit_id", flat=True)) == set(
        communes_of(province, date(2026, 6, 9)).values_list("pk", flat=True)
    )
    police = today.filter(kind=AgencyKind.POLICE, tier=Tier.COMMUNE)
    assert police.count() == 102
    assert set(police.values_list("parent__name", flat=True)) == {"Công an tỉnh Đồng Tháp"}
    assert police.filter(name="Công an phường Cao Lãnh").exists()
    assert today.get(kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.PROVINCE).code == "000.00.00.H20"
    assert today.filter(kind=AgencyKind.SERVICE_CENTRE).get().parent.name == "Văn phòng Ủy ban nhân dân tỉnh Đồng Tháp"
    for kind in (AgencyKind.POLICE, AgencyKind.TAX, AgencyKind.SOCIAL_INSURANCE, AgencyKind.LAND_REGISTRY):
        assert today.filter(kind=kind, tier=Tier.PROVINCE).count() == 1, kind
    # three tiers in 2020
    old = agencies_of_province(unit_on("87", date(2020, 7, 3)), date(2020, 7, 3))
    assert set(old.values_list("tier", flat=True)) == {Tier.PROVINCE, Tier.DISTRICT, Tier.COMMUNE}
    assert not old.filter(valid_to__gt=TWO_TIER_DATE).exists()


def test_it_is_idempotent(dong_thap_agencies):
    before = sorted(Agency.objects.values_list("pk", "code", "valid_from", "name", "unit_id", "parent_id"))
    output = load()
    assert sorted(Agency.objects.values_list("pk", "code", "valid_from", "name", "unit_id", "parent_id")) == before
    assert f"created 0, updated 0, unchanged {len(before)}" in output


def test_it_updates_in_place(dong_thap_agencies):
    agency = Agency.objects.get(code="000.00.03.H20")
    agency.name = "Sở Sửa Tay"
    agency.valid_from = date(2025, 8, 1)
    agency.save()
    assert "updated 1" in load()
    agency.refresh_from_db()
    assert (agency.name, agency.valid_from) == ("Sở Tư pháp tỉnh Đồng Tháp", TWO_TIER_DATE)


def test_a_code_twice_in_the_file_is_refused(dong_thap, tmp_path):
    doc = yaml.safe_load(agencies_file("82").read_text(encoding="utf-8"))
    period = doc["periods"][0]
    period.pop("per_commune")
    period["agencies"].append(dict(period["agencies"][0]))
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="appears twice"):
        call_command("load_agencies", file=path, stdout=StringIO())


def test_an_unknown_unit_is_a_clear_error(dong_thap, tmp_path):
    doc = {
        "periods": [
            {
                "name": "x",
                "valid_from": "2025-07-01",
                "agencies": [
                    {"code": "000.00.90.H20", "name": "Sở X", "kind": "department", "unit": "87", "sources": []}
                ],
            }
        ]
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(CommandError, match="unit 87 does not exist on 2025-07-01"):
        call_command("load_agencies", file=path, stdout=StringIO())


def test_codes_follow_qcvn_102_and_are_unique(dong_thap_agencies):
    codes = list(Agency.objects.values_list("code", flat=True))
    assert all(AGENCY_CODE_RE.match(code) for code in codes)
    assert len(codes) == len(set(codes)) == 18 + 2 * 102 + 8 + 2
    for day in DAYS:
        on_day = Counter(Agency.objects.filter(valid_on(day)).values_list("code", flat=True))
        assert [code for code, n in on_day.items() if n > 1] == [], day


def test_every_agency_is_consistent_with_its_unit(dong_thap_agencies):
    for agency in Agency.objects.select_related("unit", "parent"):
        agency.full_clean()  # level = unit's tier, validity within the unit's, no overlapping code
        assert agency.tier == agency.unit.tier
        if agency.parent is not None:
            assert agency.parent.is_valid_on(agency.valid_from or date(2025, 6, 30))


def test_the_demo_accounts_find_their_agencies(dong_thap_agencies):
    """The specs of accounts/data/demo_accounts.json resolve to exactly the expected agencies."""
    today = date(2026, 6, 9)
    agencies = agencies_of_province(current_province(today), today)
    assert agencies.filter(kind=AgencyKind.SERVICE_CENTRE, tier=Tier.PROVINCE).exists()
    assert agencies.filter(kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.PROVINCE).count() == 1
    assert agencies.filter(kind=AgencyKind.PEOPLES_COMMITTEE, tier=Tier.COMMUNE, name__icontains="Cao Lãnh").exists()
    for name in ("Tư pháp", "Nội vụ"):
        assert agencies.filter(kind=AgencyKind.DEPARTMENT, tier=Tier.PROVINCE, name__icontains=name).count() == 1


def test_every_row_of_the_file_states_its_code_status_and_sources():
    doc = yaml.safe_load(agencies_file("82").read_text(encoding="utf-8"))
    for period in doc["periods"]:
        for row in period.get("agencies", []):
            assert row["code_status"] in {"verified", "inferred", "placeholder"}, row["code"]
            assert row["sources"] and set(row["sources"]) <= set(doc["sources"]), row["code"]
