"""1,000,000 due-date computations on the real calendar (statutory days + the Government's swaps).

Reports due dates per second and the ratio to a baseline measured in the same run: the same number of
plain `datetime + timedelta` additions in a Python loop over the same starts. Target: ≥ 100,000/s.
"""

from __future__ import annotations

import gc
import random
import time
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from motcua.workdays import engine, statutory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
N = 1_000_000
SEED = 20261127


def _inputs(n: int):
    rng = random.Random(SEED)
    first = datetime(2025, 1, 1, tzinfo=TZ)
    span = int((datetime(2027, 10, 1, tzinfo=TZ) - first).total_seconds())
    # Varied starts: any second of 2025-01 .. 2027-09, in and out of working hours, weekends and holidays.
    starts = [first + timedelta(seconds=rng.randrange(span)) for _ in range(n)]
    # Varied durations: procedure time limits are mostly whole or half working days, some in hours.
    pool = [engine.Duration.working_days(d) for d in range(1, 31)]
    pool += [engine.Duration.working_days(Decimal(d) + Decimal("0.5")) for d in range(0, 15)]
    pool += [engine.Duration.working_hours(h) for h in (1, 2, 4, 6, 12, 16, 24, 36)]
    durations = [pool[rng.randrange(len(pool))] for _ in range(n)]
    mixed_pool = (
        pool + [engine.Duration.calendar_days(d) for d in (1, 3, 5, 7, 10, 15, 30)] + [engine.Duration.same_day()]
    )
    mixed = [mixed_pool[rng.randrange(len(mixed_pool))] for _ in range(n)]
    deltas = [timedelta(hours=8 * rng.randrange(1, 31)) for _ in range(n)]
    return starts, durations, mixed, deltas


def _timed(fn) -> float:
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started
    finally:
        gc.enable()


def run(n: int = N) -> dict:
    t0 = time.perf_counter()
    spec = statutory.builtin_spec()
    calendar = engine.CompiledCalendar(spec)
    compile_seconds = time.perf_counter() - t0
    starts, durations, mixed, deltas = _inputs(n)
    due_date = calendar.due_date

    def baseline():
        for start, delta in zip(starts, deltas, strict=True):
            start + delta

    def working():
        for start, duration in zip(starts, durations, strict=True):
            due_date(start, duration)

    def all_kinds():
        for start, duration in zip(starts, mixed, strict=True):
            due_date(start, duration)

    baseline_s = _timed(baseline)
    working_s = _timed(working)
    mixed_s = _timed(all_kinds)
    rate = n / working_s
    base_rate = n / baseline_s
    sample = [
        (s.isoformat(), f"{d.kind.value}={d.amount}", due_date(s, d).isoformat())
        for s, d in zip(starts[:5], durations[:5], strict=True)
    ]
    return {
        "n": n,
        "calendar": spec.name,
        "horizon": [spec.first_year, spec.last_year],
        "compile_seconds": round(compile_seconds, 3),
        "working_durations": {"seconds": round(working_s, 3), "per_second": round(rate)},
        "all_kinds_mixed": {"seconds": round(mixed_s, 3), "per_second": round(n / mixed_s)},
        "baseline_datetime_plus_timedelta": {"seconds": round(baseline_s, 3), "per_second": round(base_rate)},
        "ratio_to_baseline": round(working_s / baseline_s, 2),
        "target_per_second": 100_000,
        "meets_target": rate >= 100_000,
        "sample": sample,
        "summary": (
            f"{n:,} due dates in {working_s:.2f} s = {rate:,.0f}/s (all kinds mixed {n / mixed_s:,.0f}/s); "
            f"baseline datetime+timedelta {base_rate:,.0f}/s; {working_s / baseline_s:.1f}× the baseline's time; "
            f"calendar compiled in {compile_seconds * 1000:.0f} ms"
        ),
    }
