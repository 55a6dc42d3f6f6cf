"""The only code that writes administrative units and agencies: the idempotent loaders.

`load_divisions` reads two sources:
- the structure from 1/7/2025 (34 provinces, 3,321 commune-level units) from the installed
  `vietnam-provinces` 2025.x package (Decision 19/2025/QĐ-TTg codes);
- the structure before 1/7/2025 (63 provinces, 696 districts, 10,051 communes) from
  `data/legacy_divisions.json.gz`, extracted once from `vietnam-provinces` 0.6.0 by
  `scripts/extract_legacy_divisions.py`.

`load_agencies` reads a province's agency file `data/agencies/<province code>.yaml`.

Both update in place (units keyed by (code, valid_from), agencies by code) and write only rows that
changed.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction

from motcua.divisions.constants import (
    AGENCY_CODE_RE,
    COMMUNE_RESOLUTION_DEFAULT,
    COMMUNE_RESOLUTIONS,
    PROVINCE_PREDECESSORS,
    PROVINCES_RESOLUTION,
    TIER_OF_KIND,
    TWO_TIER_DATE,
    AgencyKind,
    Tier,
    UnitKind,
)
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.divisions.selectors import agency_on, communes_of, unit_on

DATA_DIR = Path(__file__).resolve().parent / "data"
LEGACY_FILE = DATA_DIR / "legacy_divisions.json.gz"
AGENCIES_DIR = DATA_DIR / "agencies"

UNIT_FIELDS = ["name", "kind", "tier", "parent_id", "valid_to", "source"]
BATCH = 500


class DataError(Exception):
    """The source data is missing or inconsistent; the message says what to do."""


@dataclass
class LoadReport:
    """Rows created, updated and left unchanged, per key (e.g. (era, tier)), keys in first-seen order."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    keys: list = field(default_factory=list)

    def add(self, what: str, key, n: int = 1) -> None:
        if key not in self.keys:
            self.keys.append(key)
        getattr(self, what)[key] += n

    def seen(self, key) -> int:
        return self.created[key] + self.updated[key] + self.unchanged[key]

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent: tuple[str, date | None] | None  # (code, valid_from) of the parent
    valid_from: date | None
    valid_to: date | None
    source: str

    @property
    def tier(self) -> int:
        return TIER_OF_KIND[UnitKind(self.kind)]


# --- sources --------------------------------------------------------------------------------------


@functools.cache
def legacy_data() -> dict:
    """The pre-1/7/2025 units shipped with motcua (see scripts/extract_legacy_divisions.py)."""
    with gzip.open(LEGACY_FILE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def legacy_rows(province_codes: set[str] | None) -> list[UnitRow]:
    """Old provinces (all, or those in `province_codes`) with their districts and communes."""
    data = legacy_data()
    valid_to = date.fromisoformat(data["valid_to"])
    origin = f"vietnam-provinces {data['package_version']} (data {data['data_version']}); GSO codes"
    rows: list[UnitRow] = []
    districts: set[str] = set()
    for code, name, kind, _parent in data["provinces"]:
        if province_codes is None or code in province_codes:
            rows.append(UnitRow(code, name, kind, None, None, valid_to, f"{origin}; ended by {PROVINCES_RESOLUTION}"))
    for code, name, kind, parent in data["districts"]:
        if province_codes is None or parent in province_codes:
            districts.add(code)
            rows.append(
                UnitRow(
                    code, name, kind, (parent, None), None, valid_to, f"{origin}; district level abolished 1/7/2025"
                )
            )
    ended = f"{origin}; ended by NA Standing Committee resolutions of 16/6/2025"
    for code, name, kind, parent in data["communes"]:
        if parent in districts:
            rows.append(UnitRow(code, name, kind, (parent, None), None, valid_to, ended))
    return rows


def current_rows(province_codes: set[str] | None) -> list[UnitRow]:
    """Provinces from 1/7/2025 (all, or those in `province_codes`) with their commune-level units."""
    import vietnam_provinces
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    kinds = {
        VietNamDivisionType.TINH: UnitKind.PROVINCE,
        VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.CENTRAL_CITY,
        VietNamDivisionType.XA: UnitKind.COMMUNE,
        VietNamDivisionType.PHUONG: UnitKind.WARD,
        VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
    }
    origin = f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__})"
    rows: list[UnitRow] = []
    selected: set[str] = set()
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        if province_codes is not None and code not in province_codes:
            continue
        selected.add(code)
        kind = kinds[p.division_type]
        name = p.name if kind == UnitKind.CENTRAL_CITY or p.name.startswith("Tỉnh ") else f"Tỉnh {p.name}"
        source = f"{origin}; Decision 19/2025/QĐ-TTg; {PROVINCES_RESOLUTION}"
        rows.append(UnitRow(code, name, kind, None, TWO_TIER_DATE, None, source))
    for w in Ward.iter_all():
        p_code = f"{int(w.province_code):02d}"
        if p_code in selected:
            resolution = COMMUNE_RESOLUTIONS.get(p_code, COMMUNE_RESOLUTION_DEFAULT)
            source = f"{origin}; Decision 19/2025/QĐ-TTg; {resolution}"
            code = f"{int(w.code):05d}"
            rows.append(
                UnitRow(code, w.name, kinds[w.division_type], (p_code, TWO_TIER_DATE), TWO_TIER_DATE, None, source)
            )
    return rows


# --- divisions ------------------------------------------------------------------------------------


def _upsert_units(rows: list[UnitRow], report: LoadReport, era: str) -> None:
    """Create or update `rows` tier by tier, so that parents exist before their children."""
    for tier in (Tier.PROVINCE, Tier.DISTRICT, Tier.COMMUNE):
        tier_rows = [r for r in rows if r.tier == tier]
        if not tier_rows:
            continue
        existing = {(u.code, u.valid_from): u for u in AdministrativeUnit.objects.filter(tier=tier)}
        parent_ids: dict[tuple[str, date | None], int] = {}
        if tier != Tier.PROVINCE:
            parent_ids = {
                (code, vf): pk
                for pk, code, vf in AdministrativeUnit.objects.filter(tier__lt=tier).values_list(
                    "pk", "code", "valid_from"
                )
            }
        to_create, to_update = [], []
        for r in tier_rows:
            parent_id = None
            if r.parent is not None:
                parent_id = parent_ids.get(r.parent)
                if parent_id is None:
                    raise DataError(f"unit {r.code} {r.name}: parent {r.parent[0]} is not loaded")
            values = {
                "name": r.name,
                "kind": r.kind,
                "tier": r.tier,
                "parent_id": parent_id,
                "valid_to": r.valid_to,
                "source": r.source[:200],
            }
            unit = existing.get((r.code, r.valid_from))
            if unit is None:
                to_create.append(AdministrativeUnit(code=r.code, valid_from=r.valid_from, **values))
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                to_update.append(unit)
            else:
                report.add("unchanged", (era, tier))
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH)
        AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH)
        report.add("created", (era, tier), len(to_create))
        report.add("updated", (era, tier), len(to_update))


def _link_successors(legacy_codes: set[str], current_codes: set[str]) -> int:
    """Record which new province each old province was merged into (Resolution 202/2025/QH15)."""
    old = dict(
        AdministrativeUnit.objects.filter(
            tier=Tier.PROVINCE, valid_to=TWO_TIER_DATE, code__in=legacy_codes
        ).values_list("code", "pk")
    )
    new = dict(
        AdministrativeUnit.objects.filter(
            tier=Tier.PROVINCE, valid_from=TWO_TIER_DATE, code__in=current_codes
        ).values_list("code", "pk")
    )
    through = AdministrativeUnit.successors.through
    links = [
        through(from_administrativeunit_id=old[o], to_administrativeunit_id=new[n])
        for n, olds in PROVINCE_PREDECESSORS.items()
        if n in new
        for o in olds
        if o in old
    ]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


@transaction.atomic
def load_divisions(province_code: str | None) -> LoadReport:
    """Load one province (both eras: the new province and the old ones merged into it), or all if None."""
    if province_code is None:
        current_codes, legacy_codes = None, None
    else:
        if province_code not in PROVINCE_PREDECESSORS:
            known = ", ".join(sorted(PROVINCE_PREDECESSORS))
            raise DataError(f"unknown province code {province_code!r}; the codes from 1/7/2025 are: {known}")
        current_codes, legacy_codes = {province_code}, set(PROVINCE_PREDECESSORS[province_code])
    report = LoadReport()
    legacy = legacy_rows(legacy_codes)
    current = current_rows(current_codes)
    _upsert_units(legacy, report, "before 1/7/2025")
    _upsert_units(current, report, "from 1/7/2025")
    _link_successors(
        {r.code for r in legacy if r.tier == Tier.PROVINCE}, {r.code for r in current if r.tier == Tier.PROVINCE}
    )
    return report


# --- agencies -------------------------------------------------------------------------------------


def agencies_file(province_code: str) -> Path:
    return AGENCIES_DIR / f"{province_code}.yaml"


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _local_name(unit: AdministrativeUnit) -> str:
    """A unit's name as used inside an agency's name: 'Phường Cao Lãnh' → 'phường Cao Lãnh'."""
    for prefix in ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ", "Thị xã ", "Thành phố ", "Quận ", "Huyện "):
        if unit.name.startswith(prefix):
            return unit.name[0].lower() + unit.name[1:]
    return unit.name


def _per_commune_rows(spec: dict, province: AdministrativeUnit, day: date) -> list[dict]:
    """One agency per commune-level unit of the province on `day` (in GSO code order), per `spec`.

    `spec`: kind, name and short_name templates with {local} (e.g. "Ủy ban nhân dân {local}"), a code
    template with {seq} and {block}, first_block and per_block, and optionally a parent code.
    """
    rows = []
    per_block = int(spec.get("per_block", 99))
    for i, unit in enumerate(communes_of(province, day).order_by("code")):
        local = _local_name(unit)
        code = spec["code"].format(seq=i % per_block + 1, block=int(spec["first_block"]) + i // per_block)
        rows.append(
            {
                "code": code,
                "name": spec["name"].format(local=local),
                "short_name": spec.get("short_name", "").format(local=local),
                "kind": spec["kind"],
                "unit": unit,
                "parent": spec.get("parent"),
                "code_status": spec.get("code_status", "placeholder"),
                "sources": spec.get("sources", []),
            }
        )
    return rows


def _source_text(row: dict, sources: dict[str, str]) -> str:
    refs = []
    for key in row.get("sources", []):
        if key not in sources:
            raise DataError(f"agency {row['code']}: unknown source {key!r}")
        refs.append(sources[key]["cite"] if isinstance(sources[key], dict) else sources[key])
    suffix = f"[code {row.get('code_status', 'placeholder')}]"
    text = "; ".join(refs)[: 300 - len(suffix) - 1]
    return f"{text} {suffix}".strip()


def _match(rows: list[Agency], valid_from: date | None) -> Agency | None:
    """The row a file entry updates: the only row with its code, or the one of the same period."""
    if len(rows) == 1:
        return rows[0]
    return next((a for a in rows if a.valid_from == valid_from), None)


@transaction.atomic
def load_agencies(path: Path) -> LoadReport:
    """Create or update the agencies listed in a province's YAML file, keyed by code.

    Codes must be unique in the file. If the database holds several periods of one code (allowed by
    the schema), the row of the same `valid_from` is updated; otherwise a new row is added.
    """
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(f"no agency file {path}") from exc
    sources = doc.get("sources", {})
    report = LoadReport()
    existing: dict[str, list[Agency]] = {}
    for a in Agency.objects.all():
        existing.setdefault(a.code, []).append(a)
    seen_codes: set[str] = set()
    for period in doc["periods"]:
        valid_from, valid_to = _as_date(period.get("valid_from")), _as_date(period.get("valid_to"))
        day = valid_from or (valid_to - timedelta(days=1))
        loaded: dict[str, Agency] = {}
        rows = list(period.get("agencies", []))
        if period.get("per_commune"):
            province = unit_on(str(period["province"]), day)
            if province is None:
                raise DataError(
                    f"province {period['province']} is not loaded for {day}: run `motcua load_divisions` first"
                )
            for spec in period["per_commune"]:
                rows += _per_commune_rows(spec, province, day)
        for row in rows:
            code = str(row["code"])
            if not AGENCY_CODE_RE.match(code):
                raise DataError(f"agency code {code!r} does not follow QCVN 102:2016/BTTTT (000.00.00.H20)")
            unit = row["unit"] if isinstance(row["unit"], AdministrativeUnit) else unit_on(str(row["unit"]), day)
            if unit is None:
                raise DataError(
                    f"agency {code}: unit {row['unit']} does not exist on {day}: run `motcua load_divisions` first"
                )
            kind = AgencyKind(row["kind"])
            a_from = _as_date(row.get("valid_from", valid_from))
            a_to = _as_date(row.get("valid_to", valid_to))
            parent = None
            if row.get("parent"):
                parent = loaded.get(str(row["parent"])) or agency_on(str(row["parent"]), day)
                if parent is None:
                    raise DataError(f"agency {code}: parent {row['parent']} is not listed before it")
            values = {
                "name": row["name"],
                "short_name": row.get("short_name", ""),
                "tier": unit.tier,
                "kind": kind,
                "parent": parent,
                "unit": unit,
                "valid_to": a_to,
                "address": row.get("address", ""),
                "phone": str(row.get("phone", "")),
                "email": row.get("email", ""),
                "source": _source_text(row, sources),
            }
            if code in seen_codes:
                raise DataError(f"agency code {code} appears twice in {path.name}: codes key the rows")
            seen_codes.add(code)
            values["valid_from"] = a_from
            agency = _match(existing.get(code, []), a_from)
            if agency is None:
                agency = Agency(code=code, **values)
                agency.save()
                existing.setdefault(code, []).append(agency)
                report.add("created", (period["name"], unit.tier))
            elif any(getattr(agency, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(agency, k, v)
                agency.save()
                report.add("updated", (period["name"], unit.tier))
            else:
                report.add("unchanged", (period["name"], unit.tier))
            loaded[code] = agency
    return report
