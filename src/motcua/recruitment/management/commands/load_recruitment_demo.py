"""Demo recruitment: the rules in force, a question bank, and an announced round for vacant positions.

Idempotent. Questions are keyed by their text; where the demo bank is smaller than the blueprint of the
rules in force (60 general questions: 20 easy, 30 medium, 10 hard), it is padded with clearly marked
practice questions so that a demo exam can be taken. The round is organised by the staffing authority
(Sở Nội vụ, see personnel.StaffingAuthority) for up to three vacant professional positions.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.personnel import selectors as personnel_selectors
from motcua.personnel.constants import PositionGroup
from motcua.personnel.models import JobPosition, StaffingAuthority
from motcua.recruitment import actions
from motcua.recruitment.constants import CouncilRole, Round2Form
from motcua.recruitment.management.commands.load_recruitment_rules import load_rules
from motcua.recruitment.models import Question, RecruitmentRound

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_questions.yaml"
COUNCIL = [("tochuc", CouncilRole.MARKER), ("cchc", CouncilRole.MARKER), ("quantri.tinh", CouncilRole.CHAIR)]


def load_questions(rules) -> int:
    created = 0
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for subject, rows in data.items():
        for difficulty, text, choices, correct in rows:
            _, new = Question.objects.get_or_create(
                text=text,
                subject=subject,
                defaults={"difficulty": difficulty, "choices": choices, "correct": correct, "source": "motcua demo"},
            )
            created += new
    for part in rules.round1_parts:
        for difficulty, wanted in part["blueprint"].items():
            have = Question.objects.filter(subject=part["subject"], difficulty=difficulty, active=True).count()
            for n in range(have, wanted):
                text = f"Câu hỏi luyện tập (dữ liệu demo) {part['subject']}/{difficulty} số {n + 1}: chọn đáp án B."
                Question.objects.get_or_create(
                    text=text,
                    subject=part["subject"],
                    defaults={
                        "difficulty": difficulty,
                        "choices": ["Đáp án A", "Đáp án B", "Đáp án C", "Đáp án D"],
                        "correct": 1,
                        "source": "motcua demo (padding)",
                    },
                )
                created += 1
    return created


class Command(BaseCommand):
    help = "Load the recruitment rules, a demo question bank and an announced demo recruitment round."

    def handle(self, *args, **options):
        with transaction.atomic():
            rules = sorted(load_rules(), key=lambda r: r.valid_from)[-1]
            created = load_questions(rules)
            round_ = self._round(rules)
        self.stdout.write(f"recruitment demo: {created} new questions; round {round_.code if round_ else '—'}")

    def _round(self, rules):
        today = timezone.localdate()
        code = f"TDCC-{today.year}"
        existing = RecruitmentRound.objects.filter(code=code).first()
        if existing:
            return existing
        authority = StaffingAuthority.objects.select_related("agency").first()
        if authority is None:
            self.stderr.write("no staffing authority: run load_personnel_demo first")
            return None
        vacant = [p for p in personnel_selectors.vacant_positions(day=today) if p.group == PositionGroup.PROFESSIONAL]
        by_agency: dict[str, int] = {}
        for vacancy in vacant:  # one position from each of the first three agencies with vacancies
            position = JobPosition.objects.select_related("agency").get(pk=vacancy.position_id)
            by_agency.setdefault(position.agency.code, position.pk)
        positions = JobPosition.objects.filter(pk__in=list(by_agency.values())[:3]).select_related("agency")
        if not positions:
            return None
        round_ = actions.create_round(
            actor=None,
            agency=authority.agency,
            code=code,
            name=f"Thi tuyển công chức năm {today.year} (dữ liệu demo)",
            year=today.year,
            positions=[(p, 1, Round2Form.WRITTEN) for p in positions],
            rule_set=rules,
            conditions="Điều kiện đăng ký dự tuyển theo Luật Cán bộ, công chức 2025 và Nghị định 170/2025/NĐ-CP; "
            "trình độ đại học trở lên phù hợp với vị trí việc làm.",
            fee=500_000,
        )
        actions.approve_plan(actor=None, round_=round_)
        actions.announce(
            actor=None,
            round_=round_,
            opens=today,
            closes=today + timedelta(days=30),
            text="Thông báo tuyển dụng công chức (dữ liệu demo): nộp Phiếu đăng ký dự tuyển trực tuyến trong 30 ngày.",
        )
        members = [(u, role) for name, role in COUNCIL if (u := User.objects.filter(username=name).first())]
        if members:
            actions.appoint_council(actor=None, round_=round_, members=members)
        return round_
