"""P6 — resident memory of the web workers under the P1 load (online submissions over HTTP).

The same server and request as P1 (`bench_dossier_create`: gunicorn with 2 workers, PostgreSQL, wrk posting
`/api/v1/dossiers/` with a token and an Idempotency-Key each) at 16 clients for BENCH_SECONDS × 3; the RSS of
every gunicorn worker is read from /proc/<pid>/status (VmRSS) every 0.25 s. Baseline in the same run: the
workers' RSS after start, before any request. Goal: < 150 MB per worker at the peak.
Environment: BENCH_SECONDS (default 10), BENCH_PG.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from bench.bench_dossier_create import LUA, SETUP
from bench.http import dumps, environment, motcua, psql, server, wrk
from bench.pgdata import prepared

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = 16
PORT = 8766
GOAL_MB = 150


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def gunicorn_workers(port: int) -> list[int]:
    """Worker pids of the gunicorn bound to 127.0.0.1:`port` (the children of its master)."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if any(b"gunicorn" in c for c in cmd[:2]) and f"127.0.0.1:{port}".encode() in cmd:
            procs[int(entry.name)] = ppid
    return sorted(pid for pid, ppid in procs.items() if ppid in procs)


def run() -> dict:
    with tempfile.TemporaryDirectory() as var, prepared("motcua_bench_memory", var) as url:
        env = environment(url, var)
        token, procedure, agency = motcua("shell", "-c", SETUP, env=env).split()[-3:]
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
        psql("VACUUM ANALYZE", url)
        with server(env, port=PORT) as base:
            workers = gunicorn_workers(PORT)
            if not workers:
                raise RuntimeError("no gunicorn worker found in /proc")
            idle = {pid: _rss_mb(pid) for pid in workers}
            samples: dict[int, list[float]] = {pid: [] for pid in workers}
            stop = threading.Event()

            def sample():
                while not stop.is_set():
                    for pid in workers:
                        value = _rss_mb(pid)
                        if value is not None:
                            samples[pid].append(value)
                    stop.wait(0.25)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            try:
                load = wrk(f"{base}/", connections=CLIENTS, seconds=SECONDS * 3, script=script)
            finally:
                stop.set()
                sampler.join()
            after = {pid: _rss_mb(pid) for pid in workers}
    peak = max(max(v) for v in samples.values() if v)
    idle_max = max(v for v in idle.values() if v is not None)
    per_worker = [
        {
            "pid": pid,
            "idle_mb": round(idle[pid] or 0, 1),
            "peak_mb": round(max(samples[pid]), 1) if samples[pid] else None,
            "mean_mb": round(sum(samples[pid]) / len(samples[pid]), 1) if samples[pid] else None,
            "after_mb": round(after[pid] or 0, 1),
        }
        for pid in workers
    ]
    return {
        "clients": CLIENTS,
        "seconds": SECONDS * 3,
        "load": load,
        "workers": per_worker,
        "peak_mb": round(peak, 1),
        "idle_mb": round(idle_max, 1),
        "ratio_peak_to_idle": round(peak / idle_max, 2),
        "goal_mb": GOAL_MB,
        "meets_goal": peak < GOAL_MB,
        "summary": (
            f"P6 worker RSS under the P1 load ({CLIENTS} clients, {SECONDS * 3} s, {load['rps']:.0f} dossiers/s, "
            f"{load['errors']} errors): peak {peak:.1f} MB per worker vs {idle_max:.1f} MB after start "
            f"(×{peak / idle_max:.2f}); goal < {GOAL_MB} MB: {'met' if peak < GOAL_MB else 'MISSED'}"
        ),
    }
