"""P4 — catalogue search over 2,000 procedures with queries typed without diacritics (SQLite and PostgreSQL).

Catalogue: the 47 real procedures of procedures/data (load_procedures), the real names of
bench/data/procedure_names.tsv (fields created as needed), and variants of all of them with the qualifiers
real catalogues use to tell near-identical procedures apart ("… có yếu tố nước ngoài", "… đối với tổ chức",
"… lần đầu", …) up to BENCH_P4_PROCEDURES (default 2,000), each a copy of a real procedure row (so field,
levels, status, validity are real) saved through the model (which computes the search columns).
Queries: bench/data/search_queries.tsv — what citizens type (no diacritics, partial, colloquial words like
"so do", "ho khau"), each with the procedure expected in the top 3.

Measured per database, in a Django process: `procedures.selectors.search_procedures(q)` (the portal's and
the API's search), first 10 results, every query BENCH_P4_REPEAT (default 5) times warm: p50/p99 latency and
top-3 relevance. Baselines in the same run: (a) `name__icontains=<query>` (a plain LIKE over the names) and
(b) every word `icontains` in the unaccented search text, ordered by code. Goal: p99 < 20 ms and ≥ 95% top-3.
Environment: BENCH_P4_PROCEDURES, BENCH_P4_REPEAT, BENCH_P4_SQLITE=0 to skip SQLite, BENCH_PG.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from bench.http import environment, motcua
from bench.pgdata import LOADERS, prepared

HERE = Path(__file__).resolve().parent
PROCEDURES = int(os.environ.get("BENCH_P4_PROCEDURES", "2000"))
REPEAT = int(os.environ.get("BENCH_P4_REPEAT", "5"))
SQLITE = os.environ.get("BENCH_P4_SQLITE", "1") != "0"
GOAL_P99_MS, GOAL_TOP3 = 20.0, 0.95

QUALIFIERS = (
    "có yếu tố nước ngoài",
    "tại cơ quan đại diện Việt Nam ở nước ngoài",
    "cho người Việt Nam định cư ở nước ngoài",
    "đối với tổ chức",
    "đối với cá nhân",
    "trong trường hợp bị mất, hư hỏng",
    "do thay đổi thông tin",
    "thực hiện tại Trung tâm Phục vụ hành chính công tỉnh",
    "thực hiện tại Bộ phận Một cửa cấp xã",
    "đối với doanh nghiệp nhà nước",
    "đối với người lao động",
    "trong khu công nghiệp",
    "liên thông với cơ quan thuế",
    "trên địa bàn nông thôn",
    "cho người khuyết tật",
    "theo đề nghị của cơ quan nhà nước",
    "đối với trường hợp đặc biệt",
    "lần đầu",
)

# Runs inside `motcua shell`: builds the catalogue, then measures. Parameters come in BENCH_P4_ARGS (JSON).
SCRIPT = r"""
import json, os, statistics, time
from django.db import connection, transaction
from django.utils.text import slugify
from motcua.procedures.models import Field, Procedure
from motcua.procedures.selectors import search_procedures
from motcua.procedures.text import tokens

args = json.loads(os.environ["BENCH_P4_ARGS"])
real = list(Procedure.objects.select_related("field").order_by("code"))
with transaction.atomic():
    fields = {f.name: f for f in Field.objects.all()}
    template = real[0]
    names = [(p.field, p.name) for p in real]
    for field_name, name in args["extra"]:
        if field_name not in fields:
            fields[field_name] = Field.objects.create(code=slugify(field_name)[:40] or "f", name=field_name)
        names.append((fields[field_name], name))
    n = 0
    existing = {p.name for p in real}
    def add(field, name):
        global n
        n += 1
        p = Procedure.objects.get(pk=template.pk)
        p.pk = None
        p.id = None
        p.code = f"9.{n:06d}"
        p.national_code = ""
        p.name = name
        p.field = field
        p.save()
        existing.add(name)
    for field, name in names[len(real):]:
        add(field, name)
    q = 0
    while len(existing) < args["total"] and q < len(names) * len(args["qualifiers"]):
        field, name = names[q % len(names)]
        qualifier = args["qualifiers"][(q // len(names)) % len(args["qualifiers"])]
        stem = name.removeprefix("Thủ tục ")
        variant = f"{stem[0].upper()}{stem[1:]} {qualifier}"
        if qualifier not in name and variant not in existing:
            add(field, variant)
        q += 1
catalogue = Procedure.objects.count()

def timed(fn, query):
    fn(query)  # warm
    out = []
    for _ in range(args["repeat"]):
        t0 = time.perf_counter()
        names = fn(query)
        out.append((time.perf_counter() - t0) * 1000)
    return names, out

def product(q):
    return [p.name for p in search_procedures(q)[:10]]

def name_icontains(q):
    return list(Procedure.objects.filter(name__icontains=q).order_by("code").values_list("name", flat=True)[:10])

def words_icontains(q):
    qs = Procedure.objects.all()
    for w in tokens(q):
        qs = qs.filter(search_text__icontains=w)
    return list(qs.order_by("code").values_list("name", flat=True)[:10])

def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 2)

result = {"vendor": connection.vendor, "procedures": catalogue}
for label, fn in (("search_procedures", product), ("baseline_name_icontains", name_icontains),
                  ("baseline_words_icontains", words_icontains)):
    times, hits, misses = [], 0, []
    for query, expected in args["queries"]:
        names, t = timed(fn, query)
        times += t
        if expected in names[:3]:
            hits += 1
        else:
            misses.append({"query": query, "expected": expected, "top3": names[:3]})
    result[label] = {"p50_ms": pct(times, 50), "p99_ms": pct(times, 99), "max_ms": round(max(times), 2),
                     "top3": round(hits / len(args["queries"]), 3), "misses": misses[:15]}
print("RESULT " + json.dumps(result, ensure_ascii=False))
"""


def _tsv(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (HERE / "data" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split("\t")
            rows.append((a.strip(), b.strip()))
    return rows


def _measure(env: dict) -> dict:
    args = {
        "extra": _tsv("procedure_names.tsv"),
        "queries": _tsv("search_queries.tsv"),
        "qualifiers": QUALIFIERS,
        "total": PROCEDURES,
        "repeat": REPEAT,
    }
    out = motcua("shell", "-c", SCRIPT, env={**env, "BENCH_P4_ARGS": json.dumps(args, ensure_ascii=False)})
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def _line(r: dict) -> str:
    s, a, b = r["search_procedures"], r["baseline_name_icontains"], r["baseline_words_icontains"]
    return (
        f"{r['vendor']}: p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, top-3 {s['top3']:.0%} "
        f"(baselines: name icontains p99 {a['p99_ms']} ms, top-3 {a['top3']:.0%}; words icontains p99 "
        f"{b['p99_ms']} ms, top-3 {b['top3']:.0%})"
    )


def run() -> dict:
    queries = _tsv("search_queries.tsv")
    results = {"procedures": PROCEDURES, "queries": len(queries), "repeat": REPEAT, "databases": []}
    with tempfile.TemporaryDirectory() as var:
        with prepared("motcua_bench_search", var) as url:
            results["databases"].append(_measure(environment(url, var)))
        if SQLITE:
            env = environment(f"sqlite:///{var}/search.sqlite3", var)
            motcua("migrate", "--noinput", env=env)
            for step in LOADERS:
                motcua(step, env=env)
            results["databases"].append(_measure(env))
    met = all(
        r["search_procedures"]["p99_ms"] < GOAL_P99_MS and r["search_procedures"]["top3"] >= GOAL_TOP3
        for r in results["databases"]
    )
    results["goal"] = {"p99_ms": GOAL_P99_MS, "top3": GOAL_TOP3}
    results["meets_goal"] = met
    results["summary"] = (
        f"P4 search over {results['databases'][0]['procedures']:,} procedures, {len(queries)} queries without "
        f"diacritics × {REPEAT}: "
        + "; ".join(_line(r) for r in results["databases"])
        + f"; goal p99 < {GOAL_P99_MS:.0f} ms and top-3 ≥ {GOAL_TOP3:.0%}: {'met' if met else 'MISSED'}"
    )
    return results
