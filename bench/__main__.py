"""Run every `bench/bench_*.py` module's `run()`; write bench/results/<name>.json and bench/results/SUMMARY.md.

Usage: python -m bench [name ...]   (names without the bench_ prefix; default: all)
A run() returns a JSON-serialisable dict; its optional "summary" string goes into SUMMARY.md.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def discover(names: list[str]) -> list[str]:
    found = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in names}
        unknown = wanted - set(found)
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have {', '.join(found)}")
        found = [f for f in found if f in wanted]
    return found


def main(argv: list[str]) -> int:
    RESULTS.mkdir(exist_ok=True)
    environment = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "platform": platform.platform(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    lines = [
        "# Benchmark results",
        "",
        f"Last run at {environment['at']} on Python {environment['python']} ({environment['platform']}); each line "
        "gives the time of its own run.",
        "",
    ]
    failures = 0
    for name in discover(argv):
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            result = importlib.import_module(f"bench.{name}").run()
        except Exception as exc:  # report and go on with the others
            failures += 1
            result = {"error": f"{type(exc).__name__}: {exc}"}
        result = {"name": name, "wall_seconds": round(time.perf_counter() - started, 3), **result}
        result.setdefault("environment", environment)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        summary = result.get("summary") or result.get("error", "")
        print(f"   {summary}", flush=True)
    # The summary lists the latest result of every benchmark (`python -m bench <name>` refreshes one of them).
    for path in sorted(RESULTS.glob("bench_*.json")):
        result = json.loads(path.read_text())
        summary = result.get("summary") or result.get("error", "")
        at = result.get("environment", {}).get("at", "?")
        lines.append(f"- **{path.stem}** ({at}, {result.get('wall_seconds', '?')} s): {summary} ([json]({path.name}))")
    (RESULTS / "SUMMARY.md").write_text("\n".join(lines) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
