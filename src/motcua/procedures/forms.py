"""Online forms described as data: a procedure's `form_schema` is a JSON Schema (Draft 2020-12) and the
applicant's answers are validated against it with `jsonschema`, reporting each bad field by its path."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from motcua.core.errors import InvalidParam, ProblemError
from motcua.procedures.constants import ErrorCode


def schema_errors(schema) -> list[str]:
    """Why `schema` is not a usable JSON Schema (empty list if it is)."""
    if not isinstance(schema, dict):
        return ["The form description must be a JSON object."]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [f"{'/'.join(str(p) for p in exc.path) or '(root)'}: {exc.message}"]
    return []


def _name(error) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        # The missing property is named in the message: "'x' is a required property".
        missing = error.message.split("'")[1] if "'" in error.message else ""
        path.append(missing)
    elif error.validator == "additionalProperties" and "'" in error.message:
        path.append(error.message.split("'")[1])
    return ".".join(p for p in path if p) or "nonFieldErrors"


def form_errors(schema: dict, data) -> list[InvalidParam]:
    """Every violation of `schema` by `data`, as invalid_params with dotted field names."""
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    return [InvalidParam(name=_name(e), code=str(e.validator), reason=e.message) for e in errors]


def validate_form_data(procedure, data) -> None:
    """Raise a ProblemError (422, form_data_invalid) naming each bad field, unless `data` fits the form."""
    from django.utils.translation import gettext as _

    schema = procedure.form_schema
    if not schema:
        return
    problems = schema_errors(schema)
    if problems:
        raise ProblemError(code=ErrorCode.FORM_SCHEMA_INVALID.value, detail="; ".join(problems), status=422)
    invalid = form_errors(schema, data)
    if invalid:
        raise ProblemError(
            code=ErrorCode.FORM_DATA_INVALID.value,
            detail=_("The form has %(count)d invalid field(s).") % {"count": len(invalid)},
            status=422,
            title=str(_("Invalid form data")),
            invalid_params=invalid,
        )
