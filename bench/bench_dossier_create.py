"""Online dossier submission over HTTP on PostgreSQL: dossiers/s and latency at 4/8/16 clients.

Each request is a real `POST /api/v1/dossiers/` with a token, an Idempotency-Key of its own and a JSON
body, so it runs the whole write path (idempotency record, code allocation, fees, dossier, hash-chained
event). Baseline in the same run: the same server's `/healthz` (the ceiling of the web stack here).
Environment: BENCH_SECONDS (default 10), BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import os
import tempfile

from bench.http import dumps, environment, motcua, psql, server, wrk
from bench.pgdata import prepared

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = (4, 8, 16)

SETUP = """
from rest_framework.authtoken.models import Token
from motcua.accounts.models import User
from motcua.procedures.models import Procedure
from motcua.divisions.models import Agency
user, _ = User.objects.get_or_create(username="bench.citizen", defaults={"full_name": "Bench"})
token, _ = Token.objects.get_or_create(user=user)
proc = Procedure.objects.filter(online_level="full", status="active", form_schema={}).first() or \\
    Procedure.objects.filter(online_level="full", status="active").first()
agency = Agency.objects.filter(procedure_processes__procedure=proc).first()
print(token.key, proc.code, agency.code)
"""

LUA = """
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
request = function()
  counter = counter + 1
  local key = "bench-" .. tostring(tid) .. "-" .. tostring(counter) .. "-" .. tostring(os.time())
  wrk.headers["Idempotency-Key"] = key
  return wrk.format("POST", "/api/v1/dossiers/", nil, wrk.body)
end
"""


def run() -> dict:
    with tempfile.TemporaryDirectory() as var, prepared("motcua_bench_create", var) as url:
        env = environment(url, var)  # migrated, with divisions, agencies, calendars, procedures (bench/pgdata)
        token, procedure, agency = motcua("shell", "-c", SETUP, env=env).split()[-3:]
        psql("VACUUM ANALYZE", url)  # autovacuum is off on this machine
        body = dumps(
            {
                "procedure": procedure,
                "agency": agency,
                "form_data": {},
                "applicant": {"name": "Nguyễn Văn Bench", "citizen_id": "087090001234"},
            }
        )
        script = (
            f'wrk.method = "POST"\nwrk.body = {dumps(body)}\n'
            f'wrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Token {token}"\n' + LUA
        )
        results = {"procedure": procedure, "agency": agency, "seconds": SECONDS, "levels": []}
        with server(env) as base:
            for clients in CLIENTS:
                baseline = wrk(f"{base}/healthz", connections=clients, seconds=SECONDS)
                create = wrk(f"{base}/", connections=clients, seconds=SECONDS, script=script)
                results["levels"].append(
                    {
                        "clients": clients,
                        "create": create,
                        "healthz": baseline,
                        "ratio": round(create["rps"] / baseline["rps"], 3),
                    }
                )
                psql("VACUUM ANALYZE", url)
        created = motcua(
            "shell", "-c", "from motcua.dossiers.models import Dossier; print(Dossier.objects.count())", env=env
        ).split()[-1]
        results["dossiers_created"] = int(created)
    top = results["levels"][-1]
    results["summary"] = (
        "; ".join(
            f"{lv['clients']} clients: {lv['create']['rps']:.0f} dossiers/s (p50 {lv['create'].get('p50')} ms, "
            f"p99 {lv['create'].get('p99')} ms, {lv['create']['errors']} errors) "
            f"vs /healthz {lv['healthz']['rps']:.0f} req/s → ratio {lv['ratio']}"
            for lv in results["levels"]
        )
        + f"; {results['dossiers_created']} dossiers in the database"
    )
    results["ratio_at_16"] = top["ratio"]
    return results
