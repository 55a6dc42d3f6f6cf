"""The shipped demo catalogue: real procedures of the demo province, loadable again and again."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.tests.factories import CommuneFactory, ProvinceFactory
from motcua.procedures.actions import demo_tables, load_demo, read_demo_file, template_errors
from motcua.procedures.exchange import budget_hours, check
from motcua.procedures.models import Procedure, Process, ProcessStep
from motcua.procedures.selectors import search_procedures
from motcua.procedures.tests.factories import AgencyFactory

DATA = read_demo_file()
MUST_HAVE = {
    "1.001193": "birth registration",
    "2.000815": "certification of copies",
    "1.004222": "permanent residence registration",
    "1.001612": "household business registration",
    "1.013225": "construction permit for a detached house",
    "1.013831": "land-use right registration through the tax authority",
    "2.002622": "death registration + removal of residence + funeral allowance",
    "2.002621": "birth + residence + health insurance for children under 6",
}


def test_the_demo_file_is_large_and_varied_enough():
    procedures = DATA["procedures"]
    assert len(procedures) >= 40
    assert len({p["field"] for p in procedures}) >= 8
    assert sum(1 for p in procedures if p.get("inter_agency")) >= 5
    levels = {level for p in procedures for level in p["levels"]}
    assert {"province", "commune"} <= levels
    assert MUST_HAVE.keys() <= {p["code"] for p in procedures}


def test_every_procedure_cites_a_source_and_is_well_formed():
    for p in DATA["procedures"]:
        assert p.get("source"), p["code"]
        assert isinstance(p.get("unverified", []), list), p["code"]
    checked = check(demo_tables(DATA))
    assert checked.errors == []
    assert template_errors(DATA) == []


def test_bad_templates_are_reported():
    bad = {
        "procedures": [
            {
                "code": "1.1",
                "process": {
                    "receiving": {"kind": "x", "level": "commune"},
                    "steps": [{"name": "a", "role": "janitor", "hours": -1}],
                },
            }
        ]
    }
    assert {(e.row, e.column) for e in template_errors(bad)} == {(1, "kind"), (1, "role"), (1, "hours")}


def test_every_process_template_adds_up_to_the_processing_time():
    for p in DATA["procedures"]:
        if "process" not in p:
            continue
        hours = sum(Decimal(str(s["hours"])) for s in p["process"]["steps"])
        assert hours == budget_hours(p["time"]["unit"], Decimal(str(p["time"]["value"]))), p["code"]


def test_inter_agency_procedures_hand_over_to_another_agency():
    for p in DATA["procedures"]:
        if p.get("inter_agency"):
            assert any(s.get("inter_agency") for s in p["process"]["steps"]), p["code"]
            assert len({(x["level"], x["kind"]) for x in p["performers"]}) >= 2, p["code"]


@pytest.mark.django_db
def test_loading_twice_gives_the_same_catalogue_and_processes():
    province = ProvinceFactory(code="82", name="Tỉnh Đồng Tháp")
    commune = CommuneFactory(parent=province)
    ubnd = AgencyFactory(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE, name="UBND xã Mỹ Thọ")
    police = AgencyFactory(unit=commune, kind=AgencyKind.POLICE, name="Công an xã Mỹ Thọ")
    insurance = AgencyFactory(
        unit=province, kind=AgencyKind.SOCIAL_INSURANCE, tier=Tier.PROVINCE, name="Bảo hiểm xã hội tỉnh"
    )
    first = load_demo()
    counts = (Procedure.objects.count(), Process.objects.count(), ProcessStep.objects.count())
    second = load_demo()
    assert (Procedure.objects.count(), Process.objects.count(), ProcessStep.objects.count()) == counts
    assert counts[0] == len(DATA["procedures"])
    assert (first.procedures_created, second.procedures_created, second.procedures_updated) == (counts[0], 0, counts[0])

    birth = Process.objects.get(procedure__code="1.001193", agency=ubnd)
    assert birth.total_hours() == 8
    residence = Process.objects.get(procedure__code="1.004222", agency=police)
    assert residence.total_hours() == 56
    chain = Process.objects.get(procedure__code="2.002621", agency=ubnd)
    handlers = [s.handler_agency for s in chain.steps.order_by("position") if s.inter_agency]
    assert handlers == [police, insurance]
    # no land registry, no departments in this world: warned, not failed
    assert any("land_registry" in w for w in second.warnings)
    assert not Process.objects.filter(procedure__code="1.013831").exists()


@pytest.mark.django_db
def test_the_command_loads_the_shipped_file_and_search_finds_it():
    out, err = StringIO(), StringIO()
    call_command("load_procedures", stdout=out, stderr=err)
    assert "procedures" in out.getvalue()
    assert "No peoples_committee agency" in err.getvalue()
    assert search_procedures("dang ky khai sinh").first().code == "1.001193"
    assert search_procedures("chung thuc ban sao").first().code == "2.000815"
    assert "1.013225" in [p.code for p in search_procedures("giay phep xay dung")][:3]
