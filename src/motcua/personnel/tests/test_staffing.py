"""Quotas, placements and vacancies as personnel staff see them (Decree 361/2025/NĐ-CP positions)."""

from datetime import date

import pytest

from motcua.core.audit import AuditEvent
from motcua.core.errors import ProblemError
from motcua.personnel import actions, selectors
from motcua.personnel.constants import ErrorCode, Qualification, StaffingWarning
from motcua.personnel.models import PersonnelRecord, StaffingAuthority
from motcua.personnel.tests.factories import JobPositionFactory, PersonnelRecordFactory, RankFactory, UserFactory

DAY = date(2026, 3, 2)


def _codes(excinfo):
    return excinfo.value.code


def test_it_counts_used_and_vacant_staffing_from_personnel_records(world):
    position = JobPositionFactory(agency=world.agency_a, headcount=5)
    actions.set_quota(actor=world.hr_a, agency=world.agency_a, year=2026, assigned=3)
    PersonnelRecordFactory.create_batch(2, position=position, valid_from=date(2025, 7, 1))
    PersonnelRecordFactory(position=position, valid_from=date(2020, 1, 1), valid_to=date(2025, 1, 1))  # left

    status = selectors.quota_status(world.agency_a, 2026, today=DAY)
    assert (status.assigned, status.used, status.vacant, status.warnings) == (3, 2, 1, [])


def test_it_warns_when_an_agency_is_over_quota(world):
    position = JobPositionFactory(agency=world.agency_a, headcount=5)
    actions.set_quota(actor=world.hr_a, agency=world.agency_a, year=DAY.year, assigned=1)
    PersonnelRecordFactory(position=position)
    outcome = actions.place_person(
        actor=world.hr_a,
        person=UserFactory(),
        position=position,
        rank=position.rank,
        qualification=Qualification.BACHELOR,
        day=DAY,
    )
    assert StaffingWarning.OVER_QUOTA in outcome.warnings
    assert selectors.quota_status(world.agency_a, DAY.year, today=DAY).over_by == 1


def test_it_checks_the_positions_requirements_on_placement(world):
    position = JobPositionFactory(agency=world.agency_a, min_qualification=Qualification.BACHELOR)
    other_rank = RankFactory(code="01.004", name="Cán sự", min_qualification=Qualification.COLLEGE)
    with pytest.raises(ProblemError) as wrong_rank:
        actions.place_person(
            actor=world.hr_a, person=UserFactory(), position=position, rank=other_rank, qualification=3, day=DAY
        )
    with pytest.raises(ProblemError) as too_low:
        actions.place_person(
            actor=world.hr_a,
            person=UserFactory(),
            position=position,
            rank=position.rank,
            qualification=Qualification.COLLEGE,
            day=DAY,
        )
    assert _codes(wrong_rank) == ErrorCode.RANK_MISMATCH
    assert _codes(too_low) == ErrorCode.QUALIFICATION_TOO_LOW


def test_a_person_holds_one_post_at_a_time(world):
    record = PersonnelRecordFactory(position=JobPositionFactory(agency=world.agency_a))
    other = JobPositionFactory(agency=world.agency_a)
    with pytest.raises(ProblemError) as excinfo:
        actions.place_person(
            actor=world.hr_a, person=record.person, position=other, rank=other.rank, qualification=3, day=DAY
        )
    assert excinfo.value.code == ErrorCode.ALREADY_PLACED
    assert excinfo.value.status == 409


def test_a_transfer_keeps_the_history_and_is_audited(world):
    record = PersonnelRecordFactory(position=JobPositionFactory(agency=world.agency_a))
    target = JobPositionFactory(agency=world.agency_a_branch)
    outcome = actions.transfer(actor=world.hr_a, record=record, position=target, day=DAY, reason="điều động")

    history = list(PersonnelRecord.objects.filter(person=record.person).order_by("valid_from"))
    assert [(r.agency_id, r.valid_to) for r in history] == [(world.agency_a.pk, DAY), (world.agency_a_branch.pk, None)]
    assert outcome.obj.valid_from == DAY
    kinds = set(AuditEvent.objects.filter(actor=world.hr_a).values_list("kind", flat=True))
    assert {"ended", "transferred_in"} <= kinds


def test_personnel_staff_manage_only_their_agency_and_its_sub_agencies(world):
    position_b = JobPositionFactory(agency=world.agency_b)
    assert selectors.can_manage(world.hr_a, world.agency_a_branch)
    assert not selectors.can_manage(world.hr_a, world.agency_b)
    for actor in (world.hr_a, world.citizen, world.desk_a):
        with pytest.raises(ProblemError) as excinfo:
            actions.set_quota(actor=actor, agency=world.agency_b, year=2026, assigned=4)
        assert excinfo.value.code == ErrorCode.NOT_ALLOWED
        with pytest.raises(ProblemError):
            actions.place_person(
                actor=actor, person=UserFactory(), position=position_b, rank=position_b.rank, qualification=3, day=DAY
            )


def test_the_staffing_authority_sees_the_whole_province(world):
    assert not selectors.has_personnel_province_scope(world.hr_a)
    StaffingAuthority.objects.create(agency=world.agency_a)
    assert selectors.has_personnel_province_scope(world.hr_a)
    assert selectors.can_manage(world.hr_a, world.agency_b)
    assert not selectors.has_personnel_province_scope(world.hr_b)


def test_quotas_allocated_down_cannot_exceed_the_parents(world):
    actions.set_quota(actor=world.hr_a, agency=world.agency_a, year=2026, assigned=10)
    actions.set_quota(actor=world.hr_a, agency=world.agency_a_branch, year=2026, assigned=10)
    with pytest.raises(ProblemError) as excinfo:
        actions.set_quota(actor=world.hr_a, agency=world.agency_a_branch, year=2026, assigned=11)
    assert excinfo.value.code == ErrorCode.QUOTA_EXCEEDS_PARENT


def test_the_vacancy_report_lists_positions_with_people_in_post(world):
    full = JobPositionFactory(agency=world.agency_a, headcount=1, code="A")
    open_ = JobPositionFactory(agency=world.agency_a, headcount=3, code="B")
    PersonnelRecordFactory(position=full)
    PersonnelRecordFactory(position=open_)
    JobPositionFactory(agency=world.agency_b, headcount=2, code="C")

    report = selectors.vacancy_report([world.agency_a, world.agency_b], day=DAY)
    assert [(a.headcount, a.filled, a.vacant) for a in report] == [(4, 2, 2), (2, 0, 2)]
    assert selectors.province_vacancy_totals(report) == {"agencies": 2, "headcount": 6, "filled": 2, "vacant": 4}
    assert [p.code for p in selectors.vacant_positions(world.agency_a, DAY)] == ["B"]


def test_a_quota_change_is_requested_by_the_agency_and_decided_by_the_staffing_authority(world):
    from motcua.personnel.models import StaffingQuota

    actions.set_quota(actor=world.hr_b, agency=world.agency_b, year=2026, assigned=10)
    request = actions.request_quota_change(
        actor=world.hr_b, agency=world.agency_b, year=2026, requested=12, reason="Thêm nhiệm vụ sau sắp xếp"
    )
    with pytest.raises(ProblemError) as not_authority:
        actions.decide_quota_change(actor=world.hr_b, request=request, approve=True)
    assert not_authority.value.code == ErrorCode.NOT_ALLOWED
    StaffingAuthority.objects.create(agency=world.agency_a)
    actions.decide_quota_change(actor=world.hr_a, request=request, approve=True, note="QĐ số 12/QĐ-UBND")
    assert StaffingQuota.objects.get(agency=world.agency_b, year=2026).assigned == 12
    with pytest.raises(ProblemError) as twice:
        actions.decide_quota_change(actor=world.hr_a, request=request, approve=False)
    assert twice.value.code == ErrorCode.REQUEST_DECIDED
    kinds = list(
        AuditEvent.objects.filter(stream=f"personnel.quotachangerequest:{request.pk}").values_list("kind", flat=True)
    )
    assert kinds == ["requested", "approved"]
