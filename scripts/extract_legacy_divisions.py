"""Extract Vietnam's pre-1/7/2025 administrative units (3 tiers) into the data file motcua ships.

The `vietnam-provinces` 2025.x releases (a motcua dependency) carry only the two-tier structure in
force from 1 July 2025. The three-tier structure before it (63 provinces → districts/towns/cities →
communes/wards/townships) is in the package's 0.6.x releases, which motcua does NOT depend on. This
script is run ONCE, by hand, in a throwaway virtual environment, and its output is committed:

    python3 -m venv /tmp/vp06
    /tmp/vp06/bin/pip install vietnam-provinces==0.6.0
    /tmp/vp06/bin/python scripts/extract_legacy_divisions.py \
        src/motcua/divisions/data/legacy_divisions.json.gz

The output is a gzip-compressed JSON document: a header (source, package version, data date,
validity) and three lists of rows `[code, name, kind, parent_code]` with GSO codes zero-padded to 2
(province), 3 (district) and 5 (commune) digits. The kinds are motcua's `UnitKind` values. The
package's own `division_type` field is unreliable in 0.6.0 (every district is "huyện", every commune
"xã"), so the kind is read from the official name prefix (Tỉnh, Thành phố, Quận, Huyện, Thị xã,
Phường, Xã, Thị trấn; matched ignoring case, and written back in that casing, since a few source
names read "Thành Phố …"), and the script refuses a name with any other prefix.

Only the standard library is used, so the script runs with any Python 3.10+.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

VALID_TO = "2025-07-01"  # exclusive: the two-tier structure takes effect on 1/7/2025

PROVINCE_PREFIXES = {"Tỉnh ": "province", "Thành phố ": "central_city"}
DISTRICT_PREFIXES = {
    "Quận ": "urban_district",
    "Huyện ": "district",
    "Thị xã ": "town",
    "Thành phố ": "provincial_city",  # "municipal_city" when the province is a central city
}
COMMUNE_PREFIXES = {"Phường ": "ward", "Xã ": "commune", "Thị trấn ": "township"}


def kind_of(name: str, prefixes: dict[str, str]) -> tuple[str, str]:
    """The unit's kind and its name with the prefix in its official casing ("Thành Phố X" → "Thành phố X")."""
    for prefix, kind in prefixes.items():
        if name.casefold().startswith(prefix.casefold()):
            return kind, prefix + name[len(prefix) :].strip()
    raise ValueError(f"unexpected administrative unit name: {name!r}")


def extract() -> dict:
    import vietnam_provinces  # the 0.6.x release, in the throwaway venv

    version = vietnam_provinces.__version__
    if not version.startswith("0.6."):
        raise SystemExit(f"run this with vietnam-provinces 0.6.x, not {version}")
    nested = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))

    provinces, districts, communes = [], [], []
    for p in sorted(nested, key=lambda p: p["code"]):
        p_code = f"{p['code']:02d}"
        p_kind, p_name = kind_of(p["name"], PROVINCE_PREFIXES)
        provinces.append([p_code, p_name, p_kind, None])
        for d in sorted(p["districts"], key=lambda d: d["code"]):
            d_code = f"{d['code']:03d}"
            d_kind, d_name = kind_of(d["name"], DISTRICT_PREFIXES)
            if d_kind == "provincial_city" and p_kind == "central_city":
                d_kind = "municipal_city"  # e.g. Thành phố Thủ Đức in Hồ Chí Minh City
            districts.append([d_code, d_name, d_kind, p_code])
            for w in sorted(d["wards"], key=lambda w: w["code"]):
                w_kind, w_name = kind_of(w["name"], COMMUNE_PREFIXES)
                communes.append([f"{w['code']:05d}", w_name, w_kind, d_code])

    return {
        "about": (
            "Administrative units of Viet Nam before the two-tier local government of 1 July 2025 "
            "(3 tiers). Rows: [GSO code, official name, motcua UnitKind, parent GSO code]."
        ),
        "source": "vietnam-provinces (PyPI, https://pypi.org/project/vietnam-provinces/), data from the "
        "General Statistics Office list (danhmuchanhchinh.gso.gov.vn; Decision 124/2004/QĐ-TTg and later "
        "changes)",
        "package": "vietnam-provinces",
        "package_version": version,
        "data_version": vietnam_provinces.__data_version__,
        "extracted_by": "scripts/extract_legacy_divisions.py",
        "valid_from": None,
        "valid_to": VALID_TO,
        "valid_to_basis": "Resolution 202/2025/QH15 (provinces) and the NA Standing Committee resolutions of "
        "16/6/2025 on commune-level units; Law on Organisation of Local Government 2025 (no district level)",
        "counts": {"provinces": len(provinces), "districts": len(districts), "communes": len(communes)},
        "provinces": provinces,
        "districts": districts,
        "communes": communes,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    out = Path(argv[1])
    data = extract()
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical between runs.
    with open(out, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    print(f"{out}: {data['counts']} from vietnam-provinces {data['package_version']}, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
