"""The shipped reform demo: index sets and the 2026 plan cite their sources and load again and again."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from motcua.reform.constants import EvaluationPhase, PlanKind, PlanStatus
from motcua.reform.models import Assessment, Evaluation, IndexSet, Plan, Task

DATA = Path(__file__).resolve().parents[1] / "data"


def test_every_plan_row_cites_a_source():
    plan = yaml.safe_load((DATA / "plan_2026.yaml").read_text(encoding="utf-8"))
    rows = plan["key_targets"] + [t for s in plan["sections"] for t in s["tasks"]]
    assert rows and all(r.get("source") for r in rows)
    assert all(("verified" in r["source"]) or ("assumed" in r["source"]) for r in rows)


def test_the_data_files_have_only_known_keys():
    """A comma in an unquoted YAML flow value silently cuts a title; unknown keys reveal it."""
    criterion_keys = {"code", "title", "max", "children", "method", "metric", "rule", "guidance", "source", "component"}
    task_keys = {
        "code",
        "title",
        "owner",
        "cooperating",
        "deadline",
        "expected_output",
        "indicator",
        "target",
        "source",
    }
    sets = yaml.safe_load((DATA / "index_sets.yaml").read_text(encoding="utf-8"))["sets"]
    stack = [row for s in sets for row in s["criteria"]]
    while stack:
        row = stack.pop()
        assert set(row) <= criterion_keys, row
        stack += row.get("children", [])
    plan = yaml.safe_load((DATA / "plan_2026.yaml").read_text(encoding="utf-8"))
    for task in (t for section in plan["sections"] for t in section["tasks"]):
        assert set(task) <= task_keys, task


def test_the_index_sets_load_twice_and_their_points_add_up(db):
    call_command("load_reform_demo", "--index-sets-only", stdout=StringIO())
    call_command("load_reform_demo", "--index-sets-only", stdout=StringIO())
    sets = IndexSet.objects.all()
    assert {(s.year, s.target) for s in sets} == {(y, t) for y in (2025, 2026) for t in ("department", "commune")}
    for index_set in sets:
        assert index_set.source and not index_set.verified
        fields = index_set.criteria.filter(parent__isnull=True)
        assert sum(f.max_points for f in fields) == index_set.max_total == 100
        assert index_set.criteria.filter(method="formula").exclude(metric="").exists()
        # every criterion says where it comes from; nothing unverified passes for the official text
        assert "876/QĐ-BNV" in index_set.source and "ASSUMED" in index_set.source
        assert len(fields) == 8 and all("876/QĐ-BNV" in f.source and "ASSUMED" in f.source for f in fields)
        assert all("ASSUMED" in c.source for c in index_set.criteria.filter(parent__isnull=False))
        assert "giả định" in index_set.name


@pytest.mark.slow
def test_the_whole_demo_loads_twice(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "82"
    settings.DEMO_MODE = True
    for step in ("load_divisions", "load_agencies"):
        call_command(step, stdout=StringIO())
    call_command("load_reform_demo", stdout=StringIO())
    counts = (Plan.objects.count(), Task.objects.count(), Assessment.objects.count())
    call_command("load_reform_demo", stdout=StringIO())
    assert (Plan.objects.count(), Task.objects.count(), Assessment.objects.count()) == counts
    provincial = Plan.objects.get(kind=PlanKind.PROVINCIAL, year=2026)
    assert provincial.status == PlanStatus.ISSUED
    statuses = set(Plan.objects.filter(parent=provincial).values_list("status", flat=True))
    assert statuses == {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.ACCEPTED}
    published = Evaluation.objects.filter(phase=EvaluationPhase.PUBLISHED)
    assert published.count() == 2
    for evaluation in published:
        ranks = sorted(evaluation.assessments.values_list("rank", flat=True))
        assert ranks[0] == 1 and None not in ranks
