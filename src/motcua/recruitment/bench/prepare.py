"""Prepare a database for the answer-save benchmark: N candidates with a started 60-question exam each.

    DATABASE_URL=postgres://…/motcua_bench_hr motcua migrate
    DATABASE_URL=… motcua shell -c "from motcua.recruitment.bench.prepare import run; run(200)"
    → writes var/bench_exam_candidates.txt (one line per candidate: sessionid csrf session_id qids)
    gunicorn motcua.wsgi --workers 2 --bind 127.0.0.1:8100 &
    wrk -t2 -c32 -d20s --latency -s src/motcua/recruitment/bench/answers.lua http://127.0.0.1:8100
or all of it at once, with /healthz as the baseline in the same run: python -m motcua.recruitment.bench.run

Not part of the product: a measuring aid (DESIGN.md "Measuring on these machines").
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.core.testing import build_world, make_user
from motcua.personnel.constants import PositionGroup
from motcua.personnel.models import JobPosition, Rank
from motcua.recruitment import actions
from motcua.recruitment.management.commands.load_recruitment_demo import load_questions
from motcua.recruitment.management.commands.load_recruitment_rules import load_rules
from motcua.recruitment.models import ExamSession


def run(candidates: int = 200, out: str | None = None) -> Path:
    world = build_world()
    hr = make_user("bench_hr", (world.agency_a, Role.PERSONNEL_STAFF))
    rules = sorted(load_rules(), key=lambda r: r.valid_from)[-1]
    load_questions(rules)
    rank, _ = Rank.objects.get_or_create(code="01.003", defaults={"name": "Chuyên viên"})
    position = JobPosition.objects.create(
        agency=world.agency_a,
        code="BENCH",
        name="Chuyên viên",
        group=PositionGroup.PROFESSIONAL,
        rank=rank,
        headcount=5,
    )
    round_ = actions.create_round(
        actor=hr, agency=world.agency_a, code="BENCH", name="Bench", year=2026, positions=[(position, 5, "written")]
    )
    actions.approve_plan(actor=None, round_=round_)
    today = timezone.localdate()
    actions.announce(actor=hr, round_=round_, opens=today, closes=today + timedelta(days=1))
    rp = round_.positions.get()
    users = []
    for n in range(candidates):
        user = make_user(f"bench{n}")
        actions.submit_application(
            actor=user,
            round_=round_,
            round_position=rp,
            full_name=f"Thí sinh {n}",
            birth_date=today.replace(year=1995),
            gender="male",
            citizen_id=f"{n:012d}",
            phone="0912345678",
            qualification=3,
            declaration=True,
            documents=[
                (kind, SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n% bench\n")) for kind in ("diploma", "id_card")
            ],
        )
        users.append(user)
    actions.close_applications(actor=hr, round_=round_)
    actions.publish_eligible(actor=hr, round_=round_)
    actions.open_round1(actor=hr, round_=round_)
    lines = []
    for user in users:
        session = ExamSession.objects.get(application__candidate=user)
        actions.start_session(actor=user, session=session)
        ExamSession.objects.filter(pk=session.pk).update(deadline_at=timezone.now() + timedelta(days=1))
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        csrf = secrets.token_hex(16)  # a 32-character unmasked CSRF secret, sent as cookie and header
        session.refresh_from_db()
        lines.append(f"{store.session_key} {csrf} {session.pk} {','.join(map(str, session.question_ids))}")
    path = Path(out or settings.VAR_DIR / "bench_exam_candidates.txt")
    path.write_text("\n".join(lines) + "\n")
    return path
