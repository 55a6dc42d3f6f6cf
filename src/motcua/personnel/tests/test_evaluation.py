"""Yearly evaluation and classification (Decree 335/2025/NĐ-CP): four grades by score, discipline, 20% cap."""

from datetime import date
from decimal import Decimal as D

import pytest

from motcua.core.errors import ProblemError
from motcua.personnel import actions
from motcua.personnel.constants import ErrorCode, Grade
from motcua.personnel.models import EvaluationRuleSet
from motcua.personnel.tests.factories import JobPositionFactory, PersonnelRecordFactory

THRESHOLDS = {"excellent": 90, "good": 70, "completed": 50}


@pytest.mark.parametrize(
    ("score", "disciplined", "grade"),
    [
        (D(90), False, Grade.EXCELLENT),
        (D("89.99"), False, Grade.GOOD),
        (D(70), False, Grade.GOOD),
        (D(50), False, Grade.COMPLETED),
        (D("49.5"), False, Grade.NOT_COMPLETED),
        (D(95), True, Grade.NOT_COMPLETED),  # disciplined (reprimand or heavier) in the year
    ],
)
def test_the_grade_follows_the_decrees_thresholds(score, disciplined, grade):
    assert actions.grade_for(score, disciplined, THRESHOLDS) == grade


@pytest.fixture
def rules(db):
    return EvaluationRuleSet.objects.create(
        name="335", legal_basis="Decree 335/2025/NĐ-CP", valid_from=date(2026, 1, 1), thresholds=THRESHOLDS
    )


def test_excellent_is_capped_at_a_fifth_of_those_graded_good(world, rules):
    position = JobPositionFactory(agency=world.agency_a, headcount=10)
    records = PersonnelRecordFactory.create_batch(6, position=position)
    for record, score in zip(records, (95, 92, 80, 75, 72, 71), strict=True):
        actions.evaluate(actor=world.hr_a, record=record, year=2026, score=D(score))
    with pytest.raises(ProblemError) as excinfo:  # 2 excellent > 20% of 4 good
        actions.finalize_evaluations(actor=world.hr_a, agency=world.agency_a, year=2026)
    assert excinfo.value.code == ErrorCode.EXCELLENT_CAP
    actions.evaluate(actor=world.hr_a, record=records[1], year=2026, score=D(88))
    counts = actions.finalize_evaluations(actor=world.hr_a, agency=world.agency_a, year=2026)
    assert (counts["excellent"], counts["good"]) == (1, 5)
    with pytest.raises(ProblemError) as final:
        actions.evaluate(actor=world.hr_a, record=records[0], year=2026, score=D(60))
    assert final.value.code == ErrorCode.EVALUATION_FINAL


def test_only_the_agencys_personnel_staff_evaluate(world, rules):
    record = PersonnelRecordFactory(position=JobPositionFactory(agency=world.agency_b))
    with pytest.raises(ProblemError) as excinfo:
        actions.evaluate(actor=world.hr_a, record=record, year=2026, score=D(80))
    assert excinfo.value.code == ErrorCode.NOT_ALLOWED
    with pytest.raises(ProblemError) as no_rules:
        actions.evaluate(actor=world.hr_b, record=record, year=2025, score=D(80))
    assert no_rules.value.code == ErrorCode.NO_EVALUATION_RULES
