"""Load the recruitment rule sets from data/rules.yaml (idempotent: keyed by name, updated in place)."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand

from motcua.recruitment.eligibility import unknown_checks
from motcua.recruitment.models import ExamFeeSchedule, RecruitmentRuleSet

DATA = Path(__file__).resolve().parents[2] / "data" / "rules.yaml"
FEES = DATA.with_name("fees.yaml")
DECIMALS = ("round1_pass_ratio", "round2_max", "round2_pass_mark", "marker_tolerance")


def load_rules(path: Path = DATA) -> list[RecruitmentRuleSet]:
    out = []
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["rule_sets"]:
        if unknown := unknown_checks(row.get("eligibility", [])):
            raise ValueError(f"{row['name']}: unknown eligibility checks {unknown}")
        values = {k: (Decimal(str(v)) if k in DECIMALS else v) for k, v in row.items() if k != "name"}
        rules, _ = RecruitmentRuleSet.objects.update_or_create(name=row["name"], defaults=values)
        out.append(rules)
    return out


def load_fees(path: Path = FEES) -> list[ExamFeeSchedule]:
    out = []
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["schedules"]:
        schedule, _ = ExamFeeSchedule.objects.update_or_create(
            name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
        )
        out.append(schedule)
    return out


class Command(BaseCommand):
    help = "Load the recruitment rules in force (Decree 170/2025/NĐ-CP) from data/rules.yaml."

    def handle(self, *args, **options):
        rules = load_rules()
        fees = load_fees()
        self.stdout.write(f"recruitment rules: {len(rules)} rule set(s), {len(fees)} fee schedule(s)")
