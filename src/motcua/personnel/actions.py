"""The only code that changes personnel data. Every action checks the actor's scope, runs in one
transaction and appends an attributed audit event (core.audit.AuditEvent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import AuditEvent
from motcua.core.concurrency import compare_and_set
from motcua.core.errors import InvalidParam, ProblemError
from motcua.divisions.models import Agency
from motcua.divisions.selectors import valid_on
from motcua.personnel import selectors
from motcua.personnel.constants import ErrorCode, Grade, PlanStatus, RequestStatus, StaffingWarning
from motcua.personnel.models import (
    Evaluation,
    EvaluationRuleSet,
    JobPosition,
    PersonCompetency,
    PersonnelRecord,
    QuotaChangeRequest,
    Rank,
    StaffingQuota,
    TrainingCourse,
    TrainingEnrolment,
    TrainingPlan,
)


def _problem(code: ErrorCode, detail: str, status: int = 400, param: str | None = None) -> ProblemError:
    params = [InvalidParam(param, code.value, detail)] if param else []
    return ProblemError(code.value, detail, status=status, invalid_params=params)


def _require_manager(actor, agency: Agency | int) -> None:
    if actor is not None and not selectors.can_manage(actor, agency):
        raise _problem(ErrorCode.NOT_ALLOWED, _("You do not manage the personnel of this agency."), status=403)


def _stream(obj) -> str:
    return f"personnel.{type(obj).__name__.lower()}:{obj.pk}"


@dataclass
class Outcome:
    """The changed object and the warnings personnel staff should see (over quota, position full)."""

    obj: object
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def save_job_position(*, actor, agency: Agency, code: str, **values) -> JobPosition:
    """Create or update an agency's job position (keyed by agency and code)."""
    _require_manager(actor, agency)
    position, created = JobPosition.objects.update_or_create(agency=agency, code=code, defaults=values)
    AuditEvent.append(
        _stream(position),
        kind="position_created" if created else "position_updated",
        actor=actor,
        data={"agency": agency.code, "code": code, **{k: str(v) for k, v in values.items()}},
    )
    return position


@transaction.atomic
def set_quota(*, actor, agency: Agency, year: int, assigned: int, decision: str = "", version: int | None = None):
    """Assign an agency's staffing quota for a year (giao biên chế). Warns when people in post exceed it."""
    _require_manager(actor, agency)
    return _apply_quota(actor, agency, year, assigned, decision, version)


def _apply_quota(actor, agency: Agency, year: int, assigned: int, decision: str, version: int | None = None):
    if assigned < 0 or not 2000 <= year <= 2100:
        raise _problem(ErrorCode.INVALID_QUOTA, _("Give a year and a quota of zero or more."), param="assigned")
    if agency.parent_id:
        parent = StaffingQuota.objects.filter(agency_id=agency.parent_id, year=year).first()
        siblings = (
            StaffingQuota.objects.filter(agency__parent_id=agency.parent_id, year=year)
            .exclude(agency=agency)
            .values_list("assigned", flat=True)
        )
        if parent is not None and sum(siblings) + assigned > parent.assigned:
            raise _problem(
                ErrorCode.QUOTA_EXCEEDS_PARENT,
                _("The quotas allocated down exceed the parent agency's quota."),
                status=409,
                param="assigned",
            )
    quota = StaffingQuota.objects.filter(agency=agency, year=year).first()
    old = None
    if quota is None:
        quota = StaffingQuota.objects.create(agency=agency, year=year, assigned=assigned, decision=decision)
    else:
        old = quota.assigned
        compare_and_set(quota, quota.version if version is None else version, assigned=assigned, decision=decision)
    AuditEvent.append(
        _stream(quota),
        kind="quota_set",
        actor=actor,
        data={"agency": agency.code, "year": year, "old": old, "new": assigned, "decision": decision},
    )
    return Outcome(quota, selectors.quota_status(agency, year).warnings)


@transaction.atomic
def request_quota_change(*, actor, agency: Agency, year: int, requested: int, reason: str) -> QuotaChangeRequest:
    """An agency asks the staffing authority to change its quota (đề nghị điều chỉnh biên chế)."""
    _require_manager(actor, agency)
    if not reason.strip():
        raise _problem(ErrorCode.REASON_REQUIRED, _("Give the reason for the request."), param="reason")
    if requested < 0:
        raise _problem(ErrorCode.INVALID_QUOTA, _("Give a year and a quota of zero or more."), param="requested")
    request = QuotaChangeRequest.objects.create(
        agency=agency, year=year, requested=requested, reason=reason, requested_by=actor
    )
    AuditEvent.append(_stream(request), kind="requested", actor=actor, data={"requested": requested, "reason": reason})
    return request


@transaction.atomic
def decide_quota_change(*, actor, request: QuotaChangeRequest, approve: bool, note: str = ""):
    """The staffing authority (or a province administrator) approves or rejects a quota change request;
    an approval assigns the quota."""
    if actor is not None and not selectors.has_personnel_province_scope(actor):
        raise _problem(ErrorCode.NOT_ALLOWED, _("Only the staffing authority decides quota changes."), status=403)
    updated = QuotaChangeRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.APPROVED if approve else RequestStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if updated != 1:
        raise _problem(ErrorCode.REQUEST_DECIDED, _("This request has already been decided."), status=409)
    request.refresh_from_db()
    AuditEvent.append(_stream(request), kind="approved" if approve else "rejected", actor=actor, data={"note": note})
    if approve:
        return _apply_quota(actor, request.agency, request.year, request.requested, note or f"request {request.pk}")
    return Outcome(request)


def _check_fits(position: JobPosition, rank: Rank, qualification: int, day: date) -> None:
    if not position.is_valid_on(day):
        raise _problem(ErrorCode.POSITION_NOT_VALID, _("The job position is not valid on that date."), param="position")
    if rank.pk != position.rank_id:
        raise _problem(
            ErrorCode.RANK_MISMATCH, _("The person's rank is not the rank the position requires."), param="rank"
        )
    if qualification < position.min_qualification:
        raise _problem(
            ErrorCode.QUALIFICATION_TOO_LOW,
            _("The person's qualification is below what the position requires."),
            param="qualification",
        )


def _warnings_after(position: JobPosition, day: date) -> list[str]:
    warnings = []
    filled = PersonnelRecord.objects.filter(selectors.active_on(day), position=position).count()
    if filled > position.headcount:
        warnings.append(StaffingWarning.POSITION_FULL.value)
    warnings += [w for w in selectors.quota_status(position.agency, day.year, day).warnings if w != "no_quota"]
    return warnings


def _open_record(person, position, rank, qualification, day, note) -> PersonnelRecord:
    try:
        with transaction.atomic():
            return PersonnelRecord.objects.create(
                person=person,
                agency=position.agency,
                position=position,
                rank=rank,
                qualification=qualification,
                valid_from=day,
                note=note,
            )
    except IntegrityError as exc:
        raise _problem(
            ErrorCode.ALREADY_PLACED, _("This person already holds a post; transfer them instead."), status=409
        ) from exc


@transaction.atomic
def place_person(
    *, actor, person, position: JobPosition, rank: Rank, qualification: int, day: date, note: str = ""
) -> Outcome:
    """Place a person in a job position from `day` (bố trí), checking the position's requirements."""
    _require_manager(actor, position.agency_id)
    _check_fits(position, rank, qualification, day)
    record = _open_record(person, position, rank, qualification, day, note)
    AuditEvent.append(
        _stream(record),
        kind="placed",
        actor=actor,
        data={"person": person.pk, "agency": position.agency.code, "position": position.code, "from": day},
    )
    return Outcome(record, _warnings_after(position, day))


@transaction.atomic
def end_record(*, actor, record: PersonnelRecord, day: date, reason: str = "") -> PersonnelRecord:
    """End a post on `day` (exclusive): retirement, resignation, transfer out."""
    _require_manager(actor, record.agency_id)
    return _apply_end(actor, record, day, reason)


def _apply_end(actor, record: PersonnelRecord, day: date, reason: str) -> PersonnelRecord:
    if record.valid_to is not None:
        raise _problem(ErrorCode.RECORD_ENDED, _("This post has already ended."), status=409)
    if day <= record.valid_from:
        raise _problem(ErrorCode.INVALID_DATES, _("The end date must be after the start date."), param="day")
    record.valid_to = day
    record.save(update_fields=["valid_to", "updated_at"])
    AuditEvent.append(_stream(record), kind="ended", actor=actor, data={"until": day, "reason": reason})
    return record


@transaction.atomic
def transfer(
    *, actor, record: PersonnelRecord, position: JobPosition, day: date, rank: Rank | None = None, reason: str = ""
) -> Outcome:
    """Move a person to another position or agency from `day` (điều động, luân chuyển); history is kept."""
    _require_manager(actor, record.agency_id)
    _require_manager(actor, position.agency_id)
    rank = rank or record.rank
    _check_fits(position, rank, record.qualification, day)
    _apply_end(actor, record, day, reason or "transfer")
    new = _open_record(record.person, position, rank, record.qualification, day, reason)
    AuditEvent.append(
        _stream(new),
        kind="transferred_in",
        actor=actor,
        data={"from_record": record.pk, "position": position.code, "agency": position.agency.code, "from": day},
    )
    return Outcome(new, _warnings_after(position, day))


# ------------------------------------------------------------------------ yearly evaluation (đánh giá)


def grade_for(score: Decimal, disciplined: bool, thresholds: dict) -> str:
    """The grade of a score (Decree 335/2025/NĐ-CP): ≥ 90 excellent, ≥ 70 good, ≥ 50 completed, else not
    completed; a disciplinary measure in the year means not completed whatever the score."""
    if disciplined:
        return Grade.NOT_COMPLETED.value
    for grade in (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED):
        if score >= Decimal(str(thresholds[grade.value])):
            return grade.value
    return Grade.NOT_COMPLETED.value


@transaction.atomic
def evaluate(*, actor, record: PersonnelRecord, year: int, score: Decimal, disciplined: bool = False, evidence=None):
    """Record (or revise, until final) a civil servant's evaluation for a year, graded by the rules in force."""
    _require_manager(actor, record.agency_id)
    day = date(year, 12, 31)
    rules = EvaluationRuleSet.objects.filter(valid_on(day)).order_by("-valid_from").first()
    if rules is None:
        raise _problem(ErrorCode.NO_EVALUATION_RULES, _("No evaluation rules are in force for that year."), 409)
    score = Decimal(score)
    if not Decimal(0) <= score <= Decimal(100):
        raise _problem(ErrorCode.SCORE_OUT_OF_RANGE, _("The score is between 0 and 100."), param="score")
    if not (record.valid_from <= day and (record.valid_to is None or record.valid_to > date(year, 1, 1))):
        raise _problem(ErrorCode.NOT_IN_POST, _("This person was not in post in that year."), 409)
    existing = Evaluation.objects.filter(person=record.person, year=year).first()
    if existing and existing.final:
        raise _problem(ErrorCode.EVALUATION_FINAL, _("This evaluation is final."), 409)
    if evidence is None:  # what the evaluator was shown: lateness attributed to them, citizens' feedback
        evidence = selectors.evaluation_evidence(record.person, year)
    grade = grade_for(score, disciplined, rules.thresholds)
    evaluation, _created = Evaluation.objects.update_or_create(
        person=record.person,
        year=year,
        defaults={
            "agency": record.agency,
            "rules": rules,
            "score": score,
            "disciplined": disciplined,
            "grade": grade,
            "evidence": evidence or {},
            "evaluator": actor,
        },
    )
    AuditEvent.append(
        _stream(evaluation),
        kind="evaluated",
        actor=actor,
        data={"year": year, "old": existing.grade if existing else None, "new": grade, "score": str(score)},
    )
    return evaluation


@transaction.atomic
def finalize_evaluations(*, actor, agency: Agency, year: int) -> dict:
    """Close an agency's evaluations for a year, refusing more "excellent" than the cap allows (20% of those
    graded good, Decree 335/2025/NĐ-CP)."""
    _require_manager(actor, agency)
    evaluations = Evaluation.objects.filter(agency=agency, year=year, final=False).select_related("rules")
    counts = {g.value: 0 for g in Grade}
    for e in evaluations:
        counts[e.grade] += 1
    if evaluations:
        ratio = evaluations[0].rules.excellent_cap_ratio
        if counts[Grade.EXCELLENT] > int(counts[Grade.GOOD] * ratio):
            raise _problem(
                ErrorCode.EXCELLENT_CAP,
                _("Too many civil servants are graded excellent for the number graded good."),
                status=409,
            )
    evaluations.update(final=True)
    AuditEvent.append(f"personnel.evaluations:{agency.pk}:{year}", kind="finalized", actor=actor, data=counts)
    return counts


# ------------------------------------------------------------------ training plans (đào tạo, bồi dưỡng)


def _quarter_start(year: int, n: int) -> date:
    return date(year, 1 + 3 * (n % 4), 1)


@transaction.atomic
def draft_training_plan(*, actor, agency: Agency, year: int, day: date | None = None) -> TrainingPlan:
    """Draft an agency's training plan for `year` from the competency gaps of the people in post: one course
    per missing competency (from the training offers in force), everyone lacking it enrolled, courses spread
    over the quarters. A draft may be drafted again (it is replaced); an approved plan may not."""
    _require_manager(actor, agency)
    day = day or max(timezone.localdate(), date(year, 1, 1))
    gaps = selectors.competency_gaps(agency, day)
    if not gaps:
        raise _problem(ErrorCode.NO_GAPS, _("Everyone in post has the competencies their position requires."), 409)
    plan = TrainingPlan.objects.select_for_update().filter(agency=agency, year=year).first()
    if plan is not None and plan.status != PlanStatus.DRAFT:
        raise _problem(ErrorCode.PLAN_EXISTS, _("The plan for that year is already approved."), 409)
    if plan is None:
        plan = TrainingPlan.objects.create(agency=agency, year=year, drafted_by=actor)
    else:
        plan.courses.all().delete()
    offers = selectors.training_offers(day)
    by_competency: dict[str, list] = {}
    for gap in gaps:
        for name in gap.missing:
            by_competency.setdefault(name, []).append(gap.record)
    for n, (name, records) in enumerate(sorted(by_competency.items())):
        offer = offers.get(name)
        starts = max(_quarter_start(year, n), day) if day.year == year else _quarter_start(year, n)
        days = offer.days if offer else 5
        course = TrainingCourse.objects.create(
            plan=plan,
            competency=name,
            name=offer.name if offer else _("Refresher course: %(c)s") % {"c": name},
            provider=offer.provider if offer else "",
            starts=starts,
            ends=starts + timedelta(days=days - 1),
            cost_per_person=offer.cost_per_person if offer else 0,
        )
        TrainingEnrolment.objects.bulk_create(
            [TrainingEnrolment(course=course, person_id=r.person_id, record=r) for r in records]
        )
    AuditEvent.append(
        _stream(plan),
        kind="plan_drafted",
        actor=actor,
        data={"year": year, "courses": len(by_competency), "people": len(gaps)},
    )
    return plan


@transaction.atomic
def approve_training_plan(*, actor, plan: TrainingPlan) -> TrainingPlan:
    """The agency's head (a leader there) or the staffing authority approves the plan."""
    if actor is not None and not (
        selectors.has_personnel_province_scope(actor) or plan.agency_id in selectors.leader_agency_ids(actor)
    ):
        raise _problem(ErrorCode.NOT_ALLOWED, _("The head of the agency approves its training plan."), status=403)
    updated = TrainingPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED, approved_by=actor, approved_at=timezone.now()
    )
    if updated != 1:
        raise _problem(ErrorCode.PLAN_NOT_DRAFT, _("Only a draft plan can be approved."), status=409)
    plan.refresh_from_db()
    AuditEvent.append(_stream(plan), kind="plan_approved", actor=actor, data={})
    return plan


@transaction.atomic
def record_competency(*, actor, person, agency: Agency, name: str, day: date, source: str = "") -> PersonCompetency:
    """Record a competency a civil servant of `agency` has shown (assessment, certificate, earlier training)."""
    _require_manager(actor, agency)
    competency, created = PersonCompetency.objects.get_or_create(
        person=person, name=name, defaults={"attained_on": day, "source": source[:200]}
    )
    if created:
        AuditEvent.append(
            f"personnel.person:{person.pk}", kind="competency", actor=actor, data={"name": name, "day": day}
        )
    return competency


@transaction.atomic
def record_completion(
    *, actor, enrolment: TrainingEnrolment, day: date, passed: bool = True, certificate: str = ""
) -> TrainingEnrolment:
    """Record that a person finished a course; passing gives them the course's competency (closing the gap)."""
    enrolment = TrainingEnrolment.objects.select_related("course__plan").get(pk=enrolment.pk)
    plan = enrolment.course.plan
    _require_manager(actor, plan.agency_id)
    if plan.status != PlanStatus.APPROVED:
        raise _problem(ErrorCode.PLAN_NOT_APPROVED, _("Approve the plan before recording completions."), 409)
    if enrolment.completed_on is not None:
        raise _problem(ErrorCode.ALREADY_COMPLETED, _("This completion is already recorded."), 409)
    if day < enrolment.course.starts:
        raise _problem(ErrorCode.INVALID_DATES, _("The course had not started on that date."), param="day")
    enrolment.completed_on, enrolment.passed, enrolment.certificate = day, passed, certificate
    enrolment.save(update_fields=["completed_on", "passed", "certificate"])
    if passed:
        PersonCompetency.objects.get_or_create(
            person_id=enrolment.person_id,
            name=enrolment.course.competency,
            defaults={"attained_on": day, "source": f"{enrolment.course.name} {certificate}".strip()[:200]},
        )
    AuditEvent.append(
        _stream(plan),
        kind="completion_recorded",
        actor=actor,
        data={"enrolment": enrolment.pk, "person": enrolment.person_id, "day": day, "passed": passed},
    )
    return enrolment
