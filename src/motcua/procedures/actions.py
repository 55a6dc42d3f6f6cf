"""Writes to the catalogue: the spreadsheet import and the demo loader. Each runs in one transaction, so a
bad row leaves the catalogue as it was."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.models import Agency
from motcua.procedures import search_index
from motcua.procedures.exchange import LEVEL_NAMES, CatalogueFileError, RowError, Tables, check
from motcua.procedures.models import (
    FeeItem,
    Field,
    PerformingAgency,
    Procedure,
    Process,
    ProcessStep,
    RequiredDocument,
    check_allotments,
)

Progress = Callable[[int, int, str], None]
DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_catalogue.yaml"
LEVEL_TIERS = {"province": Tier.PROVINCE, "district": Tier.DISTRICT, "commune": Tier.COMMUNE}


def _no_progress(done: int, total: int, label: str) -> None:
    return None


@dataclass
class ImportSummary:
    fields: int = 0
    procedures_created: int = 0
    procedures_updated: int = 0
    processes: int = 0
    steps: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def procedures(self) -> int:
        return self.procedures_created + self.procedures_updated


def _agency_index() -> dict[str, tuple[str, int]]:
    return {code: (kind, tier) for code, kind, tier in Agency.objects.values_list("code", "kind", "tier")}


def import_tables(
    tables: Tables, *, replace_processes: bool = True, progress: Progress = _no_progress
) -> ImportSummary:
    """Upsert the catalogue in `tables` (keyed by field code and national procedure code).

    The documents, fees and performing agencies of every listed procedure are replaced by the file's rows;
    with `replace_processes`, so are its processes. Any bad row raises CatalogueFileError and writes nothing.
    """
    checked = check(tables, known_fields=set(Field.objects.values_list("code", flat=True)), agencies=_agency_index())
    if checked.errors:
        raise CatalogueFileError(checked.errors)
    summary = ImportSummary()
    total = len(checked.procedures)
    with transaction.atomic():
        for row in checked.fields:
            Field.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "national_code": row["national_code"]}
            )
            summary.fields += 1
        fields = {f.code: f for f in Field.objects.all()}
        existing = {p.code: p for p in Procedure.objects.filter(code__in=[r["code"] for r in checked.procedures])}
        saved: dict[str, Procedure] = {}
        for done, row in enumerate(checked.procedures, start=1):
            proc = existing.get(row["code"]) or Procedure(code=row["code"])
            created = proc.pk is None
            proc.name = row["name"]
            proc.field = fields[row["field"]]
            proc.set_levels(row["levels"])
            for attr in (
                "time_value", "time_unit", "time_note", "result", "legal_basis", "online_level", "postal_allowed",
                "inter_agency", "status", "valid_from", "valid_to", "form_schema", "source", "unverified",
            ):  # fmt: skip
                setattr(proc, attr, row[attr])
            proc.save()
            saved[proc.code] = proc
            if created:
                summary.procedures_created += 1
            else:
                summary.procedures_updated += 1
            progress(done, total, proc.code)
        ids = [p.pk for p in saved.values()]
        agencies = {a.code: a for a in Agency.objects.all()}
        # Performing agencies are referenced by nothing: replace them.
        PerformingAgency.objects.filter(procedure_id__in=ids).delete()
        PerformingAgency.objects.bulk_create(
            PerformingAgency(
                procedure=saved[r["procedure"]],
                tier=r["level"],
                kind=r["kind"],
                agency=agencies.get(r["agency"]),
                note=r["note"],
            )
            for r in checked.performers
        )
        # Documents, fees, processes and steps may be referenced by dossiers: update them in place by
        # their key (position; procedure + agency + valid_from), create the new, delete only the gone.
        documents = _by_parent(checked.documents, "procedure")
        fees = _by_parent(checked.fees, "procedure")
        for code, proc in saved.items():
            _sync(
                proc.documents.all(),
                RequiredDocument,
                {"procedure": proc},
                documents.get(code, []),
                DOCUMENT_ATTRS,
                "documents",
            )
            _sync(proc.fees.all(), FeeItem, {"procedure": proc}, fees.get(code, []), FEE_ATTRS, "fees")
        if replace_processes:
            groups: dict[tuple, list[dict]] = defaultdict(list)
            for r in checked.steps:
                groups[(r["procedure"], r["agency"], r["valid_from"])].append(r)
            kept: set[int] = set()
            for (code, agency_code, valid_from), steps in groups.items():
                process, _ = Process.objects.get_or_create(
                    procedure=saved[code], agency=agencies[agency_code], valid_from=valid_from
                )
                kept.add(process.pk)
                rows = [
                    {
                        **{attr: r[attr] for attr in ("position", "name", "role", "handler_kind", "inter_agency")},
                        "handler_agency": agencies.get(r["handler_agency"]),
                        "handler_tier": r["handler_level"],
                        "allotted_hours": r["allotted_hours"],
                    }
                    for r in steps
                ]
                _sync(process.steps.all(), ProcessStep, {"process": process}, rows, STEP_ATTRS, "steps")
                summary.processes += 1
                summary.steps += len(steps)
            _delete(Process.objects.filter(procedure_id__in=ids).exclude(pk__in=kept), "steps")
        search_index.rebuild_search_index()
    return summary


DOCUMENT_ATTRS = ("name", "form", "copies", "mandatory", "template_name", "note")
FEE_ATTRS = ("name", "category", "kind", "amount", "formula", "exemptions", "legal_basis")
STEP_ATTRS = ("name", "role", "handler_agency", "handler_kind", "handler_tier", "inter_agency", "allotted_hours")


def _by_parent(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _sync(current, model, parent: dict, rows: list[dict], attrs: tuple[str, ...], sheet: str) -> None:
    """Make the children in `current` equal `rows`, matched by position, touching only what changed."""
    existing = {obj.position: obj for obj in current}
    new = []
    for row in rows:
        obj = existing.pop(row["position"], None)
        if obj is None:
            new.append(model(**parent, position=row["position"], **{a: row[a] for a in attrs}))
            continue
        changed = [a for a in attrs if getattr(obj, a) != row[a]]
        for a in changed:
            setattr(obj, a, row[a])
        if changed:
            obj.save(update_fields=changed)
    _delete(model.objects.filter(pk__in=[obj.pk for obj in existing.values()]), sheet)
    model.objects.bulk_create(new)


def _delete(queryset, sheet: str) -> None:
    try:
        queryset.delete()
    except ProtectedError as exc:
        used = ", ".join(sorted({str(obj) for obj in exc.protected_objects})[:5])
        raise CatalogueFileError(
            [RowError(sheet, 0, "", f"cannot remove rows that dossiers use ({used}); end them with valid_to instead")]
        ) from exc


def export_tables() -> Tables:
    """The whole catalogue as flat tables (the inverse of `import_tables`)."""
    tables: Tables = {name: [] for name in ("fields", "procedures", "performers", "documents", "fees", "steps")}
    for f in Field.objects.order_by("code"):
        tables["fields"].append({"code": f.code, "national_code": f.national_code, "name": f.name})
    procs = Procedure.objects.select_related("field").order_by("code")
    for p in procs:
        tables["procedures"].append(
            {
                "code": p.code,
                "name": p.name,
                "field": p.field.code,
                "levels": ", ".join(LEVEL_NAMES[Tier(t)] for t in p.levels),
                "time_value": p.time_value,
                "time_unit": p.time_unit,
                "time_note": p.time_note,
                "result": p.result,
                "legal_basis": p.legal_basis,
                "online_level": p.online_level,
                "postal_allowed": p.postal_allowed,
                "inter_agency": p.inter_agency,
                "status": p.status,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
                "form_schema": p.form_schema,
                "source": p.source,
                "unverified": ", ".join(p.unverified or []),
            }
        )
    for pa in PerformingAgency.objects.select_related("procedure", "agency").order_by("procedure__code", "id"):
        tables["performers"].append(
            {
                "procedure": pa.procedure.code,
                "level": LEVEL_NAMES[Tier(pa.tier)],
                "kind": pa.kind,
                "agency": pa.agency.code if pa.agency else "",
                "note": pa.note,
            }
        )
    for d in RequiredDocument.objects.select_related("procedure").order_by("procedure__code", "position", "id"):
        tables["documents"].append(
            {
                "procedure": d.procedure.code,
                "position": d.position,
                "name": d.name,
                "form": d.form,
                "copies": d.copies,
                "mandatory": d.mandatory,
                "template_name": d.template_name,
                "note": d.note,
            }
        )
    for fee in FeeItem.objects.select_related("procedure").order_by("procedure__code", "position", "id"):
        tables["fees"].append(
            {
                "procedure": fee.procedure.code,
                "position": fee.position,
                "name": fee.name,
                "category": fee.category,
                "kind": fee.kind,
                "amount": fee.amount,
                "formula": fee.formula,
                "exemptions": fee.exemptions,
                "legal_basis": fee.legal_basis,
            }
        )
    steps = ProcessStep.objects.select_related("process__procedure", "process__agency", "handler_agency").order_by(
        "process__procedure__code", "process__agency__code", "process__valid_from", "position"
    )
    for s in steps:
        tables["steps"].append(
            {
                "procedure": s.process.procedure.code,
                "agency": s.process.agency.code,
                "valid_from": s.process.valid_from,
                "position": s.position,
                "name": s.name,
                "role": s.role,
                "handler_agency": s.handler_agency.code if s.handler_agency else "",
                "handler_kind": s.handler_kind,
                "handler_level": LEVEL_NAMES[Tier(s.handler_tier)] if s.handler_tier else "",
                "inter_agency": s.inter_agency,
                "allotted_hours": s.allotted_hours,
            }
        )
    return tables


# --- the demo catalogue -------------------------------------------------------------------------------------
def read_demo_file(path: str | Path = DEMO_FILE) -> dict:
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def demo_tables(data: dict) -> Tables:
    """The demo file's nested procedures as flat tables (processes are templates, built separately)."""
    tables: Tables = {"fields": [], "procedures": [], "performers": [], "documents": [], "fees": [], "steps": []}
    for number, f in enumerate(data.get("fields", []), start=1):
        tables["fields"].append({"_row": number, **f})
    for number, p in enumerate(data.get("procedures", []), start=1):
        time = p.get("time", {})
        tables["procedures"].append(
            {
                "_row": number,
                "code": p["code"],
                "name": p["name"],
                "field": p["field"],
                "levels": p.get("levels", []),
                "time_value": time.get("value", 0),
                "time_unit": time.get("unit"),
                "time_note": time.get("note", ""),
                "result": p.get("result", ""),
                "legal_basis": p.get("legal_basis", ""),
                "online_level": p.get("online_level", "none"),
                "postal_allowed": p.get("postal_allowed", True),
                "inter_agency": p.get("inter_agency", False),
                "status": p.get("status", "active"),
                "valid_from": p.get("valid_from"),
                "valid_to": p.get("valid_to"),
                "form_schema": p.get("form_schema"),
                "source": p.get("source", ""),
                "unverified": p.get("unverified", []),
            }
        )
        for performer in p.get("performers", []):
            tables["performers"].append({"_row": number, "procedure": p["code"], **performer})
        for position, doc in enumerate(p.get("documents", []), start=1):
            tables["documents"].append({"_row": number, "procedure": p["code"], "position": position, **doc})
        for position, fee in enumerate(p.get("fees", []), start=1):
            tables["fees"].append({"_row": number, "procedure": p["code"], "position": position, **fee})
    return tables


def _matching_agencies(spec: dict, day) -> list[Agency]:
    tier = Tier(spec["level"]) if isinstance(spec["level"], int) else Tier[spec["level"].upper()]
    qs = Agency.objects.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)),
        kind=AgencyKind(spec["kind"]),
        tier=tier,
    )
    for word in spec.get("name_contains", []):
        qs = qs.filter(name__icontains=word)
    return list(qs.select_related("unit").order_by("code"))


def _receivers(receiving: dict | list, day, cache: dict) -> list[Agency]:
    """Agencies for the first alternative of `receiving` (a spec or a list of specs) that has any."""
    for spec in receiving if isinstance(receiving, list) else [receiving]:
        found = _cached_matches(spec, day, cache)
        if found:
            return found
    return []


def _cached_matches(spec: dict, day, cache: dict) -> list[Agency]:
    key = (spec["kind"], spec["level"], tuple(spec.get("name_contains", [])))
    if key not in cache:
        cache[key] = _matching_agencies(spec, day)
    return cache[key]


def _resolve_handler(receiving: Agency, handler: dict, day, cache: dict) -> Agency | None:
    """The concrete agency a relative handler means for `receiving`, if exactly one is found."""
    candidates = _cached_matches(handler, day, cache)
    tier = candidates[0].tier if candidates else None
    if tier == receiving.tier:
        candidates = [a for a in candidates if a.unit_id == receiving.unit_id]
    elif tier is not None and tier < receiving.tier:
        ancestors = {receiving.unit_id, receiving.unit.parent_id}
        candidates = [a for a in candidates if a.unit_id in ancestors or a.unit.parent_id in ancestors]
    return candidates[0] if len(candidates) == 1 else None


def template_errors(data: dict) -> list[RowError]:
    """Problems of the process templates in a demo file (sheet 'process', row = procedure's position)."""
    errors: list[RowError] = []
    for number, p in enumerate(data.get("procedures", []), start=1):
        template = p.get("process")
        if not template:
            continue
        receiving = template.get("receiving")
        specs = receiving if isinstance(receiving, list) else [receiving]
        handlers = [s["handler"] for s in template.get("steps", []) if s.get("handler")]
        for spec in [*specs, *handlers]:
            if not isinstance(spec, dict) or spec.get("kind") not in AgencyKind.values:
                errors.append(RowError("process", number, "kind", f"{p['code']}: bad agency kind in {spec!r}"))
            elif spec.get("level") not in LEVEL_TIERS:
                errors.append(RowError("process", number, "level", f"{p['code']}: bad level in {spec!r}"))
        if not template.get("steps"):
            errors.append(RowError("process", number, "steps", f"{p['code']}: no steps"))
        for step in template.get("steps", []):
            if step.get("role") not in Role.values:
                errors.append(RowError("process", number, "role", f"{p['code']}: unknown role {step.get('role')!r}"))
            if not isinstance(step.get("hours"), int | float) or step["hours"] < 0:
                errors.append(RowError("process", number, "hours", f"{p['code']}: bad hours {step.get('hours')!r}"))
    return errors


def load_demo(path: str | Path = DEMO_FILE, *, progress: Progress = _no_progress) -> ImportSummary:
    """Load (again) the demo catalogue: procedures by national code, then processes for matching agencies.

    Processes are built from each procedure's template for every agency of the template's kind and level
    (and name words, for departments) that exists today — `receiving` may list alternatives, the first
    that matches any agency wins; procedures whose agencies are all missing get no process and a warning.
    """
    data = read_demo_file(path)
    errors = template_errors(data)
    if errors:
        raise CatalogueFileError(errors)
    day = timezone.localdate()
    with transaction.atomic():
        summary = import_tables(demo_tables(data), replace_processes=False, progress=progress)
        procedures = {p.code: p for p in Procedure.objects.filter(code__in=[p["code"] for p in data["procedures"]])}
        missing: dict[tuple, list[str]] = defaultdict(list)
        cache: dict[tuple, list[Agency]] = {}
        for spec in data["procedures"]:
            template = spec.get("process")
            if not template:
                continue
            proc = procedures[spec["code"]]
            check_allotments(proc, [Decimal(str(s["hours"])) for s in template["steps"]])
            receivers = _receivers(template["receiving"], day, cache)
            if not receivers:
                receiving = template["receiving"]
                receiving = receiving[0] if isinstance(receiving, list) else receiving
                key = (receiving["kind"], receiving["level"], " ".join(receiving.get("name_contains", [])))
                missing[key].append(proc.code)
                continue
            for agency in receivers:
                process, _ = Process.objects.update_or_create(
                    procedure=proc,
                    agency=agency,
                    valid_from=proc.valid_from,
                    defaults={"name": template.get("name", ""), "source": template.get("source", "")},
                )
                steps = []
                for position, step in enumerate(template["steps"], start=1):
                    handler = step.get("handler")
                    resolved = _resolve_handler(agency, handler, day, cache) if handler else None
                    steps.append(
                        ProcessStep(
                            process=process,
                            position=position,
                            name=step["name"],
                            role=step["role"],
                            handler_agency=resolved,
                            handler_kind=handler["kind"] if handler else "",
                            handler_tier=LEVEL_TIERS[handler["level"]] if handler else None,
                            # A step handled by another kind of agency than the receiving one hands over.
                            inter_agency=bool(
                                step.get("inter_agency", False)
                                or (
                                    handler
                                    and (handler["kind"], LEVEL_TIERS[handler["level"]]) != (agency.kind, agency.tier)
                                )
                            ),
                            allotted_hours=Decimal(str(step["hours"])),
                        )
                    )
                rows = [{"position": st.position, **{a: getattr(st, a) for a in STEP_ATTRS}} for st in steps]
                _sync(process.steps.all(), ProcessStep, {"process": process}, rows, STEP_ATTRS, "steps")
                summary.processes += 1
                summary.steps += len(steps)
        for (kind, level, words), codes in missing.items():
            named = f" named like {words!r}" if words else ""
            summary.warnings.append(
                f"No {kind} agency at {level} level{named}: no process for {len(codes)} procedure(s) "
                f"({', '.join(codes)})"
            )
    return summary
