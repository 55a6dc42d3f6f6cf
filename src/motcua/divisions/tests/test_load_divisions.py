import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.divisions.actions import legacy_data
from motcua.divisions.constants import PROVINCE_PREDECESSORS, TWO_TIER_DATE, Tier
from motcua.divisions.models import AdministrativeUnit
from motcua.divisions.selectors import unit_on

D2026 = date(2026, 1, 1)


def load(**options) -> str:
    out = StringIO()
    call_command("load_divisions", stdout=out, **options)
    return out.getvalue()


def snapshot():
    return sorted(AdministrativeUnit.objects.values_list("pk", "code", "valid_from", "name", "kind", "parent_id"))


def test_it_loads_the_demo_province_in_both_eras(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    output = load()
    current = AdministrativeUnit.objects.filter(valid_from=TWO_TIER_DATE)
    assert current.filter(tier=Tier.PROVINCE).count() == 1
    assert current.filter(tier=Tier.COMMUNE, parent__code="82").count() == 102
    legacy = AdministrativeUnit.objects.filter(valid_to=TWO_TIER_DATE, valid_from__isnull=True)
    assert sorted(legacy.filter(tier=Tier.PROVINCE).values_list("name", flat=True)) == [
        "Tỉnh Tiền Giang",
        "Tỉnh Đồng Tháp",
    ]
    assert legacy.filter(tier=Tier.DISTRICT).count() == 11 + 12
    assert legacy.filter(tier=Tier.COMMUNE).count() == 164 + 141
    assert "created 433, updated 0, unchanged 0" in output


def test_it_is_idempotent(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "created 0, updated 0, unchanged 433" in output


def test_it_updates_in_place(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    load()
    ward = unit_on("82", D2026).children.get(name="Phường Cao Lãnh")
    ward.name = "Phường Sửa Tay"
    ward.save()
    output = load()
    ward.refresh_from_db()
    assert ward.name == "Phường Cao Lãnh"
    assert "created 0, updated 1, unchanged 432" in output


def test_it_links_old_provinces_to_the_new_one(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    load()
    load()
    new = unit_on("82", D2026)
    assert sorted(new.predecessors.values_list("code", flat=True)) == ["82", "87"]


def test_another_province_by_option(db):
    load(province="92")  # Cần Thơ ← Cần Thơ, Hậu Giang, Sóc Trăng
    assert AdministrativeUnit.objects.filter(tier=Tier.PROVINCE, valid_to=TWO_TIER_DATE).count() == 3
    assert unit_on("92", D2026).name == "Thành phố Cần Thơ"


def test_an_unknown_province_is_a_clear_error(db):
    with pytest.raises(CommandError, match="unknown province code '87'"):
        load(province="87")  # 87 no longer exists from 1/7/2025


def test_all_loads_the_whole_country_quickly(db):
    started = time.monotonic()
    load(all=True)
    elapsed = time.monotonic() - started
    current = AdministrativeUnit.objects.filter(valid_from=TWO_TIER_DATE)
    legacy = AdministrativeUnit.objects.filter(valid_to=TWO_TIER_DATE)
    assert current.filter(tier=Tier.PROVINCE).count() == 34
    assert current.filter(tier=Tier.COMMUNE).count() == 3321
    assert legacy.filter(tier=Tier.PROVINCE).count() == 63
    assert legacy.filter(tier=Tier.DISTRICT).count() == 696
    assert legacy.filter(tier=Tier.COMMUNE).count() == 10051
    assert elapsed < 15, f"load_divisions --all took {elapsed:.1f} s"
    output = load(all=True)
    assert "created 0, updated 0, unchanged 14165" in output


def test_the_shipped_legacy_file_is_complete_and_consistent():
    data = legacy_data()
    assert data["package"] == "vietnam-provinces" and data["package_version"].startswith("0.6.")
    assert data["valid_to"] == "2025-07-01"
    counts = {k: len(data[k]) for k in ("provinces", "districts", "communes")}
    assert counts == data["counts"] == {"provinces": 63, "districts": 696, "communes": 10051}
    provinces = {row[0] for row in data["provinces"]}
    districts = {row[0] for row in data["districts"]}
    assert all(row[3] in provinces for row in data["districts"])
    assert all(row[3] in districts for row in data["communes"])
    codes = [row[0] for key in ("provinces", "districts", "communes") for row in data[key]]
    assert len(codes) == len(set(codes))


def test_province_predecessors_partition_the_63_old_provinces():
    old = [code for codes in PROVINCE_PREDECESSORS.values() for code in codes]
    assert len(PROVINCE_PREDECESSORS) == 34
    assert sorted(old) == sorted(row[0] for row in legacy_data()["provinces"])
