"""Load the reform demo: the PAR index sets, the province's 2026 plan, cascaded plans, reports,
an inspection plan, a published 2025 evaluation and an open 2026 one. Idempotent: each part is
skipped when it is already there. Invented people only (logins without a usable password, except
the reform officer `cchc` of `demo_accounts` when present).

Everything is written through reform.actions, as a user would.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, User
from motcua.divisions.selectors import agency_on, current_province
from motcua.reform import actions, selectors
from motcua.reform.constants import (
    AGENCY_ROLES,
    EvaluationPhase,
    PlanStatus,
    ReportPeriod,
    ScoreField,
    ScoringMethod,
    TaskStatus,
)
from motcua.reform.models import Evaluation, IndexSet, InspectionPlan, Plan

DATA = Path(__file__).resolve().parents[2] / "data"
DEMO = "Số liệu minh họa (demo)"
# Invented names for the agencies' reform focal points (đầu mối CCHC).
NAMES = [
    "Trần Thị Thu",
    "Lê Văn Hùng",
    "Nguyễn Thị Lan",
    "Phạm Minh Tuấn",
    "Võ Thị Hạnh",
    "Huỳnh Văn Lộc",
    "Đỗ Thị Ngọc",
    "Bùi Quang Vinh",
    "Châu Thị Mỹ",
    "Dương Văn Phúc",
    "Mai Thị Kim",
    "Lâm Văn Toàn",
]


class Command(BaseCommand):
    help = "Load the administrative-reform demo (index sets, 2026 plan, cascade, reports, inspection, PAR ranking)."

    def add_arguments(self, parser):
        parser.add_argument("--index-sets-only", action="store_true", help="Load only the PAR index sets.")

    def handle(self, *args, index_sets_only=False, **options):
        self.load_index_sets()
        if index_sets_only:
            return
        if not settings.DEMO_MODE:
            raise CommandError("The reform demo creates demo people and plans: set MOTCUA_DEMO=true.")
        province = current_province()
        if province is None or agency_on("000.00.00.H20") is None:
            raise CommandError("Load the province first: motcua load_divisions && motcua load_agencies.")
        self.today = timezone.localdate()
        self.province = province
        self.names = iter(NAMES * 20)
        with transaction.atomic():
            self.reform = self.reform_officer()
            plan = self.provincial_plan()
            self.cascade(plan)
            self.inspections()
            self.evaluations()
        self.stdout.write(self.style.SUCCESS("reform demo loaded"))

    # ---- data files

    def load_index_sets(self):
        data = yaml.safe_load((DATA / "index_sets.yaml").read_text(encoding="utf-8"))
        for spec in data["sets"]:
            for year in spec["years"]:
                row = {k: v for k, v in spec.items() if k != "years"}
                row.update(year=year, code=spec["code"].format(year=year), name=spec["name"].format(year=year))
                index_set, written = actions.import_index_set(row)
                state = "loaded" if written else "kept (an evaluation uses it)"
                self.stdout.write(f"index set {index_set.code}: {index_set.criteria.count()} criteria {state}")

    # ---- people

    def person(self, username: str, agency, role: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=next(self.names))
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
        return user

    def reform_officer(self) -> User:
        home_affairs = agency_on("000.00.02.H20")
        existing = User.objects.filter(username="cchc", memberships__role=Role.REFORM_STAFF).first()
        return existing or self.person("cchc.snv", home_affairs, Role.REFORM_STAFF)

    def leader(self, agency) -> User:
        return self.person(f"cchc.{agency.code}", agency, Role.LEADER)

    # ---- the provincial plan

    def provincial_plan(self) -> Plan:
        data = yaml.safe_load((DATA / "plan_2026.yaml").read_text(encoding="utf-8"))
        existing = selectors.provincial_plan(data["year"])
        if existing is not None:
            self.stdout.write(f"provincial plan {data['year']}: already there")
            return existing
        r = self.reform
        plan = actions.create_provincial_plan(
            r,
            year=data["year"],
            agency=agency_on(data["agency"]),
            title=data["title"],
            document_number=data.get("document_number", ""),
            objectives=data.get("objectives", ""),
            source=data.get("source", ""),
        )
        departments = list(selectors.expected_agencies(self.province, self.today).filter(tier=1))
        communes = list(selectors.expected_agencies(self.province, self.today).filter(tier=3))
        groups = {"department": departments, "commune": communes}
        for t in data.get("key_targets", []):
            actions.add_key_target(
                r,
                plan,
                code=t["code"],
                title=t["title"],
                metric=t.get("metric", ""),
                target_value=t.get("target_value"),
                source=t.get("source", ""),
            )
        for order, s in enumerate(data["sections"], start=1):
            section = actions.add_section(r, plan, kind=s["kind"], code=s["code"], title=s["title"], order=order)
            for t in s.get("tasks", []):
                owner = t.get("owner", "all")
                cooperating = []
                for code in t.get("cooperating", []):
                    cooperating += groups.get(code) or [agency_on(code)]
                actions.add_task(
                    r,
                    plan,
                    section=section,
                    code=t["code"],
                    title=t["title"],
                    owner=None if owner in ("all", "department", "commune") else agency_on(owner),
                    assign_to_all=owner if owner in ("all", "department", "commune") else "",
                    cooperating=[a for a in cooperating if a is not None and a.code != owner],
                    deadline=t.get("deadline"),
                    expected_output=t.get("expected_output", ""),
                    indicator=t.get("indicator", ""),
                    target=str(t.get("target", "")),
                    source=t.get("source", ""),
                )
        actions.issue_plan(r, plan, issued_on=data["issued_on"], document_number=data.get("document_number", ""))
        self.stdout.write(f"provincial plan {plan.year}: {plan.tasks.count()} tasks, issued")
        return plan

    # ---- agencies' plans in various states

    def cascade(self, provincial: Plan):
        if Plan.objects.filter(parent=provincial).exists():
            self.stdout.write("agency plans: already there")
            return
        # (agency code or commune index, final status, reports submitted)
        departments = {
            "000.00.03.H20": (PlanStatus.ACCEPTED, [ReportPeriod.Q1, ReportPeriod.H1, ReportPeriod.Q3]),
            "000.00.02.H20": (PlanStatus.ACCEPTED, [ReportPeriod.Q1, ReportPeriod.H1]),
            "000.00.06.H20": (PlanStatus.ACCEPTED, [ReportPeriod.Q1]),
            "000.00.05.H20": (PlanStatus.SUBMITTED, []),
            "000.00.08.H20": (PlanStatus.RETURNED, []),
            "000.00.11.H20": (PlanStatus.DRAFT, []),
        }
        communes = list(selectors.expected_agencies(self.province, self.today).filter(tier=3)[:6])
        plan_states = [(agency_on(code), *state) for code, state in departments.items()]
        commune_states = [
            (PlanStatus.ACCEPTED, [ReportPeriod.Q1, ReportPeriod.H1, ReportPeriod.Q3]),
            (PlanStatus.ACCEPTED, [ReportPeriod.Q1]),
            (PlanStatus.ACCEPTED, []),
            (PlanStatus.SUBMITTED, []),
            (PlanStatus.DRAFT, []),
        ]
        plan_states += [(c, *s) for c, s in zip(communes, commune_states, strict=False)]
        rnd = random.Random(2026)  # noqa: S311 — demo figures, not security
        for agency, status, reports in plan_states:
            if agency is None:
                continue
            who = self.leader(agency)
            plan = actions.cascade_plan(who, provincial, agency)
            section = plan.sections.order_by("order").first()
            actions.add_task(
                who,
                plan,
                section=section,
                code="1.9",
                title="Rà soát, bổ sung quy chế làm việc của đơn vị gắn với CCHC",
                deadline=date(2026, 5, 31),
                expected_output="Quy chế làm việc sửa đổi",
                source=DEMO,
            )
            if status == PlanStatus.DRAFT:
                continue
            actions.submit_plan(who, plan)
            if status == PlanStatus.SUBMITTED:
                continue
            if status == PlanStatus.RETURNED:
                actions.return_plan(
                    self.reform, plan, comment="Chưa xác định sản phẩm, thời hạn cho nhiệm vụ số hóa (7.2)."
                )
                continue
            actions.accept_plan(self.reform, plan, comment="Kế hoạch đạt yêu cầu.")
            for period in reports:
                report = actions.create_report(who, plan, period=period)
                due = actions.due_date(plan.year, period)
                for task in plan.tasks.all():
                    if task.deadline and task.deadline <= due and rnd.random() < 0.75:
                        state, progress = TaskStatus.DONE, 100
                    else:
                        state = TaskStatus.IN_PROGRESS if rnd.random() < 0.7 else TaskStatus.NOT_STARTED
                        progress = rnd.choice([10, 30, 50, 70]) if state == TaskStatus.IN_PROGRESS else 0
                    actions.report_task(who, report, task, status=state, progress=progress, note=DEMO)
                actions.add_evidence(who, report=report, description=f"Báo cáo CCHC {report.get_period_display()}")
                actions.submit_report(
                    who,
                    report,
                    summary=f"Báo cáo kết quả CCHC {report.get_period_display().lower()} năm {plan.year} ({DEMO}).",
                    figures={"procedures_published": rnd.randint(80, 200), "inspections": rnd.randint(0, 3)},
                )
                if period != reports[-1]:
                    actions.review_report(self.reform, report, accept=True)
        self.stdout.write(f"agency plans: {Plan.objects.filter(parent=provincial).count()} cascaded")

    # ---- inspection

    def inspections(self):
        if InspectionPlan.objects.filter(year=2026).exists():
            return
        r = self.reform
        plan = actions.create_inspection_plan(r, year=2026, title="Kế hoạch kiểm tra công tác CCHC năm 2026 (demo)")
        targets = [a for a in [agency_on("000.00.05.H20"), agency_on("000.00.08.H20")] if a]
        targets += list(selectors.expected_agencies(self.province, self.today).filter(tier=3)[:1])
        scope = "Việc thực hiện kế hoạch CCHC; bộ phận một cửa; công khai TTHC; kỷ luật, kỷ cương hành chính"
        for n, agency in enumerate(targets):
            inspection = actions.schedule_inspection(
                r, plan, agency=agency, scheduled_on=date(2026, 5 + 3 * n, 12), scope=scope
            )
            if n == 2:
                continue  # planned for later in the year
            actions.record_inspection(
                r,
                inspection,
                carried_out_on=inspection.scheduled_on,
                conclusion="Cơ bản thực hiện đúng kế hoạch; còn tồn tại cần khắc phục.",
                findings=["Danh mục TTHC niêm yết chưa cập nhật theo quyết định công bố mới"],
                recommendations=[("Cập nhật danh mục TTHC niêm yết, báo cáo Sở Nội vụ", date(2026, 6 + 3 * n, 30))],
            )
            if n == 0:
                rec = inspection.recommendations.get()
                actions.respond_recommendation(self.leader(agency), rec, response="Đã cập nhật, gửi kèm ảnh chụp.")
                actions.review_recommendation(r, rec, close=True)
                actions.close_inspection(r, inspection)
        self.stdout.write(f"inspection plan: {plan.inspections.count()} inspections")

    # ---- PAR evaluations: 2025 published, 2026 open

    def evaluations(self):
        expected = selectors.expected_agencies(self.province, self.today)
        communes = list(expected.filter(tier=3)[:12])
        # The commune of the demo logins (lanhdao, chuyenvien) takes part, so they can self-assess on the web.
        communes += [a for a in self.demo_login_agencies() if a.tier == 3 and a not in communes]
        groups = {"department": list(expected.filter(tier=1)), "commune": communes}
        for index_set in IndexSet.objects.filter(year__in=[2025, 2026]).order_by("year"):
            if Evaluation.objects.filter(index_set=index_set).exists():
                continue
            agencies = groups[index_set.target]
            evaluation = actions.open_evaluation(self.reform, index_set, agencies)
            if index_set.year == 2025:
                self.run_to_publication(evaluation, agencies)
            self.stdout.write(f"evaluation {index_set.code}: {evaluation.get_phase_display()}")

    def demo_login_agencies(self) -> list:
        """The agencies of the demo logins with an agency role (accounts/data/demo_accounts.json)."""
        import json

        from motcua.accounts.management.commands.demo_accounts import DATA, find_agency

        out = []
        for spec in json.loads(DATA.read_text(encoding="utf-8"))["accounts"]:
            if spec.get("role") in AGENCY_ROLES and "agency" in spec:
                try:
                    out.append(find_agency(spec["agency"], self.province))
                except CommandError:
                    continue
        return list(dict.fromkeys(out))

    def run_to_publication(self, evaluation: Evaluation, agencies):
        r, year = self.reform, evaluation.index_set.year
        rnd = random.Random(evaluation.index_set.code)  # noqa: S311 — demo figures
        leaves = list(evaluation.index_set.criteria.filter(children__isnull=True))
        manual = [c for c in leaves if c.method == ScoringMethod.MANUAL]
        metrics_used = sorted({c.metric for c in leaves if c.metric})
        for agency in agencies:
            skill = rnd.uniform(0.72, 0.98)
            for metric in metrics_used:
                value = Decimal(str(round(min(100.0, rnd.gauss(skill * 100, 4)), 2)))
                actions.enter_metric_value(r, metric=metric, agency=agency, year=year, value=value, evidence=DEMO)
            assessment = evaluation.assessments.get(agency=agency)
            who = self.leader(agency)
            for c in manual:
                value = min(c.max_points, Decimal(str(round(float(c.max_points) * min(1.0, skill + 0.1), 2))))
                actions.set_score(who, assessment, c, field=ScoreField.SELF, value=value, reason=DEMO)
            actions.submit_self_assessment(who, assessment)
        actions.advance_evaluation(r, evaluation, to=EvaluationPhase.APPRAISAL_1)
        lowered = {}
        for assessment in evaluation.assessments.select_related("agency"):
            actions.compute_formula_scores(r, assessment)
            for c in rnd.sample(manual, 3):
                score = assessment.scores.get(criterion=c)
                value = max(Decimal(0), (score.self_score or Decimal(0)) - Decimal("0.5"))
                actions.set_score(r, assessment, c, field=ScoreField.ROUND_1, value=value, reason="Thiếu minh chứng")
                lowered.setdefault(assessment.pk, []).append((c, score.self_score))
        actions.advance_evaluation(r, evaluation, to=EvaluationPhase.EXPLANATION)
        for assessment in evaluation.assessments.select_related("agency"):
            c, _old = lowered[assessment.pk][0]
            actions.explain(self.leader(assessment.agency), assessment, c, text="Bổ sung minh chứng (demo)")
        actions.advance_evaluation(r, evaluation, to=EvaluationPhase.APPRAISAL_2)
        for assessment in evaluation.assessments.all():
            c, old = lowered[assessment.pk][0]
            if rnd.random() < 0.5:
                actions.set_score(r, assessment, c, field=ScoreField.ROUND_2, value=old, reason="Chấp nhận giải trình")
        actions.advance_evaluation(r, evaluation, to=EvaluationPhase.ADJUSTMENTS)
        for assessment in list(evaluation.assessments.all())[:2]:
            actions.add_adjustment(r, assessment, kind="bonus", points=1, reason="Sáng kiến CCHC được công nhận (demo)")
        actions.advance_evaluation(r, evaluation, to=EvaluationPhase.FINAL)
        actions.publish_evaluation(r, evaluation, decision_number="(demo)")
