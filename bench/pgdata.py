"""Shared data for the PostgreSQL benchmarks: a migrated template database with the real reference data, and
dossiers generated quickly with COPY.

`prepared(name)` gives a fresh database copied (CREATE DATABASE … TEMPLATE) from `motcua_bench_tpl_<hash>`,
which is built once (migrate + divisions, agencies, calendars, procedures: ~2 min on 2 shared cores) and
reused while the migrations and loaders' data files are unchanged.

`copy_dossiers()` streams synthetic but well-formed dossiers of the real agencies and procedures (only
pairs that have a process, i.e. an agency that really handles that procedure) through psycopg's COPY.
Codes follow the national convention `{agency}-{yyMMdd}-{seq:04d}`; times are in working hours.
"""

from __future__ import annotations

import fcntl
import hashlib
import random
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

from bench.http import PG, ROOT, environment, motcua, psql

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TPL = "motcua_bench_tpl_"
LOADERS = ("load_divisions", "load_agencies", "load_calendars", "load_procedures")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    src = ROOT / "src" / "motcua"
    for path in sorted([*src.glob("*/migrations/*.py"), *src.glob("*/data/**/*")]):
        if path.is_file():
            digest.update(path.relative_to(src).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _exists(name: str) -> bool:
    out = subprocess.run(
        ["psql", f"{PG}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "1"


@contextmanager
def _locked():
    """One builder or copier of templates at a time (parallel runs would drop each other's build)."""
    with open(Path(tempfile.gettempdir()) / "motcua_bench_template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def template(var_dir: str) -> str:
    """The current template's name, built first if missing (call under `_locked()`)."""
    name = f"{TPL}{_fingerprint()}"
    if not _exists(name):
        building = f"{name}_building"
        psql(f"DROP DATABASE IF EXISTS {building}")
        psql(f"CREATE DATABASE {building}")
        env = environment(f"{PG}/{building}", var_dir)
        motcua("migrate", "--noinput", env=env)
        for step in LOADERS:
            motcua(step, env=env)
        psql(f"ALTER DATABASE {building} RENAME TO {name}")
        stale = subprocess.run(
            ["psql", f"{PG}/postgres", "-Atc", f"SELECT datname FROM pg_database WHERE datname LIKE '{TPL}%'"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for old in stale:
            if old != name and not old.endswith("_building"):
                subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {old}"], capture_output=True)
    return name


@contextmanager
def prepared(name: str, var_dir: str):
    """A fresh database `name` with the schema and the real reference data; dropped afterwards."""
    with _locked():
        tpl = template(var_dir)
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        psql(f"CREATE DATABASE {name} TEMPLATE {tpl}")
    try:
        yield f"{PG}/{name}"
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- dossiers --------------------------------------------------------------------------------------------
COLUMNS = (
    "code, sequence_key, sequence, channel, status, applicant_kind, applicant_name, applicant_citizen_id, "
    "organisation_tax_code, phone, email, address_street, form_data, fee_total, submitted_at, received_at, "
    "due_at, original_due_at, extended, finished_at, returned_at, paused_since, timeliness, version, created_at, "
    "handling_agency_id, procedure_id, receiving_agency_id, overdue_at"
)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Huỳnh Văn Em", "Võ Thị Hoa")


@dataclass(frozen=True)
class Pair:
    agency_id: int
    agency_code: str
    procedure_id: int
    field_id: int
    time_unit: str
    time_value: float


def pairs(url: str) -> list[Pair]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT a.id, a.code, p.id, p.field_id, p.time_unit, p.time_value FROM procedures_process x "
            "JOIN divisions_agency a ON a.id = x.agency_id JOIN procedures_procedure p ON p.id = x.procedure_id "
            "ORDER BY a.id, p.id"
        ).fetchall()
    return [Pair(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in rows]


def _ts(dt: datetime | None) -> str:
    return "\\N" if dt is None else dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")


def working_instant(rng: random.Random, first: datetime, days: int) -> datetime:
    """A random moment in office hours (07:00–11:30, 13:30–17:00) of a random weekday in the span."""
    while True:
        day = first + timedelta(days=rng.randrange(days))
        if day.weekday() < 5:
            break
    minute = rng.randrange(480)
    minute += 7 * 60 if minute < 270 else 13 * 60 + 30 - 270
    return day.replace(hour=minute // 60, minute=minute % 60, second=rng.randrange(60))


def copy_dossiers(
    url: str,
    n: int,
    *,
    first: datetime,
    last: datetime,
    now: datetime,
    seed: int = 20261127,
    open_only: bool = False,
    due: Callable[[datetime, Pair], datetime] | None = None,
    drop_indexes: bool = False,
) -> dict:
    """COPY `n` dossiers received between `first` and `last`, as they stand at `now`.

    Closed dossiers (received well before `now`) are resolved early/on time/late, withdrawn, stopped or
    refused in realistic shares; recent ones are still open, some marked overdue. `open_only` makes every
    dossier open (received, being processed). `due(received_at, pair)` computes appointments (else
    received_at + the time limit in calendar days, a rough stand-in). `drop_indexes` drops the dossier
    table's secondary indexes first (much faster loads; a province-scale table is loaded once).
    Returns counts by status.
    """
    rng = random.Random(seed)
    all_pairs = pairs(url)
    weights = [1.0 / (1 + i % 7) for i in range(len(all_pairs))]  # some pairs far busier than others
    chosen = rng.choices(all_pairs, weights=weights, k=min(n, 200_000))
    first = first.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    days = max(1, (last - first).days)
    sequences: Counter = Counter()
    statuses: Counter = Counter()
    with psycopg.connect(url, autocommit=True) as conn:
        if drop_indexes:
            for (index,) in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'dossiers_dossier' AND indexname <> "
                "'dossiers_dossier_pkey' AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            ).fetchall():
                conn.execute(f'DROP INDEX "{index}"')
            conn.execute("ALTER TABLE dossiers_dossier DROP CONSTRAINT IF EXISTS dossier_sequence_unique")
            conn.execute("ALTER TABLE dossiers_dossier DROP CONSTRAINT IF EXISTS dossiers_dossier_code_key")
        with conn.cursor().copy(f"COPY dossiers_dossier ({COLUMNS}) FROM STDIN") as copy:
            buffer = []
            for i in range(n):
                pair = chosen[rng.randrange(len(chosen))]
                received = working_instant(rng, first, days)
                day = received.date()
                prefix = f"{pair.agency_code}-{day:%y%m%d}"
                sequences[prefix] += 1
                seq = sequences[prefix]
                channel = 2 if rng.random() < 0.45 else (1 if rng.random() < 0.93 else 3)
                limit = 1 if pair.time_unit == "same_day" else pair.time_value
                due_at = due(received, pair) if due else received + timedelta(days=limit * 1.4)
                finished = returned = overdue = None
                timeliness = ""
                age = (now - received).days
                r = rng.random()
                received_at = received
                if open_only or (age < 30 and r < 0.6) or (age < limit * 2 and r < 0.9):
                    status = 4 if rng.random() < 0.8 else 2
                    if not open_only and due_at < now and rng.random() < 0.7:
                        overdue = due_at
                elif r < 0.015:
                    status, received_at = 3, None  # refused at the desk
                    finished = received + timedelta(minutes=20)
                elif r < 0.03:
                    status, finished = 7, received + timedelta(days=rng.uniform(0.5, limit + 1))
                elif r < 0.04:
                    status, finished = 8, received + timedelta(days=rng.uniform(1, limit + 2))
                else:
                    q = rng.random()
                    if q < 0.55:
                        finished, timeliness = received + timedelta(days=rng.uniform(0, max(limit * 0.8, 0.2))), "early"
                        finished = min(finished, due_at - timedelta(days=1)) if limit >= 2 else finished
                    elif q < 0.95:
                        finished, timeliness = due_at - timedelta(hours=rng.uniform(0, 3)), "on_time"
                    else:
                        finished, timeliness = due_at + timedelta(days=rng.uniform(0.2, 10)), "late"
                        if rng.random() < 0.8:
                            overdue = due_at
                    finished = max(finished, received + timedelta(minutes=5))
                    if timeliness == "early" and finished.astimezone(TZ).date() >= due_at.astimezone(TZ).date():
                        timeliness = "on_time"
                    status = 10 if rng.random() < 0.9 else 9
                    returned = finished + timedelta(days=1) if status == 10 else None
                statuses[status] += 1
                buffer.append(
                    f"{prefix}-{seq:04d}\t{prefix}\t{seq}\t{channel}\t{status}\tperson\t{NAMES[i % 6]}\t"
                    f"0870900{i % 100000:05d}\t\t\t\t\t{{}}\t0\t{_ts(received)}\t{_ts(received_at)}\t"
                    f"{_ts(due_at if received_at else None)}\t{_ts(due_at if received_at else None)}\t"
                    f"f\t{_ts(finished)}\t{_ts(returned)}\t\\N\t{timeliness}\t1\t{_ts(received)}\t"
                    f"{pair.agency_id}\t{pair.procedure_id}\t{pair.agency_id}\t{_ts(overdue)}\n"
                )
                if len(buffer) >= 5000:
                    copy.write("".join(buffer))
                    buffer.clear()
            if buffer:
                copy.write("".join(buffer))
        conn.execute("ANALYZE dossiers_dossier")
    return dict(sorted(statuses.items()))
