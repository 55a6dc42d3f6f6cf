"""P2 — public lookup of a dossier by its code over HTTP (gunicorn, 2 workers, PostgreSQL, wrk).

The database holds BENCH_P2_DOSSIERS (default 200,000) generated dossiers of the real agencies and
procedures; wrk's Lua script asks for a random one of 5,000 real codes per request (an unknown code would
be a cheaper 404). Measured at 16 clients: the JSON API `GET /api/v1/public/dossiers/<code>/` (what the
receipt's QR code and the national portal call) and the portal's HTML page `/tra-cuu/<code>`; baseline in
the same run: the same server's `/healthz`. Goal: API ≥ 0.35 of /healthz and p99 < 20 ms.
The lookup's per-address throttle stays on (its cache look-up is part of the cost) with a rate high
enough never to refuse: LOOKUP_RATE=1000000/s.
Environment: BENCH_SECONDS (default 10), BENCH_P2_DOSSIERS, BENCH_PG.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import datetime

import psycopg

from bench.http import dumps, environment, psql, server, wrk
from bench.pgdata import TZ, copy_dossiers, prepared

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
DOSSIERS = int(os.environ.get("BENCH_P2_DOSSIERS", "200000"))
CLIENTS = 16
PORT = 8767
GOAL_RATIO, GOAL_P99 = 0.35, 20.0

LUA = """
local codes = %s
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format(PATTERN, codes[math.random(#codes)]))
end
"""


def _script(codes: list[str], pattern: str) -> str:
    table = "{" + ",".join(dumps(c) for c in codes) + "}"
    return f"PATTERN = {dumps(pattern)}\n" + LUA % table


def run() -> dict:
    with tempfile.TemporaryDirectory() as var, prepared("motcua_bench_lookup", var) as url:
        now = datetime(2026, 11, 20, 10, tzinfo=TZ)
        statuses = copy_dossiers(url, DOSSIERS, first=datetime(2025, 1, 1, tzinfo=TZ), last=now, now=now)
        psql("VACUUM ANALYZE", url)
        with psycopg.connect(url) as conn:
            codes = [r[0] for r in conn.execute("SELECT code FROM dossiers_dossier ORDER BY random() LIMIT 5000")]
        env = {**environment(url, var), "LOOKUP_RATE": "1000000/s"}
        random.shuffle(codes)
        out = {"dossiers": DOSSIERS, "statuses": statuses, "clients": CLIENTS, "seconds": SECONDS}
        with server(env, port=PORT) as base:
            wrk(f"{base}/healthz", connections=CLIENTS, seconds=2)  # warm both workers
            wrk(f"{base}/", connections=CLIENTS, seconds=2, script=_script(codes, "/api/v1/public/dossiers/%s/"))
            out["healthz"] = wrk(f"{base}/healthz", connections=CLIENTS, seconds=SECONDS)
            out["api"] = wrk(
                f"{base}/", connections=CLIENTS, seconds=SECONDS, script=_script(codes, "/api/v1/public/dossiers/%s/")
            )
            out["page"] = wrk(f"{base}/", connections=CLIENTS, seconds=SECONDS, script=_script(codes, "/tra-cuu/%s"))
    api, page, base_rps = out["api"], out["page"], out["healthz"]["rps"]
    out["ratio_api"] = round(api["rps"] / base_rps, 3)
    out["ratio_page"] = round(page["rps"] / base_rps, 3)
    out["goal"] = {"ratio": GOAL_RATIO, "p99_ms": GOAL_P99}
    out["meets_goal"] = out["ratio_api"] >= GOAL_RATIO and api.get("p99", 1e9) < GOAL_P99 and api["errors"] == 0
    out["summary"] = (
        f"P2 lookup by code, {CLIENTS} clients, {DOSSIERS:,} dossiers: API {api['rps']:.0f} req/s "
        f"(p50 {api.get('p50')} ms, p99 {api.get('p99')} ms, {api['errors']} errors), HTML page {page['rps']:.0f} "
        f"req/s (p99 {page.get('p99')} ms) vs /healthz {base_rps:.0f} req/s → ratio API {out['ratio_api']} / page "
        f"{out['ratio_page']} (goal ≥ {GOAL_RATIO}, p99 < {GOAL_P99:.0f} ms: "
        f"{'met' if out['meets_goal'] else 'MISSED'})"
    )
    return out
