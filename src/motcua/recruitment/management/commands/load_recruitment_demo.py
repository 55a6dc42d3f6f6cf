"""Demo recruitment: the rules in force, a question bank, and an announced round for vacant positions.

Idempotent. Questions are keyed by their text; where the demo bank is smaller than the blueprint of the
rules in force (60 general questions: 20 easy, 30 medium, 10 hard), it is padded with clearly marked
practice questions so that a demo exam can be taken. Two rounds are organised by the staffing authority
(Sở Nội vụ, see personnel.StaffingAuthority), each for vacant professional positions, with invented
candidates who applied online (documents, fee):
- TDCC-<year>: announced, taking applications — staff run it from here (fees, eligibility, round 1 …);
- TDCC-<year>-D1: an earlier round already through round 1 and round 2 marking, its scores announced and the
  re-marking window over — staff publish its results.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.personnel import selectors as personnel_selectors
from motcua.personnel.constants import PositionGroup
from motcua.personnel.models import JobPosition, StaffingAuthority
from motcua.recruitment import actions
from motcua.recruitment.constants import CouncilRole, Round2Form
from motcua.recruitment.management.commands.load_recruitment_rules import load_fees, load_rules
from motcua.recruitment.models import ExamSession, Question, RecruitmentRound

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_questions.yaml"
COUNCIL = [("tochuc", CouncilRole.MARKER), ("cchc", CouncilRole.MARKER), ("quantri.tinh", CouncilRole.CHAIR)]
# Invented candidates: (username, full name, birth date, gender, priority categories, share of right answers,
# round-2 marks of the two markers). Citizen ID numbers are generated with Đồng Tháp's prefix 087.
CANDIDATES = [
    ("ungvien.01", "Nguyễn Thị Mỹ Duyên", "1998-04-12", "female", [], 0.85, (78, 82)),
    ("ungvien.02", "Trần Quốc Khánh", "1996-09-30", "male", ["military_service"], 0.7, (74, 76)),
    ("ungvien.03", "Lê Hoàng Phúc", "1999-01-05", "male", [], 0.6, (69, 73)),
    ("ungvien.04", "Phạm Ngọc Hân", "1997-11-21", "female", ["ethnic_minority"], 0.75, (71, 71)),
    ("ungvien.05", "Võ Minh Trí", "2000-06-18", "male", [], 0.4, (0, 0)),
    ("ungvien.06", "Huỳnh Thanh Tâm", "1995-02-27", "female", [], 0.9, (55, 58)),
]


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
            load_fees()
            created = load_questions(rules)
            today = timezone.localdate()
            round_ = self._round(rules, f"TDCC-{today.year}", f"Thi tuyển công chức năm {today.year} (dữ liệu demo)", 0)
            earlier = self._round(
                rules, f"TDCC-{today.year}-D1", f"Thi tuyển công chức đợt 1 năm {today.year} (dữ liệu demo)", 3
            )
            if round_ is not None and not round_.applications.exists():
                self._apply(round_, CANDIDATES[:4], "a")
            if earlier is not None and earlier.status == "announced":
                self._run_through_round2(earlier)
        self.stdout.write(
            f"recruitment demo: {created} new questions; rounds "
            f"{', '.join(r.code for r in (round_, earlier) if r) or '—'}"
        )

    def _apply(self, round_, candidates, suffix):
        """Invented candidates apply online with their diploma and ID card; most have paid the fee."""
        positions = list(round_.positions.all())
        applications = []
        for n, (username, name, born, gender, priority, _right, _marks) in enumerate(candidates):
            user, _ = User.objects.get_or_create(username=f"{username}{suffix}", defaults={"full_name": name})
            documents = [
                (kind, SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n% motcua demo document\n"))
                for kind in ("diploma", "id_card")
            ]
            application = actions.submit_application(
                actor=user, round_=round_, round_position=positions[n % len(positions)], documents=documents,
                full_name=name, birth_date=date.fromisoformat(born), gender=gender,
                citizen_id=f"0870{96 if suffix == 'a' else 95}{n:06d}", phone=f"09{n:02d}555{n:03d}",
                qualification=3, major="Luật", school="Trường Đại học Đồng Tháp", graduation_year=2020,
                residence="Phường Cao Lãnh, tỉnh Đồng Tháp", priority_categories=priority, declaration=True,
            )  # fmt: skip
            if n != len(candidates) - 1:  # the last has not paid yet
                actions.record_fee_paid(actor=None, application=application, receipt=f"BL{suffix.upper()}-{n + 1:04d}")
            applications.append(application)
        return applications

    def _run_through_round2(self, round_):
        """Close, publish the eligible list, sit round 1 (each candidate answers a share right), mark round 2
        with the two demo markers, announce the scores with the re-marking window already over."""
        council = {role: u for name, role in COUNCIL if (u := User.objects.filter(username=name).first())}
        markers = [u for name, role in COUNCIL if role == CouncilRole.MARKER
                   if (u := User.objects.filter(username=name).first())]  # fmt: skip
        if len(markers) < 2 or CouncilRole.CHAIR not in council:
            return
        applications = self._apply(round_, CANDIDATES, "b")
        actions.close_applications(actor=None, round_=round_)
        actions.publish_eligible(actor=None, round_=round_)
        actions.open_round1(actor=None, round_=round_)
        by_id = {a.pk: c for a, c in zip(applications, CANDIDATES, strict=True)}
        for session in ExamSession.objects.filter(application__round=round_).select_related("application"):
            candidate = session.application.candidate
            session = actions.start_session(actor=candidate, session=session)
            share = by_id[session.application_id][5]
            key = dict(Question.objects.filter(pk__in=session.question_ids).values_list("pk", "correct"))
            for seq, qid in enumerate(session.question_ids, start=1):
                right = seq <= round(share * len(session.question_ids))
                actions.save_answer(
                    actor=candidate, session=session, question_id=qid, choice=key[qid] if right else (key[qid] + 1) % 4,
                    seq=seq,
                )  # fmt: skip
            actions.finish_session(actor=candidate, session=session)
        actions.open_round2(actor=None, round_=round_)
        for application in round_.applications.filter(round1_passed=True):
            marks = by_id[application.pk][6]
            for marker, score in zip(markers, marks, strict=False):
                actions.enter_mark(actor=marker, application=application, score=score)
        actions.announce_scores(actor=None, round_=round_, now=timezone.now() - timedelta(days=10))

    def _round(self, rules, code, name, skip):
        today = timezone.localdate()
        existing = RecruitmentRound.objects.filter(code=code).first()
        if existing:
            return existing
        authority = StaffingAuthority.objects.select_related("agency").first()
        if authority is None:
            self.stderr.write("no staffing authority: run load_personnel_demo first")
            return None
        vacant = [p for p in personnel_selectors.vacant_positions(day=today) if p.group == PositionGroup.PROFESSIONAL]
        by_agency: dict[str, int] = {}
        for vacancy in vacant:  # one position from each of three agencies with vacancies
            position = JobPosition.objects.select_related("agency").get(pk=vacancy.position_id)
            by_agency.setdefault(position.agency.code, position.pk)
        positions = JobPosition.objects.filter(pk__in=list(by_agency.values())[skip : skip + 3]).select_related(
            "agency"
        )
        if not positions:
            return None
        round_ = actions.create_round(
            actor=None,
            agency=authority.agency,
            code=code,
            name=name,
            year=today.year,
            positions=[(p, 1, Round2Form.WRITTEN) for p in positions],
            rule_set=rules,
            conditions="Điều kiện đăng ký dự tuyển theo Luật Cán bộ, công chức 2025 và Nghị định 170/2025/NĐ-CP; "
            "trình độ đại học trở lên phù hợp với vị trí việc làm.",
            expected_candidates=60,  # under 100 candidates: the fee tier of Circular 92/2021/TT-BTC
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
