"""Citizen identity numbers follow Circular 59/2021/TT-BCA art. 7: province, century and sex, year, serial."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import citizen_id_validator


@pytest.mark.parametrize(
    "number",
    [
        "087090001234",  # Đồng Tháp birth registration, man born 1990
        "001305012345",  # Hà Nội, woman born 2005 (century digit 3 = 2000s, woman)
        "082225000001",  # Tiền Giang code (kept by the merged Đồng Tháp), man born 2025
    ],
)
def test_valid_numbers(number):
    citizen_id_validator(number, today=date(2026, 11, 27))


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("08709000123", "citizen_id"),  # 11 digits
        ("08709000123A", "citizen_id"),
        ("003090001234", "citizen_id_province"),  # 003 is no province code
        ("097090001234", "citizen_id_province"),
        ("087230001234", "citizen_id_year"),  # a man born in 2030
        ("087490001234", "citizen_id_year"),  # born in the 2190s
    ],
)
def test_invalid_numbers_carry_their_reason(number, code):
    with pytest.raises(ValidationError) as err:
        citizen_id_validator(number, today=date(2026, 11, 27))
    assert err.value.code == code
