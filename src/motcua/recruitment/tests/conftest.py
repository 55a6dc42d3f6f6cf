"""A recruiting authority (agency A) with vacancies, Decree 170/2025 rules, a question bank and people:
hr_a (personnel staff of A), leader_a (head), marker1/marker2/chair (council), candidates."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.core.testing import build_world, make_user
from motcua.personnel.tests.factories import JobPositionFactory
from motcua.recruitment import actions
from motcua.recruitment.constants import CouncilRole, Difficulty, Round2Form, Subject
from motcua.recruitment.tests.factories import QuestionFactory, RuleSetFactory


@pytest.fixture
def world(db):
    w = build_world()
    w.people["hr_a"] = make_user("hr_a", (w.agency_a, Role.PERSONNEL_STAFF), full_name="Cán Bộ Tổ Chức")
    for name in ("marker1", "marker2", "chair"):
        w.people[name] = make_user(name, full_name=name.title())
    w.rules = RuleSetFactory()
    w.position = JobPositionFactory(agency=w.agency_a, headcount=3, name="Chuyên viên pháp chế")
    w.position_fl = JobPositionFactory(
        agency=w.agency_a, headcount=2, name="Chuyên viên hợp tác quốc tế", requires_foreign_language=True
    )
    for difficulty, n in ((Difficulty.EASY, 4), (Difficulty.MEDIUM, 3), (Difficulty.HARD, 2)):
        QuestionFactory.create_batch(n, subject=Subject.GENERAL, difficulty=difficulty)
    for difficulty in (Difficulty.EASY, Difficulty.MEDIUM):
        QuestionFactory.create_batch(2, subject=Subject.FOREIGN_LANGUAGE, difficulty=difficulty)
    return w


@pytest.fixture
def announced(world):
    """A round announced today, taking applications, with its council appointed."""
    round_ = actions.create_round(
        actor=world.hr_a,
        agency=world.agency_a,
        code="TD2026",
        name="Tuyển dụng công chức 2026",
        year=2026,
        positions=[(world.position, 2, Round2Form.WRITTEN), (world.position_fl, 1, Round2Form.WRITTEN_INTERVIEW)],
        rule_set=world.rules,
    )
    actions.approve_plan(actor=world.leader_a, round_=round_)
    today = timezone.localdate()
    actions.announce(actor=world.hr_a, round_=round_, opens=today, closes=today + timedelta(days=30))
    actions.appoint_council(
        actor=world.hr_a,
        round_=round_,
        members=[
            (world.marker1, CouncilRole.MARKER),
            (world.marker2, CouncilRole.MARKER),
            (world.chair, CouncilRole.CHAIR),
        ],
    )
    return round_


_counter = iter(range(10**6))


def form(**overrides) -> dict:
    n = next(_counter)
    values = {
        "full_name": f"Thí Sinh {n}",
        "birth_date": date(1998, 5, 17),
        "gender": "female",
        "citizen_id": f"{87000000000 + n:012d}",
        "phone": "0912345678",
        "qualification": 3,
        "major": "Luật",
        "declaration": True,
    }
    return {**values, **overrides}


@pytest.fixture
def apply(world, announced):
    def _apply(user=None, round_position=None, **overrides):
        user = user or make_user(f"candidate{next(_counter)}")
        rp = round_position or announced.positions.get(position=world.position)
        return actions.submit_application(actor=user, round_=announced, round_position=rp, **form(**overrides))

    return _apply
