"""P5 — recompute the appointments of open dossiers after a day off is added (PostgreSQL).

BENCH_P5_DOSSIERS (default 200,000; the issue's size: BENCH_P5_DOSSIERS=1000000) open dossiers of the real
agencies and procedures, received in office hours over the four weeks before Fri 20/11/2026, with
appointments computed by the workdays engine, are COPYed in; `recompute_due_dates` runs once to align
them with the stored calendar (untimed: nothing or little moves). Then a swapped day off is added on Mon
23/11/2026 — inside the handling time of most open dossiers — and the product command
`motcua recompute_due_dates` (set-based: one engine computation per distinct (calendar, procedure, receipt
instant), one version-checked UPDATE and one bulk insert of hash-chained events per batch) is timed over
every open dossier, as a subprocess (Django start-up included), with the national-portal sync subscriber off
(NATIONALSYNC_ENABLED=false; its per-event cost is measured with the naive loop). Goal: < 60 s for 1,000,000.

Baseline in the same run: the naive per-dossier loop (load the dossier with its agency and procedure,
look up its calendar, compute, save, append its event with `note_system_event`) on BENCH_P5_SAMPLE
(default 500) of the same dossiers inside a rolled-back transaction, extrapolated to all of them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from datetime import datetime

import psycopg

from bench.http import environment, motcua
from bench.pgdata import TZ, copy_dossiers, prepared
from motcua.workdays import engine, statutory

DOSSIERS = int(os.environ.get("BENCH_P5_DOSSIERS", "200000"))
SAMPLE = int(os.environ.get("BENCH_P5_SAMPLE", "500"))
GOAL_SECONDS_PER_MILLION = 60
NOW = datetime(2026, 11, 20, 16, tzinfo=TZ)
DAY_OFF = "2026-11-23"

ADD_DAY_OFF = f"""
from motcua.workdays.models import Holiday
Holiday.objects.create(date="{DAY_OFF}", name="Nghỉ bù (benchmark)", kind="swapped_day_off",
                       source="ASSUMED: benchmark only")
"""

NAIVE = """
import json, time
from django.db import transaction
from django.db.models import F
from motcua.dossiers.actions import _duration, note_system_event
from motcua.dossiers.models import Dossier
from motcua.dossiers.recompute import RECOMPUTED_EVENT
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar
ids = list(Dossier.objects.filter(status__in=(2, 4), extended=False, overdue_at__isnull=True)
           .order_by("?").values_list("id", flat=True)[:SAMPLE])
moved = 0
started = time.perf_counter()
with transaction.atomic():
    for pk in ids:
        d = Dossier.objects.select_related("procedure", "receiving_agency__unit__parent__parent").get(pk=pk)
        calendar = compiled_calendar(calendar_for_agency(d.receiving_agency))
        pauses = [(p.started_at, p.ended_at) for p in d.pauses.filter(ended_at__isnull=False)]
        due = calendar.due_date(d.received_at, _duration(d.procedure), pauses=pauses)
        if due != d.due_at:
            Dossier.objects.filter(pk=pk).update(due_at=due, original_due_at=due, version=F("version") + 1)
            note_system_event(d, RECOMPUTED_EVENT, data={"due_at": d.due_at.isoformat(), "new_due_at": due.isoformat()})
            moved += 1
    seconds = time.perf_counter() - started
    transaction.set_rollback(True)
print(json.dumps({"sample": len(ids), "moved": moved, "seconds": seconds}))
"""

REPORT = re.compile(r"^(\d+) open dossier\(s\) examined \((\d+) distinct.*?moved (\d+), (\d+) changed", re.M)


def _parse(out: str) -> dict:
    m = REPORT.search(out)
    if not m:
        raise RuntimeError(f"unexpected output of recompute_due_dates: {out!r}")
    return {"examined": int(m[1]), "distinct_computations": int(m[2]), "moved": int(m[3]), "stale": int(m[4])}


def _timed_command(env: dict, *args: str) -> dict:
    started = time.perf_counter()
    out = motcua("recompute_due_dates", *args, env=env)
    return {"seconds": round(time.perf_counter() - started, 2), **_parse(out), "output": out.strip().splitlines()[0]}


def run() -> dict:
    calendar = statutory.builtin_calendar()
    durations: dict = {}

    def due(received, pair):
        key = (pair.time_unit, pair.time_value)
        if key not in durations:
            durations[key] = (
                engine.Duration.same_day()
                if pair.time_unit == "same_day"
                else engine.Duration(engine.DurationKind(pair.time_unit), pair.time_value)
            )
        return calendar.due_date(received, durations[key])

    with tempfile.TemporaryDirectory() as var, prepared("motcua_bench_recompute", var) as url:
        # The national-portal sync subscriber (nationalsync, on in demo mode) queues two messages and a task per
        # event, one event at a time: measured separately (naive loop with it on), off for the rest.
        env_sync = environment(url, var)
        env = {**env_sync, "NATIONALSYNC_ENABLED": "false"}
        t0 = time.perf_counter()
        copy_dossiers(
            url, DOSSIERS, first=datetime(2026, 10, 23, tzinfo=TZ), last=NOW, now=NOW, open_only=True, due=due
        )
        load_seconds = time.perf_counter() - t0
        align = _timed_command(env)
        motcua("shell", "-c", ADD_DAY_OFF, env=env)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE dossiers_dossier")
            spanning = conn.execute(
                "SELECT count(*) FROM dossiers_dossier WHERE status IN (2, 4) AND received_at < %s AND due_at >= %s",
                (datetime(2026, 11, 24, tzinfo=TZ), datetime(2026, 11, 23, tzinfo=TZ)),
            ).fetchone()[0]
        naive_script = NAIVE.replace("SAMPLE", str(SAMPLE))
        naive_sync = json.loads(motcua("shell", "-c", naive_script, env=env_sync).strip().splitlines()[-1])
        naive = json.loads(motcua("shell", "-c", naive_script, env=env).strip().splitlines()[-1])
        timed = _timed_command(env, "--reason", f"Ngày nghỉ bù {DAY_OFF} (benchmark)")
        again = _timed_command(env)
        with psycopg.connect(url) as conn:
            events = conn.execute("SELECT count(*) FROM dossiers_dossierevent").fetchone()[0]
    naive_total = naive["seconds"] / max(naive["sample"], 1) * DOSSIERS
    sync_ms = (naive_sync["seconds"] - naive["seconds"]) * 1000 / max(naive_sync["moved"], 1)
    goal = GOAL_SECONDS_PER_MILLION * DOSSIERS / 1_000_000
    per_million = timed["seconds"] / DOSSIERS * 1_000_000
    return {
        "dossiers": DOSSIERS,
        "day_off": DAY_OFF,
        "load_seconds": round(load_seconds, 1),
        "align_run": align,
        "spanning_the_day_off": spanning,
        "recompute": timed,
        "second_run_nothing_to_move": again,
        "events_written": events,
        "naive_sample": naive,
        "naive_sample_with_national_sync": naive_sync,
        "national_sync_ms_per_moved_dossier": round(sync_ms, 2),
        "naive_extrapolated_seconds": round(naive_total, 1),
        "speedup_vs_naive": round(naive_total / timed["seconds"], 1),
        "seconds_per_million": round(per_million, 1),
        "goal_seconds_per_million": GOAL_SECONDS_PER_MILLION,
        "meets_goal": timed["seconds"] < goal,
        "summary": (
            f"P5 {DOSSIERS:,} open dossiers, day off {DAY_OFF} added: recompute_due_dates {timed['seconds']:.1f} s "
            f"({timed['distinct_computations']:,} distinct computations, {timed['moved']:,} moved, "
            f"{timed['stale']} stale; ≈ {per_million:.0f} s per million, goal < 60 s: "
            f"{'met' if per_million < GOAL_SECONDS_PER_MILLION else 'MISSED'}); a second run {again['seconds']:.1f} s "
            f"moves {again['moved']}; naive per-dossier loop {naive['seconds']:.1f} s for {naive['sample']:,} "
            f"({naive['moved']} moved) → {naive_total:.0f} s extrapolated, ×{naive_total / timed['seconds']:.0f} "
            f"slower; national-portal sync off (with it on, the naive loop takes {naive_sync['seconds']:.1f} s: "
            f"≈ {sync_ms:.0f} ms more per moved dossier in its per-event subscriber)"
        ),
    }
