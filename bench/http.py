"""Shared pieces of the HTTP benchmarks: a throwaway PostgreSQL database, a gunicorn server on loopback,
and wrk as the load generator (cheap enough not to be the bottleneck on 2 cores)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
VENV_BIN = Path(sys.executable).parent


def motcua(*args: str, env: dict) -> str:
    out = subprocess.run([str(VENV_BIN / "motcua"), *args], env=env, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"motcua {' '.join(args)[:80]} failed ({out.returncode}): {out.stderr.strip()[-1500:]}")
    return out.stdout


def psql(sql: str, url: str | None = None) -> None:
    """Run `sql` on the server's maintenance database, or on the database at `url`."""
    subprocess.run(["psql", url or f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


@contextmanager
def database(name: str):
    """A fresh PostgreSQL database, dropped afterwards."""
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    try:
        yield f"{PG}/{name}"
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url: str, var_dir: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": var_dir,
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MOTCUA_DEMO": "true",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def server(env: dict, port: int = 8765, workers: int = 2):
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "motcua.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


LATENCY = re.compile(r"^\s+(50|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, connections: int, seconds: int, script: str | None = None, env: dict | None = None) -> dict:
    """Run wrk against `url`; requests/s, latency percentiles (ms) and non-2xx responses."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        if script:
            lua.write(script)
    if script:
        args[1:1] = ["-s", lua.name]
    out = subprocess.run(args, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}).stdout
    os.unlink(lua.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    latency = {f"p{p}": round(float(v) * UNIT[u], 2) for p, v, u in LATENCY.findall(out)}
    return {"rps": rps, "requests": total, "errors": int(non2xx.group(1)) if non2xx else 0, **latency}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
