"""Online forms are JSON Schema data; bad answers are rejected field by field."""

import pytest

from motcua.core.errors import ProblemError
from motcua.procedures.constants import ErrorCode
from motcua.procedures.forms import schema_errors, validate_form_data
from motcua.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "required": ["child", "mother"],
    "properties": {
        "child": {
            "type": "object",
            "required": ["full_name", "sex"],
            "properties": {"full_name": {"type": "string", "minLength": 2}, "sex": {"enum": ["nam", "nu"]}},
        },
        "mother": {
            "type": "object",
            "properties": {"personal_id": {"type": "string", "pattern": "^\\d{12}$"}},
        },
    },
}


def test_good_answers_pass():
    procedure = ProcedureFactory(form_schema=SCHEMA)
    validate_form_data(procedure, {"child": {"full_name": "Nguyễn An", "sex": "nam"}, "mother": {}})


def test_bad_answers_are_named_by_field():
    procedure = ProcedureFactory(form_schema=SCHEMA)
    with pytest.raises(ProblemError) as exc:
        validate_form_data(procedure, {"child": {"sex": "x"}, "mother": {"personal_id": "123"}})
    problem = exc.value
    assert problem.code == ErrorCode.FORM_DATA_INVALID
    assert problem.status == 422
    assert {(p.name, p.code) for p in problem.invalid_params} == {
        ("child.full_name", "required"),
        ("child.sex", "enum"),
        ("mother.personal_id", "pattern"),
    }


def test_a_missing_top_level_section_is_named():
    procedure = ProcedureFactory(form_schema=SCHEMA)
    with pytest.raises(ProblemError) as exc:
        validate_form_data(procedure, {"child": {"full_name": "An", "sex": "nu"}})
    assert [p.name for p in exc.value.invalid_params] == ["mother"]


def test_a_procedure_without_a_form_accepts_anything():
    validate_form_data(ProcedureFactory(form_schema=None), {"anything": 1})


def test_invalid_schemas_are_caught_before_use():
    assert schema_errors({"type": "no-such-type"})
    assert schema_errors([1, 2])
    assert schema_errors(SCHEMA) == []
