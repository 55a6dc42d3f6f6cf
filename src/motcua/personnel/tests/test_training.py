"""Yearly training plans drawn from the gap between each position's competency framework and its holder's."""

from datetime import date

import pytest
from django.test import Client

from motcua.core.errors import ProblemError
from motcua.personnel import actions, selectors
from motcua.personnel.constants import ErrorCode, PlanStatus
from motcua.personnel.models import PersonCompetency, TrainingEnrolment, TrainingOffer
from motcua.personnel.tests.factories import JobPositionFactory, PersonnelRecordFactory

FRAMEWORK = ["Kiến thức quản lý nhà nước", "Kỹ năng số và chuyển đổi số", "Nghiệp vụ hộ tịch"]


@pytest.fixture
def staff(world):
    position = JobPositionFactory(agency=world.agency_a, competencies=FRAMEWORK, headcount=3)
    records = [PersonnelRecordFactory(position=position) for _ in range(3)]
    # The first has everything, the second lacks digital skills, the third lacks two competencies.
    for name in FRAMEWORK:
        PersonCompetency.objects.create(person=records[0].person, name=name, attained_on=date(2025, 1, 1))
    PersonCompetency.objects.create(person=records[1].person, name=FRAMEWORK[0], attained_on=date(2025, 1, 1))
    PersonCompetency.objects.create(person=records[1].person, name=FRAMEWORK[2], attained_on=date(2025, 1, 1))
    PersonCompetency.objects.create(person=records[2].person, name=FRAMEWORK[0], attained_on=date(2025, 1, 1))
    TrainingOffer.objects.create(
        competency=FRAMEWORK[1], name="Bồi dưỡng kỹ năng số", provider="Sở KH&CN", days=3, cost_per_person=600_000,
        valid_from=date(2025, 1, 1),
    )  # fmt: skip
    return records


def test_gaps_are_the_positions_competencies_the_holder_has_not_shown(world, staff):
    gaps = {g.record.pk: g.missing for g in selectors.competency_gaps(world.agency_a, date(2026, 3, 1))}
    assert gaps == {staff[1].pk: [FRAMEWORK[1]], staff[2].pk: [FRAMEWORK[1], FRAMEWORK[2]]}


def test_the_plan_has_a_course_per_gap_with_who_when_and_cost(world, staff):
    plan = actions.draft_training_plan(actor=world.hr_a, agency=world.agency_a, year=2027)
    courses = {c.competency: c for c in plan.courses.all()}
    assert set(courses) == {FRAMEWORK[1], FRAMEWORK[2]}
    digital = courses[FRAMEWORK[1]]
    assert (digital.name, digital.cost_per_person, (digital.ends - digital.starts).days) == (
        "Bồi dưỡng kỹ năng số", 600_000, 2
    )  # fmt: skip
    assert {e.person_id for e in digital.enrolments.all()} == {staff[1].person_id, staff[2].person_id}
    assert digital.starts.year == 2027
    # A competency with no offer still gets a course, to be priced by hand.
    assert courses[FRAMEWORK[2]].cost_per_person == 0
    assert [e.person_id for e in courses[FRAMEWORK[2]].enrolments.all()] == [staff[2].person_id]


def test_completion_closes_the_gap_and_needs_an_approved_plan(world, staff):
    plan = actions.draft_training_plan(actor=world.hr_a, agency=world.agency_a, year=2026)
    enrolment = TrainingEnrolment.objects.get(course__plan=plan, course__competency=FRAMEWORK[2])
    with pytest.raises(ProblemError) as draft:
        actions.record_completion(actor=world.hr_a, enrolment=enrolment, day=date(2026, 12, 1))
    assert draft.value.code == ErrorCode.PLAN_NOT_APPROVED
    with pytest.raises(ProblemError) as not_head:
        actions.approve_training_plan(actor=world.hr_a, plan=plan)
    assert not_head.value.status == 403
    actions.approve_training_plan(actor=world.leader_a, plan=plan)
    with pytest.raises(ProblemError) as redraft:
        actions.draft_training_plan(actor=world.hr_a, agency=world.agency_a, year=2026)
    assert redraft.value.code == ErrorCode.PLAN_EXISTS

    actions.record_completion(
        actor=world.hr_a, enrolment=enrolment, day=max(enrolment.course.starts, date(2026, 12, 1)), certificate="CC-7"
    )
    with pytest.raises(ProblemError) as twice:
        actions.record_completion(actor=world.hr_a, enrolment=enrolment, day=date(2026, 12, 20))
    assert twice.value.code == ErrorCode.ALREADY_COMPLETED
    gaps = {g.record.pk: g.missing for g in selectors.competency_gaps(world.agency_a, date(2026, 12, 31))}
    assert gaps[staff[2].pk] == [FRAMEWORK[1]]  # the specialty gap is closed, digital skills remain


def test_a_failed_course_leaves_the_gap_and_strangers_cannot_plan(world, staff):
    with pytest.raises(ProblemError) as stranger:
        actions.draft_training_plan(actor=world.hr_b, agency=world.agency_a, year=2026)
    assert stranger.value.status == 403
    plan = actions.draft_training_plan(actor=world.hr_a, agency=world.agency_a, year=2026)
    actions.approve_training_plan(actor=world.leader_a, plan=plan)
    enrolment = TrainingEnrolment.objects.get(course__plan=plan, course__competency=FRAMEWORK[2])
    actions.record_completion(
        actor=world.hr_a, enrolment=enrolment, day=max(enrolment.course.starts, date(2026, 12, 1)), passed=False
    )
    assert not PersonCompetency.objects.filter(person=staff[2].person, name=FRAMEWORK[2]).exists()


def test_personnel_staff_draft_and_see_the_plan_on_the_screen(world, staff):
    client = Client()
    client.force_login(world.hr_a)
    page = client.get(f"/en/personnel/training/?agency={world.agency_a.pk}&year=2026")
    assert page.status_code == 200 and len(page.context["gaps"]) == 2
    client.post("/en/personnel/training/", {"action": "draft", "agency": world.agency_a.pk, "year": 2026})
    page = client.get(f"/en/personnel/training/?agency={world.agency_a.pk}&year=2026")
    assert page.context["plan"].status == PlanStatus.DRAFT
    assert page.context["total_cost"] == 2 * 600_000
    assert "Bồi dưỡng kỹ năng số" in page.content.decode()
