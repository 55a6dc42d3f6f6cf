"""Load demo ranks, job positions, staffing quotas and invented civil servants (idempotent)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.divisions.constants import AgencyKind
from motcua.divisions.models import Agency
from motcua.divisions.selectors import agencies_of_province, current_province
from motcua.personnel import actions
from motcua.personnel.constants import JOB_POSITIONS_DECREE, Qualification
from motcua.personnel.models import (
    EvaluationRuleSet,
    JobPosition,
    PersonCompetency,
    PersonnelRecord,
    Rank,
    StaffingAuthority,
    StaffingQuota,
    TrainingOffer,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "demo.yaml"
EVALUATION_RULES = DATA.with_name("evaluation_rules.yaml")
TRAINING = DATA.with_name("training.yaml")
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Quốc", "Hoàng", "Thùy", "Hữu", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Linh", "Lộc", "Mai", "Nam", "Nhi",
         "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trí", "Tuấn", "Uyên", "Vy", "Yến"]  # fmt: skip


def _find(agencies: list[Agency], kind: str, tier: int, fragment: str) -> Agency | None:
    for agency in agencies:
        if agency.kind == kind and agency.tier == tier and fragment.lower() in agency.name.lower():
            return agency
    return None


class Command(BaseCommand):
    help = "Load demo job positions, staffing quotas and invented civil servants for the demo province."

    def handle(self, *args, **options):
        data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
        province = current_province()
        if province is None:
            self.stderr.write("No province loaded: run load_divisions and load_agencies first.")
            return
        today = timezone.localdate()
        agencies = list(agencies_of_province(province, today).filter(kind=AgencyKind.DEPARTMENT))
        with transaction.atomic():
            ranks = self._ranks(data["ranks"])
            for row in yaml.safe_load(EVALUATION_RULES.read_text(encoding="utf-8")):
                EvaluationRuleSet.objects.update_or_create(
                    name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
                )
            auth = data["staffing_authority"]
            authority = _find(agencies, auth["kind"], auth["tier"], auth["name"])
            if authority:
                StaffingAuthority.objects.get_or_create(agency=authority, defaults={"valid_from": date(2025, 7, 1)})
            for row in yaml.safe_load(TRAINING.read_text(encoding="utf-8"))["offers"]:
                TrainingOffer.objects.update_or_create(
                    competency=row["competency"],
                    name=row["name"],
                    defaults={**{k: v for k, v in row.items() if k not in ("competency", "name")},
                              "valid_from": date(2025, 7, 1), "source": "data/training.yaml (demo costs)"},
                )  # fmt: skip
            counts = {"positions": 0, "quotas": 0, "people": 0}
            departments = []
            for fragment, spec in data["departments"].items():
                agency = _find(agencies, "department", 1, fragment)
                if agency is None:
                    if options["verbosity"] > 1:
                        self.stderr.write(f"no department matching {fragment!r}; skipped")
                    continue
                self._department(agency, data, spec, ranks, today, counts)
                departments.append(agency)
            self._province_quota(data, departments, today, counts)
        self.stdout.write(
            f"personnel demo: {len(ranks)} ranks, {counts['positions']} new positions, "
            f"{counts['quotas']} new quotas, {counts['people']} new people"
        )

    def _province_quota(self, data, departments, today, counts):
        """The province's quota (held by UBND tỉnh) = allocated to the departments + a reserve."""
        spec = data["province_quota"]
        province = current_province()
        committee = _find(
            list(agencies_of_province(province, today).filter(kind=spec["kind"])),
            spec["kind"],
            spec["tier"],
            spec["name"],
        )
        if committee is None or StaffingQuota.objects.filter(agency=committee, year=today.year).exists():
            return
        allocated = sum(
            StaffingQuota.objects.filter(agency__in=departments, year=today.year).values_list("assigned", flat=True)
        )
        actions.set_quota(
            actor=None,
            agency=committee,
            year=today.year,
            assigned=allocated + spec["reserve"],
            decision=spec["decision"],
        )
        counts["quotas"] += 1

    def _competencies(self, data, group: str) -> list[str]:
        framework = data["competencies"]
        return list(framework["common"]) + list(framework.get(group, []))

    def _shown(self, data, person, position, rng, today):
        """Give a new civil servant most of their position's competencies (the rest are training gaps)."""
        if PersonCompetency.objects.filter(person=person).exists():
            return
        share = data["competencies"]["held_share"]
        for name in position.competencies:
            if rng.random() < share:
                actions.record_competency(
                    actor=None,
                    person=person,
                    agency=position.agency,
                    name=name,
                    day=date(today.year - 1, 12, 1),
                    source="demo",
                )

    def _ranks(self, rows) -> dict[str, Rank]:
        out = {}
        for row in rows:
            rank, _ = Rank.objects.update_or_create(
                code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
            )
            out[rank.code] = rank
        return out

    def _department(self, agency, data, spec, ranks, today, counts):
        rows = [tuple(r) for r in data["common_positions"]]
        for r in spec["positions"]:
            code, name, headcount = r[0], r[1], r[2]
            rank = r[3] if len(r) > 3 else "01.003"
            rows.append((code, name, "professional", rank, headcount, *(r[4:5] or [False])))
        positions = []
        for row in rows:
            code, name, group, rank_code, headcount = row[:5]
            foreign = bool(row[5]) if len(row) > 5 else False
            position = JobPosition.objects.filter(agency=agency, code=code).first()
            if position is None:
                position = actions.save_job_position(
                    actor=None,
                    agency=agency,
                    code=code,
                    name=name,
                    group=group,
                    rank=ranks[rank_code],
                    headcount=headcount,
                    min_qualification=ranks[rank_code].min_qualification,
                    requires_foreign_language=foreign,
                    competencies=self._competencies(data, group),
                    legal_basis=data["legal_basis"],
                    valid_from=date(2025, 7, 1),
                    description=f"{name} — {agency.name}. {JOB_POSITIONS_DECREE}.",
                )
                counts["positions"] += 1
            elif position.competencies != self._competencies(data, group):  # databases loaded before frameworks
                position = actions.save_job_position(
                    actor=None, agency=agency, code=code, competencies=self._competencies(data, group)
                )
            positions.append(position)
        total = sum(p.headcount for p in positions)
        gap = spec.get("quota_gap", 2)
        # Vacancies to recruit: one per professional position with headcount ≥ 3, and the gap in the quota.
        vacancies = {p.pk: 1 for p in positions if p.group == "professional" and p.headcount >= 3}
        if gap < 0:  # over quota: everyone in post (surplus after the merger), quota below the headcount
            vacancies = {}
        assigned = total - sum(vacancies.values()) + gap
        if not StaffingQuota.objects.filter(agency=agency, year=today.year).exists():
            actions.set_quota(
                actor=None,
                agency=agency,
                year=today.year,
                assigned=assigned,
                decision="Quyết định giao biên chế (demo)",
            )
            counts["quotas"] += 1
        rng = random.Random(agency.code)  # noqa: S311 — reproducible demo names, not security
        for position in positions:
            wanted = position.headcount - vacancies.get(position.pk, 0)
            have = PersonnelRecord.objects.filter(position=position, valid_to__isnull=True).count()
            for n in range(have, wanted):
                username = f"cc.{agency.code.split('.')[2]}.{position.code.lower()}.{n + 1}"
                person = User.objects.filter(username=username).first()
                if person is None:
                    person = User(
                        username=username,
                        full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    )
                    person.set_unusable_password()
                    person.save()
                if PersonnelRecord.objects.filter(person=person, valid_to__isnull=True).exists():
                    self._shown(data, person, position, rng, today)
                    continue
                start = date(rng.randint(2005, 2024), rng.randint(1, 12), 1)
                actions.place_person(
                    actor=None,
                    person=person,
                    position=position,
                    rank=position.rank,
                    qualification=max(
                        position.min_qualification, rng.choice([Qualification.BACHELOR] * 3 + [Qualification.MASTER])
                    ),
                    day=max(start, date(2025, 7, 1)) if position.valid_from else start,
                    note="demo",
                )
                self._shown(data, person, position, rng, today)
                counts["people"] += 1
