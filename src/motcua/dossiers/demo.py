"""Realistic demo dossiers over the last twelve months, made through the actions (never raw inserts), so
that screens, statistics and reports have something true to show.

Invented people only: officers are generated per agency ("cb.<n>"), applicants from a list of common
Vietnamese names with made-up citizen ID numbers. Shares are tuned to what provinces report: roughly
half online, a few percent by post, one in ten asked for a supplement, a few percent late.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, User
from motcua.core.errors import ProblemError
from motcua.divisions.models import Agency
from motcua.dossiers import actions
from motcua.dossiers.constants import Channel
from motcua.procedures.models import Process
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Thu", "Hoài", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Khang",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhân",
    "Phúc",
    "Quân",
    "Sang",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
ROLES = (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)
DEMO_PASSWORD = "motcua-demo"  # noqa: S105 — demo mode only, printed by demo_setup


@dataclass
class Report:
    created: int = 0
    finished: int = 0
    late: int = 0
    open: int = 0
    refused: int = 0
    supplements: int = 0
    officers: int = 0
    errors: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)


def sample_form_data(schema: dict | None) -> dict | None:
    """Plausible answers to a procedure's online form (its JSON Schema), or None if we cannot make them."""
    if not schema:
        return {}
    samples = {"string": "Theo hồ sơ kèm theo", "integer": 1, "number": 1, "boolean": True}
    out = {}
    for name in schema.get("required", []):
        prop = schema.get("properties", {}).get(name, {})
        if "enum" in prop:
            out[name] = prop["enum"][0]
        elif prop.get("format") == "date":
            out[name] = "2026-01-15"
        elif prop.get("type") in samples:
            out[name] = samples[prop["type"]]
        else:
            return None
    from motcua.procedures.forms import form_errors

    return out if not form_errors(schema, out) else None


class Generator:
    def __init__(self, seed: int = 2026, now: datetime | None = None):
        self.rng = random.Random(seed)  # noqa: S311 — reproducible demo data, not security
        self.now = now or timezone.now()
        self.officers: dict[tuple[int, str], User] = {}
        self.report = Report()
        self._people = 0
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: hundreds of demo officers share it

    # --- people ----------------------------------------------------------------------------------------
    def _name(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def officer(self, agency: Agency, role: str) -> User:
        key = (agency.pk, role)
        if key not in self.officers:
            existing = Membership.objects.filter(agency=agency, role=role).select_related("user").first()
            if existing is not None:
                self.officers[key] = existing.user
            else:
                username = f"cb.{agency.pk}.{role.split('_')[0]}"
                user, created = User.objects.get_or_create(
                    username=username, defaults={"full_name": self._name(), "password": self.password_hash}
                )
                self.report.officers += created
                Membership.objects.get_or_create(user=user, agency=agency, role=role)
                self.officers[key] = user
        return self.officers[key]

    def applicant(self) -> dict:
        self._people += 1
        province_code = self.rng.choice(["087", "082", "089", "094"])  # place-of-birth prefixes, invented IDs
        born = self.rng.randint(50, 99)
        return {
            "name": self._name(),
            # born in the 1900s: century-and-sex digit 0 (man) or 1 (woman), Circular 59/2021/TT-BCA art. 7
            "citizen_id": f"{province_code}{self.rng.choice('01')}{born:02d}{self._people % 1_000_000:06d}",
            "phone": f"09{self.rng.randint(10_000_000, 99_999_999)}",
        }

    # --- time --------------------------------------------------------------------------------------------
    def receipt_time(self, calendar, days_back: int) -> datetime:
        day = (self.now - timedelta(days=days_back)).date()
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        minutes = self.rng.choice([self.rng.randint(0, 270), self.rng.randint(390, 600)])  # 7:00–11:30, 13:30–17:00
        local = datetime.combine(day, time(7, 0), tzinfo=calendar.tz) + timedelta(minutes=minutes)
        return local

    def later(self, calendar, start: datetime, hours: float) -> datetime:
        return calendar.add_working_time(start, timedelta(hours=max(hours, 0.05)))

    # --- one dossier -------------------------------------------------------------------------------------
    def one(self, process: Process, days_back: int) -> None:
        r = self.rng
        agency = process.agency
        calendar = compiled_calendar(calendar_for_agency(agency))
        t = self.receipt_time(calendar, days_back)
        if t > self.now:
            return
        procedure = process.procedure
        if not procedure.is_valid_on(t.date()) or procedure.status != "active":
            return
        desk = self.officer(agency, Role.DESK_OFFICER)
        form_data = sample_form_data(procedure.form_schema)
        online = procedure.online_level != "none" and form_data is not None and r.random() < 0.5
        if online:
            submitted = t - timedelta(hours=r.randint(1, 40))
            dossier = actions.submit(
                None,
                actor=self._citizen(),
                now=submitted,
                procedure=procedure,
                agency=agency,
                applicant=self.applicant(),
                form_data=form_data,
            )
            if r.random() < 0.03:
                actions.refuse(dossier, actor=desk, now=t, reason="Hồ sơ không thuộc thẩm quyền tiếp nhận")
                self.report.refused += 1
                return
            dossier = actions.receive(dossier, actor=desk, now=t, documents_checked=self.papers(procedure))
        else:
            channel = Channel.POSTAL if r.random() < 0.08 else Channel.IN_PERSON
            dossier = actions.receive(
                None,
                actor=desk,
                now=t,
                procedure=procedure,
                agency=agency,
                applicant=self.applicant(),
                channel=channel,
                documents_checked=self.papers(procedure),
            )
        self.report.created += 1
        steps = sorted(process.steps.all(), key=lambda s: s.position)
        handling = steps[1:] if steps and steps[0].role == Role.DESK_OFFICER else steps
        t = self.later(calendar, t, r.uniform(0.1, 1.0))
        if t > self.now:
            return self._still_open()
        # Pace: the steps share the time left until the appointment in proportion to their allotments; most
        # dossiers use part of it, a few stall past it (lateness is made by the clock, not painted on).
        allotted = sum(float(step.allotted_hours or 0) for step in handling) or 1.0
        budget = calendar.working_time_between(t, dossier.due_at).total_seconds() / 3600 if dossier.due_at else allotted
        pace = (r.uniform(0.2, 0.85) if r.random() > 0.05 else r.uniform(1.1, 2.0)) * max(budget, 0.5) / allotted
        nxt = handling[0] if handling else None
        holder = self.officer(actions.resolve_step_agency(nxt, agency), nxt.role) if nxt else None
        dossier = actions.assign(dossier, actor=desk, now=t, to_user=holder)
        for index, step in enumerate(handling):
            step_agency = actions.resolve_step_agency(step, agency)
            actor = self.officer(step_agency, step.role)
            if index == 0 and r.random() < 0.1:
                t = self.later(calendar, t, r.uniform(0.05, 0.2) * float(step.allotted_hours or 1) * pace)
                if t > self.now:
                    return self._still_open()
                dossier = actions.request_supplement(dossier, actor=actor, now=t, reason="Bổ sung bản sao giấy tờ")
                self.report.supplements += 1
                t = self.later(calendar, t, r.uniform(4, 40))
                if t > self.now:
                    return self._still_open()
                if r.random() < 0.08:
                    actions.stop(
                        dossier, actor=self.officer(step_agency, Role.LEADER), now=t, reason="Quá hạn bổ sung hồ sơ"
                    )
                    return
                dossier = actions.supplement_received(
                    dossier,
                    actor=self.officer(step_agency, Role.SPECIALIST) if step.role != Role.DESK_OFFICER else actor,
                    now=t,
                )
            t = self.later(calendar, t, float(step.allotted_hours or 1) * pace)
            if t > self.now:
                return self._still_open()
            if index + 1 < len(handling):
                nxt = handling[index + 1]
                holder = self.officer(actions.resolve_step_agency(nxt, agency), nxt.role)
                dossier = actions.forward(dossier, actor=actor, now=t, to_user=holder)
            else:
                dossier = actions.finish(dossier, actor=self.officer(step_agency, step.role), now=t)
        self.report.finished += 1
        self.report.late += dossier.timeliness == "late"
        t = self.later(calendar, t, r.uniform(1, 24))
        if t <= self.now:
            actions.return_result(dossier, actor=desk, now=t)

    def papers(self, procedure) -> list[int]:
        """The desk checks every required paper on the counter (the demo's applicants come prepared)."""
        return list(procedure.documents.values_list("pk", flat=True))

    def _still_open(self) -> None:
        self.report.open += 1

    def _citizen(self) -> User:
        if not hasattr(self, "_citizen_user"):
            self._citizen_user, _ = User.objects.get_or_create(
                username="congdan.demo", defaults={"full_name": "Người nộp hồ sơ (bản trình diễn)"}
            )
        return self._citizen_user

    def run(self, count: int, progress=None) -> Report:
        processes = list(
            Process.objects.select_related("procedure", "agency__unit").prefetch_related("steps").order_by("pk")
        )
        if not processes:
            raise ProblemError("no_processes", "Load agencies and procedures first (load_agencies, load_procedures).")
        # Commune-level procedures are the bulk of what citizens file; agencies where the demo logins work get
        # a large share so that their queues and reports have something to show — per agency, not per process,
        # so that the province's service centre (few processes of its own) has a queue too.
        staffed = set(Membership.objects.exclude(user__username__startswith="cb.").values_list("agency_id", flat=True))
        per_agency = Counter(p.agency_id for p in processes)
        weights = [
            (3 if p.agency.tier == 3 else 1) * (150 * 40 / per_agency[p.agency_id] if p.agency_id in staffed else 1)
            for p in processes
        ]
        for i in range(count):
            process = self.rng.choices(processes, weights)[0]
            # Most dossiers are spread over the year; a few were received this week and are still open.
            days_back = int(self.rng.triangular(0, 365, 30)) if self.rng.random() > 0.06 else self.rng.randint(0, 6)
            before = dataclasses.replace(self.report, errors=self.report.errors, examples=self.report.examples)
            try:
                with transaction.atomic():
                    self.one(process, days_back)
            except ProblemError as exc:  # a demo process that does not fit (e.g. no handler): count and go on
                self.report = before  # the dossier was rolled back: so are its counts
                self.report.errors[exc.code] = self.report.errors.get(exc.code, 0) + 1
                self.report.examples.setdefault(exc.code, f"{process.procedure.code} @ {process.agency.code}: {exc}")
            if progress is not None:
                progress(i + 1, count)
        return self.report
