"""The job-position list and the staffing quotas as Excel sheets: export, and import that checks every row
and writes all or nothing (the house pattern of procedures/exchange.py, whose reader and cell converters are
reused). Row 1 of each sheet holds the column keys below; columns marked "info" are exported for reading
and ignored on import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.db import transaction

from motcua.core.errors import ProblemError
from motcua.divisions.models import Agency
from motcua.personnel import actions, selectors
from motcua.personnel.constants import PositionGroup, Qualification
from motcua.personnel.models import JobPosition, Rank, StaffingQuota
from motcua.procedures.exchange import (
    CatalogueFileError,
    RowError,
    _Bad,
    _bool,
    _choice,
    _date,
    _int,
    _text,
    read_workbook,
)

SHEETS: dict[str, list[str]] = {
    "positions": [
        "agency", "code", "name", "group", "rank", "min_qualification", "headcount", "requires_foreign_language",
        "competencies", "qualifications", "description", "legal_basis", "valid_from", "valid_to",
    ],
    "quotas": ["agency", "year", "assigned", "decision"],
}  # fmt: skip
INFO = {"positions": ["agency_name", "in_post", "vacant"], "quotas": ["agency_name", "used", "vacant", "over_by"]}
REQUIRED = {
    "positions": {"agency", "code", "name", "group", "rank", "headcount"},
    "quotas": {"agency", "year", "assigned"},
}
QUALIFICATIONS = {q.name.lower(): q.value for q in Qualification}


class StaffingFileError(CatalogueFileError):
    """The workbook has bad rows; `errors` names each by sheet, row and column. Nothing was written."""


@dataclass
class ImportSummary:
    positions: int = 0
    quotas: int = 0
    warnings: list[str] = field(default_factory=list)


# --- export ------------------------------------------------------------------------------------------------
def staffing_workbook(agencies, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    agencies = list(agencies)
    positions = (
        JobPosition.objects.filter(agency__in=agencies)
        .select_related("agency", "rank")
        .order_by("agency__code", "group", "code")
    )
    filled = {p.position_id: p.filled for a in selectors.vacancy_report(agencies) for p in a.positions}
    rows = {
        "positions": [
            [p.agency.code, p.code, p.name, p.group, p.rank.code, Qualification(p.min_qualification).name.lower(),
             p.headcount, "yes" if p.requires_foreign_language else "no",
             "; ".join(selectors._competency_names(p.competencies)), p.qualifications, p.description, p.legal_basis,
             p.valid_from, p.valid_to, p.agency.name, filled.get(p.pk, 0), max(p.headcount - filled.get(p.pk, 0), 0)]
            for p in positions
        ],
        "quotas": [
            [code[q.agency_id], q.year, q.assigned, decision.get(q.agency_id, ""), q.agency_name, q.used, q.vacant,
             q.over_by]
            for code, decision in [(
                {a.pk: a.code for a in agencies},
                dict(StaffingQuota.objects.filter(agency__in=agencies, year=year).values_list("agency_id", "decision")),
            )]
            for q in selectors.quota_statuses(agencies, year)
            if q.assigned is not None
        ],
    }  # fmt: skip
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in SHEETS.items():
        ws = workbook.create_sheet(sheet)
        ws.append(columns + INFO[sheet])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[sheet]:
            ws.append(row)
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = min(
                60, max(10, *(len(str(c.value or "")) for c in column))
            )
        ws.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- checking ----------------------------------------------------------------------------------------------
def _qualification(value) -> int:
    text = _text(value).lower()
    if text in QUALIFICATIONS:
        return QUALIFICATIONS[text]
    if text.isdigit() and int(text) in Qualification.values:
        return int(text)
    raise _Bad(f"{value!r} is not a qualification ({', '.join(QUALIFICATIONS)})")


def _check_positions(rows, agencies, ranks, errors) -> list[dict]:
    out, seen = [], {}
    for row in rows:
        n, before = row["_row"], len(errors)

        def bad(column, reason, n=n):
            errors.append(RowError("positions", n, column, reason))

        for column in REQUIRED["positions"]:
            if _text(row.get(column)) == "":
                bad(column, "required")
        if len(errors) > before:
            continue
        values = {}
        try:
            agency = agencies.get(_text(row["agency"]))
            if agency is None:
                raise _Bad(f"no agency {row['agency']!r} that you manage")
            values["agency"] = agency
        except _Bad as exc:
            bad("agency", str(exc))
        code = _text(row["code"])
        key = (_text(row["agency"]), code)
        if key in seen:
            bad("code", f"the same position as row {seen[key]}")
        seen[key] = n
        converters = {
            "group": lambda v: _choice(v, PositionGroup.values, "group"),
            "rank": lambda v: ranks.get(_text(v)) or (_ for _ in ()).throw(_Bad(f"no rank {_text(v)!r}")),
            "min_qualification": lambda v: _qualification(v) if _text(v) else None,
            "headcount": lambda v: _int(v, minimum=1),
            "requires_foreign_language": lambda v: _bool(v),
            "valid_from": _date,
            "valid_to": _date,
        }
        for column, convert in converters.items():
            try:
                values[column] = convert(row.get(column))
            except _Bad as exc:
                bad(column, str(exc))
        if values.get("valid_from") and values.get("valid_to") and values["valid_to"] <= values["valid_from"]:
            bad("valid_to", "must be after valid_from")
        if len(errors) > before:
            continue
        if values["min_qualification"] is None:
            values["min_qualification"] = values["rank"].min_qualification
        values["competencies"] = [c.strip() for c in _text(row.get("competencies")).split(";") if c.strip()]
        for column in ("qualifications", "description", "legal_basis"):
            values[column] = _text(row.get(column))
        values.update(code=code, name=_text(row["name"]), _row=n)
        out.append(values)
    return out


def _check_quotas(rows, agencies, errors) -> list[dict]:
    out, seen = [], {}
    for row in rows:
        n, before = row["_row"], len(errors)
        values = {"_row": n, "decision": _text(row.get("decision"))}
        for column in REQUIRED["quotas"]:
            if _text(row.get(column)) == "":
                errors.append(RowError("quotas", n, column, "required"))
        if len(errors) > before:
            continue
        values["agency"] = agencies.get(_text(row["agency"]))
        if values["agency"] is None:
            errors.append(RowError("quotas", n, "agency", f"no agency {row['agency']!r} that you manage"))
        for column, low in (("year", 2000), ("assigned", 0)):
            try:
                values[column] = _int(row[column], minimum=low)
            except _Bad as exc:
                errors.append(RowError("quotas", n, column, str(exc)))
        if len(errors) > before:
            continue
        if not 2000 <= values["year"] <= 2100:
            errors.append(RowError("quotas", n, "year", "a year between 2000 and 2100"))
            continue
        key = (values["agency"].pk, values["year"])
        if key in seen:
            errors.append(RowError("quotas", n, "agency", f"the same agency and year as row {seen[key]}"))
        seen[key] = n
        out.append(values)
    return out


# --- import ------------------------------------------------------------------------------------------------
def import_workbook(upload, *, actor) -> ImportSummary:
    """Check every row of the uploaded workbook, then write all of it through the actions in one transaction,
    or nothing (StaffingFileError with every bad row)."""
    from motcua.core.uploads import inspect_upload

    inspect_upload(upload, allowed={"xlsx"})
    try:
        tables = read_workbook(upload, SHEETS, required_sheets=())
    except CatalogueFileError as exc:
        raise StaffingFileError(exc.errors) from None
    except Exception:
        raise StaffingFileError([RowError("", 0, "", "not a readable Excel workbook")]) from None
    ids = selectors.managed_agency_ids(actor)
    agencies_qs = Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)
    agencies = {a.code: a for a in agencies_qs}
    ranks = {r.code: r for r in Rank.objects.all()}
    errors: list[RowError] = []
    positions = _check_positions(tables.get("positions", []), agencies, ranks, errors)
    quotas = _check_quotas(tables.get("quotas", []), agencies, errors)
    if errors:
        raise StaffingFileError(errors)
    summary = ImportSummary()
    with transaction.atomic():
        for values in positions:
            values.pop("_row")
            agency, code = values.pop("agency"), values.pop("code")
            values["valid_from"] = values["valid_from"] or date(2025, 7, 1)
            actions.save_job_position(actor=actor, agency=agency, code=code, **values)
            summary.positions += 1
        # Parents first, so that what is allocated down is checked against the new parent quota.
        for values in sorted(quotas, key=lambda v: (v["agency"].tier, v["agency"].parent_id is not None)):
            try:
                outcome = actions.set_quota(
                    actor=actor,
                    agency=values["agency"],
                    year=values["year"],
                    assigned=values["assigned"],
                    decision=values["decision"],
                )
            except ProblemError as exc:
                errors.append(RowError("quotas", values["_row"], "assigned", str(exc.detail)))
                continue
            summary.quotas += 1
            summary.warnings += [f"quotas!{values['_row']}: {w}" for w in outcome.warnings if w != "no_quota"]
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise StaffingFileError(errors)
    return summary
