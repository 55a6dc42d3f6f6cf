"""Rules are data: processing time, step allotments and fees behave as the regulation says."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.procedures.constants import FeeKind, TimeUnit
from motcua.procedures.fees import FormulaError, evaluate
from motcua.procedures.models import check_allotments
from motcua.procedures.tests.factories import FeeFactory, ProcedureFactory, process_with_steps

pytestmark = pytest.mark.django_db

# Circular 226/2016/TT-BTC: 2,000 đ/page for pages 1–2, 1,000 đ from page 3, at most 200,000 đ per copy.
COPY_FEE = "copies * min(2000 * min(pages, 2) + 1000 * max(pages - 2, 0), 200000)"


@pytest.mark.parametrize(
    ("unit", "value", "hours"),
    [
        (TimeUnit.WORKING_DAYS, 3, 24),
        (TimeUnit.WORKING_HOURS, 4, 4),
        (TimeUnit.SAME_DAY, 0, 8),
        (TimeUnit.CALENDAR_DAYS, 2, 48),
    ],
)
def test_processing_time_in_hours(unit, value, hours):
    assert ProcedureFactory.build(time_unit=unit, time_value=Decimal(value)).budget_hours() == hours


def test_allotments_must_add_up_to_the_processing_time(commune_agency):
    procedure = ProcedureFactory(time_value=Decimal(3), time_unit=TimeUnit.WORKING_DAYS)
    good = process_with_steps(procedure, commune_agency, [2, 16, 6])
    good.full_clean()
    bad = process_with_steps(ProcedureFactory(), commune_agency, [2, 16, 4])
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert exc.value.error_dict["__all__"][0].code == "allotment_mismatch"


def test_same_day_procedures_have_one_working_day():
    procedure = ProcedureFactory(same_day=True)
    check_allotments(procedure, ["1", "4", "2.5", "0.5"])
    with pytest.raises(ValidationError):
        check_allotments(procedure, [9])


def test_a_procedure_needs_a_level_and_a_consistent_time():
    with pytest.raises(ValidationError) as exc:
        ProcedureFactory.build(at_commune=False, time_unit=TimeUnit.SAME_DAY, time_value=Decimal(2)).clean()
    assert set(exc.value.error_dict) == {"at_commune", "time_value"}


@pytest.mark.parametrize(("pages", "copies", "due"), [(1, 1, 2000), (2, 1, 4000), (5, 1, 7000), (300, 2, 400000)])
def test_certified_copy_fee_formula(pages, copies, due):
    fee = FeeFactory(kind=FeeKind.FORMULA, amount=None, formula=COPY_FEE)
    fee.full_clean()
    assert fee.compute(pages=pages, copies=copies) == due


def test_fixed_per_copy_and_locally_set_fees():
    assert FeeFactory(kind=FeeKind.FIXED, amount=Decimal(75000)).compute(copies=3) == 75000
    assert FeeFactory(kind=FeeKind.PER_COPY, amount=Decimal(10000)).compute(copies=3) == 30000
    assert FeeFactory(kind=FeeKind.PER_PAGE, amount=Decimal(2000)).compute(pages=3, copies=2) == 12000
    assert FeeFactory(kind=FeeKind.SET_LOCALLY, amount=None).compute() is None


@pytest.mark.parametrize("formula", ["__import__('os').system('x')", "pages ** 99", "open('f')", "pages +", ""])
def test_fee_formulas_reject_anything_but_arithmetic(formula):
    with pytest.raises(FormulaError):
        evaluate(formula or "+")
    fee = FeeFactory.build(kind=FeeKind.FORMULA, amount=None, formula=formula)
    with pytest.raises(ValidationError):
        fee.clean()
