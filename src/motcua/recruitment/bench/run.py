"""Answer saves of concurrent exam takers on one server (gunicorn, 2 workers, PostgreSQL), with /healthz as
the baseline in the same run. Uses the shared helpers of bench/http.py (throwaway database, server, wrk).

    cd /work/main && .venv/bin/python -m motcua.recruitment.bench.run [candidates] [seconds]

Not part of the product: a measuring aid.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench.http import database, environment, motcua, server, wrk

LUA = Path(__file__).with_name("answers.lua")


def run(candidates: int = 200, seconds: int = 10, levels=(8, 16, 32)) -> dict:
    with tempfile.TemporaryDirectory() as var, database("motcua_bench_recruitment") as url:
        env = environment(url, var)
        env["MEDIA_ROOT"] = f"{var}/media"
        motcua("migrate", env=env)
        out = f"{var}/candidates.txt"
        motcua(
            "shell", "-c", f"from motcua.recruitment.bench.prepare import run; run({candidates}, out={out!r})", env=env
        )
        results = {"candidates": candidates, "seconds": seconds}
        with server(env) as base:
            results["healthz"] = wrk(f"{base}/healthz", connections=16, seconds=seconds)
            for c in levels:
                results[f"answers_c{c}"] = wrk(
                    base, connections=c, seconds=seconds, script=LUA.read_text(), env={"BENCH_FILE": out}
                )
            results["healthz_after"] = wrk(f"{base}/healthz", connections=16, seconds=seconds)
        return results


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    print(json.dumps(run(*args), indent=2))
