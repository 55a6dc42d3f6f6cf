"""`motcua load_personnel_demo` builds consistent positions and quotas and can run twice."""

from django.core.management import call_command

from motcua.divisions.constants import AgencyKind, Tier, UnitKind
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.personnel import selectors
from motcua.personnel.models import JobPosition, PersonnelRecord, StaffingAuthority


def test_it_loads_positions_quotas_and_people_idempotently(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "97"
    province = AdministrativeUnit.objects.create(code="97", name="Tỉnh Demo", kind=UnitKind.PROVINCE)
    Agency.objects.create(
        code="000.00.00.T97", name="Ủy ban nhân dân tỉnh Demo", tier=Tier.PROVINCE,
        kind=AgencyKind.PEOPLES_COMMITTEE, unit=province,
    )  # fmt: skip
    names = ["Sở Nội vụ tỉnh Demo", "Sở Tư pháp tỉnh Demo", "Sở Nông nghiệp và Môi trường tỉnh Demo"]
    for n, name in enumerate(names, start=1):
        Agency.objects.create(
            code=f"000.00.{n:02d}.T97", name=name, tier=Tier.PROVINCE, kind=AgencyKind.DEPARTMENT, unit=province
        )
    call_command("load_personnel_demo", verbosity=0)
    counts = (JobPosition.objects.count(), PersonnelRecord.objects.count())
    call_command("load_personnel_demo", verbosity=0)
    assert (JobPosition.objects.count(), PersonnelRecord.objects.count()) == counts
    assert counts[0] > 30
    assert StaffingAuthority.objects.get().agency.name.startswith("Sở Nội vụ")

    statuses = {
        s.agency_name: s for s in selectors.quota_statuses(Agency.objects.all(), selectors.quota_day(2026).year)
    }
    assert statuses["Sở Tư pháp tỉnh Demo"].vacant > 0
    assert statuses["Sở Nông nghiệp và Môi trường tỉnh Demo"].over_by == 2
    for report in selectors.vacancy_report(Agency.objects.all()):
        assert all(p.filled <= p.headcount for p in report.positions)

    # The numbers add up: allocated ≤ assigned (a reserve is kept), used ≤ allocated except the flagged
    # department (over quota after the merger), which the dashboard warns about.
    allocation = selectors.province_allocation(selectors.quota_day(2026).year)
    assert allocation.allocated + 6 == allocation.assigned
    assert [s.agency_name for s in allocation.over] == ["Sở Nông nghiệp và Môi trường tỉnh Demo"]
    for status in statuses.values():
        if status.assigned is not None and status.agency_name != "Sở Nông nghiệp và Môi trường tỉnh Demo":
            assert status.used <= status.assigned, status
    # Holders lack some of their positions' competencies: the training plans have gaps to close.
    nongnghiep = Agency.objects.get(name__startswith="Sở Nông nghiệp")
    assert selectors.competency_gaps(nongnghiep)
