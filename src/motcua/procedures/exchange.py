"""The catalogue as flat tables — one per Excel sheet — and their reading, checking and writing.

Both the Excel import/export and the demo data file go through these tables, so one checker reports bad
input by sheet, row number and column, and one writer (`actions.import_tables`) saves it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from motcua.accounts.constants import Role
from motcua.divisions.constants import AgencyKind, Tier
from motcua.procedures.constants import (
    WORKING_HOURS_PER_DAY,
    DocumentForm,
    FeeCategory,
    FeeKind,
    OnlineLevel,
    ProcedureStatus,
    TimeUnit,
)

# sheet name → its columns, in order. Row 1 of each sheet is this header.
SHEETS: dict[str, list[str]] = {
    "fields": ["code", "national_code", "name"],
    "procedures": [
        "code", "name", "field", "levels", "time_value", "time_unit", "time_note", "result", "legal_basis",
        "online_level", "postal_allowed", "inter_agency", "status", "valid_from", "valid_to", "form_schema",
        "source", "unverified",
    ],
    "performers": ["procedure", "level", "kind", "agency", "note"],
    "documents": ["procedure", "position", "name", "form", "copies", "mandatory", "template_name", "note"],
    "fees": ["procedure", "position", "name", "category", "kind", "amount", "formula", "exemptions", "legal_basis"],
    "steps": [
        "procedure", "agency", "valid_from", "position", "name", "role", "handler_agency", "handler_kind",
        "handler_level", "inter_agency", "allotted_hours",
    ],
}  # fmt: skip
REQUIRED = {
    "fields": {"code", "name"},
    "procedures": {"code", "name", "field", "levels", "time_unit"},
    "performers": {"procedure", "level", "kind"},
    "documents": {"procedure", "name", "form"},
    "fees": {"procedure", "name", "kind"},
    "steps": {"procedure", "agency", "position", "name", "role", "allotted_hours"},
}
LEVELS = {"province": Tier.PROVINCE, "district": Tier.DISTRICT, "commune": Tier.COMMUNE}
LEVEL_NAMES = {tier: name for name, tier in LEVELS.items()}
TRUE = {"true", "yes", "y", "1", "x", "có", "co"}
FALSE = {"false", "no", "n", "0", "", "không", "khong"}
CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,29}$")
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,40}$")

Row = dict[str, Any]
Tables = dict[str, list[Row]]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.row} [{self.column}]: {self.reason}"


@dataclass
class Checked:
    """Tables converted to Python values, ready for the writer, or the errors that stop it."""

    fields: list[Row] = field(default_factory=list)
    procedures: list[Row] = field(default_factory=list)
    performers: list[Row] = field(default_factory=list)
    documents: list[Row] = field(default_factory=list)
    fees: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class CatalogueFileError(ValueError):
    """The catalogue file has bad rows; `errors` names each by sheet, row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the catalogue file")
        self.errors = errors


# --- reading and writing Excel -----------------------------------------------------------------------------
def read_workbook(
    path, sheets: dict[str, list[str]] | None = None, required_sheets: tuple[str, ...] = ("fields", "procedures")
) -> Tables:
    """Read the sheets (default: the catalogue's) into rows (dicts by column, with `_row` = the Excel row
    number). `path` may be a file object. Any workbook of flat sheets can be read with its own `sheets`."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    tables: Tables = {}
    errors: list[RowError] = []
    for sheet, columns in (SHEETS if sheets is None else sheets).items():
        if sheet not in workbook.sheetnames:
            if sheet in required_sheets:
                errors.append(RowError(sheet, 0, "", "the sheet is missing"))
            tables[sheet] = []
            continue
        rows = workbook[sheet].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        missing = [c for c in columns if c not in header]
        if missing:
            errors.append(RowError(sheet, 1, ", ".join(missing), "column(s) missing from the header"))
            tables[sheet] = []
            continue
        out = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row = {name: (values[i] if i < len(values) else None) for i, name in enumerate(header) if name}
            row["_row"] = number
            out.append(row)
        tables[sheet] = out
    workbook.close()
    if errors:
        raise CatalogueFileError(errors)
    return tables


def write_workbook(path: str | Path, tables: Tables) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in SHEETS.items():
        ws = workbook.create_sheet(sheet)
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in tables.get(sheet, []):
            ws.append([_excel_value(row.get(c)) for c in columns])
        ws.freeze_panes = "A2"
    workbook.save(path)


def _excel_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# --- converting cells --------------------------------------------------------------------------------------
class _Bad(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise _Bad(f"{value!r} is not yes/no")


def _decimal(value, *, minimum=Decimal(0)) -> Decimal | None:
    if value is None or _text(value) == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise _Bad(f"{value!r} is not a number") from None
    if not number.is_finite() or number < minimum:
        raise _Bad(f"{value!r} must be a number ≥ {minimum}")
    return number


def _int(value, *, minimum=0) -> int | None:
    number = _decimal(value, minimum=Decimal(minimum))
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _Bad(f"{value!r} is not a whole number")
    return int(number)


def _date(value) -> date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise _Bad(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _choice(value, choices, label: str) -> str:
    text = _text(value)
    if text not in choices:
        raise _Bad(f"{text!r} is not a {label} ({', '.join(choices)})")
    return text


def _tier(value) -> int:
    text = _text(value).lower()
    if text in LEVELS:
        return int(LEVELS[text])
    if text.isdigit() and int(text) in Tier.values:
        return int(text)
    raise _Bad(f"{value!r} is not a level (province, district, commune)")


def _levels(value) -> list[int]:
    if isinstance(value, list | tuple):
        parts = [_text(v) for v in value if _text(v)]
    else:
        parts = [p for p in re.split(r"[,;\s]+", _text(value)) if p]
    if not parts:
        raise _Bad("give at least one level")
    return sorted({_tier(p) for p in parts})


def _json_schema(value):
    from motcua.procedures.forms import schema_errors

    if value is None or _text(value) == "":
        return None
    if isinstance(value, dict):
        schema = value
    else:
        try:
            schema = json.loads(_text(value))
        except json.JSONDecodeError as exc:
            raise _Bad(f"not valid JSON: {exc.msg} at character {exc.pos}") from None
    problems = schema_errors(schema)
    if problems:
        raise _Bad("not a valid JSON Schema: " + "; ".join(problems))
    return schema


def _list(value) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [p.strip() for p in _text(value).split(",") if p.strip()]


# --- checking ----------------------------------------------------------------------------------------------
def _position_ok(sheet: str, row: Row, out: Checked) -> bool:
    """Documents and fees are matched by (procedure, position): a blank position takes the next free one."""
    taken = {r["position"] for r in getattr(out, sheet) if r["procedure"] == row["procedure"]}
    if row["position"] is None:
        row["position"] = max(taken, default=0) + 1
    elif row["position"] in taken:
        out.errors.append(RowError(sheet, row["_row"], "position", "two rows of one procedure share a position"))
        return False
    return True


def budget_hours(time_unit: str, time_value: Decimal) -> Decimal:
    if time_unit == TimeUnit.WORKING_DAYS:
        return time_value * WORKING_HOURS_PER_DAY
    if time_unit == TimeUnit.WORKING_HOURS:
        return time_value
    if time_unit == TimeUnit.SAME_DAY:
        return Decimal(WORKING_HOURS_PER_DAY)
    return time_value * 24


def check(tables: Tables, *, known_fields: set[str] = frozenset(), agencies: dict[str, Any] | None = None) -> Checked:
    """Convert and check every row; collect all errors rather than stopping at the first.

    `known_fields`: field codes already in the database (a procedure may use them without listing them).
    `agencies`: code → (kind, tier) of the agencies in the database, for performer and step rows.
    """
    agencies = agencies or {}
    out = Checked()

    def run(sheet: str, row: Row, converters: dict[str, Any]) -> Row | None:
        converted: Row = {"_row": row.get("_row", 0)}
        ok = True
        for column in SHEETS[sheet]:
            raw = row.get(column)
            if column in REQUIRED[sheet] and _text(raw) == "" and not isinstance(raw, dict | list):
                out.errors.append(RowError(sheet, converted["_row"], column, "required"))
                ok = False
                continue
            try:
                converted[column] = converters.get(column, _text)(raw)
            except _Bad as exc:
                out.errors.append(RowError(sheet, converted["_row"], column, str(exc)))
                ok = False
        return converted if ok else None

    def code(value) -> str:
        text = _text(value)
        if text and not CODE_RE.match(text):
            raise _Bad(f"{text!r} is not a procedure code like 1.001193")
        return text

    def slug(value) -> str:
        text = _text(value)
        if not SLUG_RE.match(text):
            raise _Bad(f"{text!r}: use lower-case letters, digits, - and _ (at most 40)")
        return text

    def agency_code(value) -> str:
        text = _text(value)
        if text and text not in agencies:
            raise _Bad(f"no agency has code {text!r}")
        return text

    # fields
    seen: dict[str, int] = {}
    for row in tables.get("fields", []):
        got = run("fields", row, {"code": slug})
        if got is None:
            continue
        if got["code"] in seen:
            out.errors.append(RowError("fields", got["_row"], "code", f"duplicate of row {seen[got['code']]}"))
            continue
        seen[got["code"]] = got["_row"]
        out.fields.append(got)
    field_codes = set(seen) | set(known_fields)

    # procedures
    procs: dict[str, Row] = {}
    proc_converters = {
        "code": code,
        "levels": _levels,
        "time_value": _decimal,
        "time_unit": lambda v: _choice(v, TimeUnit.values, "time unit"),
        "online_level": lambda v: _choice(v or OnlineLevel.NONE, OnlineLevel.values, "online level"),
        "postal_allowed": _bool,
        "inter_agency": _bool,
        "status": lambda v: _choice(v or ProcedureStatus.ACTIVE, ProcedureStatus.values, "status"),
        "valid_from": _date,
        "valid_to": _date,
        "form_schema": _json_schema,
        "unverified": _list,
    }
    for row in tables.get("procedures", []):
        got = run("procedures", row, proc_converters)
        if got is None:
            continue
        number = got["_row"]
        bad = False
        if got["code"] in procs:
            out.errors.append(RowError("procedures", number, "code", f"duplicate of row {procs[got['code']]['_row']}"))
            continue
        if got["field"] not in field_codes:
            out.errors.append(RowError("procedures", number, "field", f"unknown field {got['field']!r}"))
            bad = True
        value = got["time_value"] or Decimal(0)
        if got["time_unit"] == TimeUnit.SAME_DAY and value:
            out.errors.append(RowError("procedures", number, "time_value", "a same-day procedure has no time value"))
            bad = True
        elif got["time_unit"] != TimeUnit.SAME_DAY and not value:
            out.errors.append(RowError("procedures", number, "time_value", "required for this time unit"))
            bad = True
        got["time_value"] = value
        if got["valid_from"] and got["valid_to"] and got["valid_to"] <= got["valid_from"]:
            out.errors.append(RowError("procedures", number, "valid_to", "must be after valid_from"))
            bad = True
        if len(got["name"]) > 700:
            out.errors.append(RowError("procedures", number, "name", "longer than 700 characters"))
            bad = True
        if not bad:
            procs[got["code"]] = got
            out.procedures.append(got)

    def procedure_ref(value) -> str:
        text = _text(value)
        if text not in procs:
            raise _Bad(f"procedure {text!r} is not in the procedures sheet (or has errors)")
        return text

    for row in tables.get("performers", []):
        got = run(
            "performers",
            row,
            {
                "procedure": procedure_ref,
                "level": _tier,
                "kind": lambda v: _choice(v, AgencyKind.values, "agency kind"),
                "agency": agency_code,
            },
        )
        if got is None:
            continue
        if got["agency"] and tuple(agencies[got["agency"]]) != (got["kind"], got["level"]):
            out.errors.append(RowError("performers", got["_row"], "agency", "the agency's kind or level differs"))
            continue
        out.performers.append(got)

    for row in tables.get("documents", []):
        got = run(
            "documents",
            row,
            {
                "procedure": procedure_ref,
                "position": _int,
                "form": lambda v: _choice(v, DocumentForm.values, "document form"),
                "copies": lambda v: 1 if _text(v) == "" else _int(v),
                "mandatory": lambda v: True if _text(v) == "" else _bool(v),
            },
        )
        if got is not None and _position_ok("documents", got, out):
            out.documents.append(got)

    for row in tables.get("fees", []):
        got = run(
            "fees",
            row,
            {
                "procedure": procedure_ref,
                "position": _int,
                "category": lambda v: _choice(v or FeeCategory.CHARGE, FeeCategory.values, "fee category"),
                "kind": lambda v: _choice(v, FeeKind.values, "fee kind"),
                "amount": _decimal,
            },
        )
        if got is None:
            continue
        if got["kind"] in (FeeKind.FIXED, FeeKind.PER_PAGE, FeeKind.PER_COPY) and got["amount"] is None:
            out.errors.append(RowError("fees", got["_row"], "amount", f"required for a {got['kind']} fee"))
            continue
        if got["kind"] == FeeKind.FORMULA:
            from motcua.procedures.fees import FormulaError, check_formula

            try:
                check_formula(got["formula"])
            except FormulaError as exc:
                out.errors.append(RowError("fees", got["_row"], "formula", str(exc)))
                continue
        if _position_ok("fees", got, out):
            out.fees.append(got)

    groups: dict[tuple, list[Row]] = defaultdict(list)
    for row in tables.get("steps", []):
        got = run(
            "steps",
            row,
            {
                "procedure": procedure_ref,
                "agency": agency_code,
                "valid_from": _date,
                "position": lambda v: _int(v, minimum=1),
                "role": lambda v: _choice(v, Role.values, "role"),
                "handler_agency": agency_code,
                "handler_kind": lambda v: _choice(v, ["", *AgencyKind.values], "agency kind"),
                "handler_level": lambda v: None if _text(v) == "" else _tier(v),
                "inter_agency": _bool,
                "allotted_hours": _decimal,
            },
        )
        if got is None:
            continue
        key = (got["procedure"], got["agency"], got["valid_from"])
        if any(s["position"] == got["position"] for s in groups[key]):
            out.errors.append(RowError("steps", got["_row"], "position", "two steps of one process share a position"))
            continue
        groups[key].append(got)
    for (proc_code, agency, _from), steps in groups.items():
        proc = procs[proc_code]
        total = sum((s["allotted_hours"] for s in steps), Decimal(0))
        budget = budget_hours(proc["time_unit"], proc["time_value"])
        if total != budget:
            out.errors.append(
                RowError(
                    "steps",
                    min(s["_row"] for s in steps),
                    "allotted_hours",
                    f"the steps of {proc_code} at {agency} add up to {total.normalize()} hours, "
                    f"the procedure allows {budget.normalize()}",
                )
            )
            continue
        out.steps.extend(steps)
    out.errors.sort(key=lambda e: (list(SHEETS).index(e.sheet), e.row, e.column))
    return out
