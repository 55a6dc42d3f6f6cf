"""Load the recruitment rule sets from data/rules.yaml (idempotent: keyed by name, updated in place)."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand

from motcua.recruitment.models import RecruitmentRuleSet

DATA = Path(__file__).resolve().parents[2] / "data" / "rules.yaml"
DECIMALS = ("round1_pass_ratio", "round2_max", "round2_pass_mark", "marker_tolerance")


def load_rules(path: Path = DATA) -> list[RecruitmentRuleSet]:
    out = []
    for row in yaml.safe_load(path.read_text(encoding="utf-8"))["rule_sets"]:
        values = {k: (Decimal(str(v)) if k in DECIMALS else v) for k, v in row.items() if k != "name"}
        rules, _ = RecruitmentRuleSet.objects.update_or_create(name=row["name"], defaults=values)
        out.append(rules)
    return out


class Command(BaseCommand):
    help = "Load the recruitment rules in force (Decree 170/2025/NĐ-CP) from data/rules.yaml."

    def handle(self, *args, **options):
        rules = load_rules()
        self.stdout.write(f"recruitment rules: {len(rules)} rule set(s)")
