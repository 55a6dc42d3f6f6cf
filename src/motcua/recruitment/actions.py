"""The only code that changes recruitment state.

Each public action checks the round's state table (constants.TRANSITIONS), the actor's role, runs in one
transaction and appends an attributed event to the hash-chained audit log (stream
"recruitment.round:<id>" or "recruitment.application:<id>"). Answer saves, the hottest write, log to the
append-only AnswerEvent table instead and touch one row.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import AuditEvent
from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.uploads import inspect_upload
from motcua.personnel import selectors as personnel_selectors
from motcua.recruitment import eligibility, scoring, selectors
from motcua.recruitment.constants import (
    TRANSITIONS,
    ApplicationStatus,
    CouncilRole,
    ErrorCode,
    MarkPart,
    Result,
    RoundStatus,
    SessionStatus,
)
from motcua.recruitment.models import (
    AnswerEvent,
    Application,
    ApplicationDocument,
    CouncilMember,
    ExamAnswer,
    ExamSession,
    Question,
    RecruitmentRound,
    RemarkRequest,
    Round2Mark,
    RoundPosition,
)

# A save that reaches the server within this margin after the deadline still counts (network latency).
ANSWER_GRACE = timedelta(seconds=5)


def _problem(code: ErrorCode, detail: str, status: int = 400, param: str | None = None) -> ProblemError:
    params = [InvalidParam(param, code.value, detail)] if param else []
    return ProblemError(code.value, detail, status=status, invalid_params=params)


def _forbidden() -> ProblemError:
    return _problem(ErrorCode.NOT_ALLOWED, _("You are not allowed to do this in this recruitment round."), 403)


def _audit_round(round_: RecruitmentRound, kind: str, actor, **data) -> None:
    AuditEvent.append(f"recruitment.round:{round_.pk}", kind=kind, actor=actor, data=data)


def _audit_application(application: Application, kind: str, actor, **data) -> None:
    AuditEvent.append(f"recruitment.application:{application.pk}", kind=kind, actor=actor, data=data)


def _move(round_: RecruitmentRound, to: str, **changes) -> None:
    """Change a round's status along the state table, with a compare-and-set on its version."""
    if to not in TRANSITIONS[round_.status]:
        raise _problem(
            ErrorCode.BAD_TRANSITION,
            _("The round cannot go from “%(from)s” to “%(to)s”.")
            % {"from": RoundStatus(round_.status).label, "to": RoundStatus(to).label},
            status=409,
        )
    updated = RecruitmentRound.objects.filter(pk=round_.pk, version=round_.version, status=round_.status).update(
        status=to, version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ProblemError("stale_version", _("Someone else changed this round first. Reload it."), status=409)
    round_.status, round_.version = to, round_.version + 1
    for name, value in changes.items():
        setattr(round_, name, value)


def _require_manager(actor, round_or_agency) -> None:
    """actor=None is the system itself (a management command such as the demo loader)."""
    if actor is not None and not selectors.can_manage_round(actor, round_or_agency):
        raise _forbidden()


# ---------------------------------------------------------------------------------------------- the plan


@transaction.atomic
def create_round(*, actor, agency, code: str, name: str, year: int, positions: list[tuple], **values):
    """Draft a recruitment plan: positions and numbers, checked against the positions' vacancies.

    positions: [(JobPosition, quota, round2_form), …]
    """
    _require_manager(actor, agency)
    rules = values.pop("rule_set", None) or selectors.rules_on(timezone.localdate())
    if rules is None:
        raise _problem(ErrorCode.NO_RULES, _("No recruitment rules are in force; load them first."), 409)
    if not positions:
        raise _problem(ErrorCode.NO_POSITIONS, _("A plan needs at least one position."), param="positions")
    vacancies = {p.position_id: p.vacant for p in personnel_selectors.vacant_positions()}
    if "fee" not in values:  # the fee of the schedule in force for the expected number of candidates
        schedule = selectors.fee_schedule_on(timezone.localdate())
        if schedule is not None:
            values["fee_schedule"] = schedule
            values["fee"] = schedule.amount_for(values.get("expected_candidates", 0))
    round_ = RecruitmentRound.objects.create(agency=agency, code=code, name=name, year=year, rule_set=rules, **values)
    for position, quota, form in positions:
        if quota < 1 or quota > vacancies.get(position.pk, 0):
            raise _problem(
                ErrorCode.QUOTA_ABOVE_VACANCIES,
                _("“%(name)s” has %(n)d vacancies: recruit between 1 and that many.")
                % {"name": position.name, "n": vacancies.get(position.pk, 0)},
                param="positions",
            )
        RoundPosition.objects.create(round=round_, position=position, quota=quota, round2_form=form)
    _audit_round(
        round_, "plan_drafted", actor, code=code, positions=[[p.code, q, f] for p, q, f in positions], rules=rules.pk
    )
    return round_


@transaction.atomic
def approve_plan(*, actor, round_: RecruitmentRound) -> RecruitmentRound:
    if actor is not None and not selectors.can_approve_round(actor, round_):
        raise _forbidden()
    _move(round_, RoundStatus.APPROVED, approved_by=actor, approved_at=timezone.now())
    _audit_round(round_, "plan_approved", actor)
    return round_


@transaction.atomic
def announce(*, actor, round_: RecruitmentRound, opens: date, closes: date, text: str = "") -> RecruitmentRound:
    """Publish the announcement on the portal (thông báo tuyển dụng) and start taking applications."""
    _require_manager(actor, round_)
    if closes < opens:
        raise _problem(ErrorCode.BAD_TRANSITION, _("Applications must close after they open."), param="closes")
    _move(
        round_,
        RoundStatus.ANNOUNCED,
        announced_at=timezone.now(),
        applications_open=opens,
        applications_close=closes,
        announcement=text or round_.announcement,
    )
    _audit_round(round_, "announced", actor, opens=opens, closes=closes)
    return round_


@transaction.atomic
def appoint_council(*, actor, round_: RecruitmentRound, members: list[tuple]) -> None:
    """Set the recruitment council: [(user, CouncilRole), …]."""
    _require_manager(actor, round_)
    for user, role in members:
        CouncilMember.objects.update_or_create(round=round_, user=user, defaults={"role": role})
    _audit_round(round_, "council_appointed", actor, members=[[u.pk, r] for u, r in members])


# ---------------------------------------------------------------------------------------- applications


FORM_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "vietnamese_nationality",
    "citizen_id",
    "id_issued_on",
    "id_issued_by",
    "phone",
    "email",
    "hometown",
    "residence",
    "current_address",
    "health_fit",
    "health_note",
    "height_cm",
    "weight_kg",
    "general_education",
    "qualification",
    "major",
    "school",
    "graduation_year",
    "diploma_number",
    "training_mode",
    "classification",
    "other_training",
    "work_history",
    "family",
    "foreign_language",
    "language_exemption",
    "priority_categories",
    "declaration",
)


def _require_accepting(round_: RecruitmentRound) -> None:
    today = timezone.localdate()
    if round_.status != RoundStatus.ANNOUNCED or not (
        round_.applications_open and round_.applications_open <= today <= round_.applications_close
    ):
        raise _problem(ErrorCode.NOT_ACCEPTING, _("This round is not taking applications."), status=409)


def _checked_documents(round_: RecruitmentRound, documents) -> list:
    """Check every upload's kind (from the rules) and content (core.uploads) before anything is stored."""
    kinds = {d["code"] for d in round_.rule_set.required_documents}
    checked = []
    for kind, upload in documents or []:
        if kind not in kinds:
            raise _problem(ErrorCode.DOCUMENT_KIND, _("Unknown kind of document."), param="documents")
        checked.append((kind, upload, inspect_upload(upload)))
    return checked


def _store_documents(application: Application, checked: list) -> list[ApplicationDocument]:
    stored = []
    for kind, upload, info in checked:
        stored.append(
            ApplicationDocument.objects.create(
                application=application,
                kind=kind,
                name=str(getattr(upload, "name", kind))[:255],
                file=upload,
                sha256=info.sha256,
                size=info.size,
                content_type=info.content_type,
            )
        )
    return stored


@transaction.atomic
def submit_application(
    *, actor, round_: RecruitmentRound, round_position: RoundPosition, documents=None, **form
) -> Application:
    """A person applies to one position of an announced round with the form's content and their documents
    [(kind, file), …]; one application per person per round. The round's exam fee is recorded as due."""
    if not actor.is_authenticated:
        raise _forbidden()
    _require_accepting(round_)
    if round_position.round_id != round_.pk:
        raise _problem(ErrorCode.POSITION_NOT_IN_ROUND, _("Choose a position of this round."), param="position")
    if not form.get("declaration"):
        raise _problem(
            ErrorCode.DECLARATION_MISSING, _("Confirm that the information you give is true."), param="declaration"
        )
    unknown = [c for c in form.get("priority_categories") or [] if c not in round_.rule_set.priority_points]
    if unknown:
        raise _problem(ErrorCode.UNKNOWN_PRIORITY, _("Unknown priority category."), param="priority_categories")
    if Application.objects.filter(round=round_, candidate=actor).exists():
        raise _duplicate()
    checked = _checked_documents(round_, documents)
    values = {k: form[k] for k in FORM_FIELDS if k in form and form[k] is not None}
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round_, round_position=round_position, candidate=actor, fee_amount=round_.fee, **values
            )
    except IntegrityError as exc:  # a concurrent twin, or the same citizen ID under another account
        raise _duplicate() from exc
    stored = _store_documents(application, checked)
    _audit_application(
        application,
        "submitted",
        actor,
        position=round_position.position.code,
        fee=round_.fee,
        documents=[[d.kind, d.sha256] for d in stored],
    )
    return application


@transaction.atomic
def add_document(*, actor, application: Application, kind: str, upload) -> ApplicationDocument:
    """The candidate adds a document to their application while the round takes applications."""
    if not actor.is_authenticated or application.candidate_id != actor.pk:
        raise _problem(ErrorCode.NOT_FOUND, _("No such application."), status=404)
    _require_accepting(application.round)
    [document] = _store_documents(application, _checked_documents(application.round, [(kind, upload)]))
    _audit_application(application, "document_added", actor, kind=kind, sha256=document.sha256)
    return document


@transaction.atomic
def record_fee_paid(*, actor, application: Application, receipt: str, paid_at=None) -> Application:
    """Personnel staff record the exam fee as paid (receipt number of the collecting authority, Circular
    92/2021/TT-BTC). Recorded on the application: motcua.payments only pays dossier obligations."""
    _require_manager(actor, application.round)
    if not receipt.strip():
        raise _problem(ErrorCode.RECEIPT_REQUIRED, _("Give the receipt number."), param="receipt")
    paid_at = paid_at or timezone.now()
    updated = Application.objects.filter(pk=application.pk, fee_paid_at__isnull=True).update(
        fee_paid_at=paid_at, fee_receipt=receipt.strip(), fee_recorded_by=actor
    )
    if updated != 1:
        raise _problem(ErrorCode.FEE_ALREADY_PAID, _("The fee is already recorded as paid."), status=409)
    application.refresh_from_db()
    _audit_application(application, "fee_paid", actor, amount=application.fee_amount, receipt=application.fee_receipt)
    return application


def _duplicate() -> ProblemError:
    return _problem(
        ErrorCode.DUPLICATE_APPLICATION, _("You have already applied in this recruitment round."), status=409
    )


def eligibility_problems(application: Application) -> list[str]:
    """The eligibility checks listed in the round's rules (data; see recruitment/eligibility.py)."""
    return eligibility.problems(application)


@transaction.atomic
def close_applications(*, actor, round_: RecruitmentRound) -> RecruitmentRound:
    _require_manager(actor, round_)
    _move(round_, RoundStatus.APPLICATIONS_CLOSED)
    _audit_round(round_, "applications_closed", actor, count=round_.applications.count())
    return round_


@transaction.atomic
def publish_eligible(*, actor, round_: RecruitmentRound) -> dict:
    """Check every application against the rules, number the eligible candidates (số báo danh), publish."""
    _require_manager(actor, round_)
    _move(round_, RoundStatus.ELIGIBILITY_PUBLISHED)
    counts = {"eligible": 0, "ineligible": 0}
    applications = (
        round_.applications.select_related("round_position__position", "round__rule_set")
        .prefetch_related("documents")
        .order_by("pk")
    )
    number = 0
    for application in applications:
        problems = eligibility_problems(application)
        application.ineligibility = problems
        application.status = ApplicationStatus.INELIGIBLE if problems else ApplicationStatus.ELIGIBLE
        if not problems:
            number += 1
            application.candidate_number = f"{round_.code}-{number:04d}"
        application.priority_points = scoring.priority_points(
            application.priority_categories, round_.rule_set.priority_points, round_.rule_set.only_highest_priority
        )
        application.save(update_fields=["ineligibility", "status", "candidate_number", "priority_points"])
        counts["ineligible" if problems else "eligible"] += 1
    _audit_round(round_, "eligibility_published", actor, **counts)
    return counts


# ---------------------------------------------------------------------------------------- round 1 (CBT)


@transaction.atomic
def open_round1(*, actor, round_: RecruitmentRound) -> int:
    """Create one exam session per eligible candidate and round-1 part (the foreign-language part only
    where the position requires it). Questions are drawn only when the candidate starts."""
    _require_manager(actor, round_)
    _move(round_, RoundStatus.ROUND1)
    created = 0
    for application in round_.applications.filter(status=ApplicationStatus.ELIGIBLE).select_related(
        "round_position__position"
    ):
        for part in round_.rule_set.round1_parts:
            if part.get("only_if_required") and not application.round_position.position.requires_foreign_language:
                continue
            ExamSession.objects.create(
                application=application, subject=part["subject"], seed=secrets.randbits(62), minutes=part["minutes"]
            )
            created += 1
    _audit_round(round_, "round1_opened", actor, sessions=created)
    return created


def _part(session: ExamSession) -> dict:
    for part in session.application.round.rule_set.round1_parts:
        if part["subject"] == session.subject:
            return part
    raise _problem(ErrorCode.NO_RULES, _("The rules have no part for this subject."), 409)


def _bank(subject: str) -> dict[str, list[int]]:
    bank: dict[str, list[int]] = {}
    for qid, difficulty in Question.objects.filter(subject=subject, active=True).values_list("pk", "difficulty"):
        bank.setdefault(difficulty, []).append(qid)
    return bank


def _own(actor, session: ExamSession) -> None:
    if not actor.is_authenticated or session.application.candidate_id != actor.pk:
        raise _problem(ErrorCode.NOT_FOUND, _("No such exam."), status=404)


@transaction.atomic
def start_session(*, actor, session: ExamSession, now=None) -> ExamSession:
    """The candidate starts their test: it is drawn from the bank (seeded) and the clock starts on the
    server. Starting again returns the running test (a reload)."""
    _own(actor, session)
    now = now or timezone.now()
    if session.application.round.status != RoundStatus.ROUND1:
        raise _problem(ErrorCode.SESSION_NOT_OPEN, _("The round-1 exam is not open."), status=409)
    if session.status != SessionStatus.NOT_STARTED:
        return session
    part = _part(session)
    try:
        question_ids = scoring.assemble_test(session.seed, _bank(session.subject), part["blueprint"])
    except scoring.BankTooSmall as exc:
        raise _problem(ErrorCode.BANK_TOO_SMALL, _("The question bank is too small for this test."), 409) from exc
    updated = ExamSession.objects.filter(pk=session.pk, status=SessionStatus.NOT_STARTED).update(
        status=SessionStatus.IN_PROGRESS,
        question_ids=question_ids,
        started_at=now,
        deadline_at=now + timedelta(minutes=session.minutes),
    )
    session.refresh_from_db()
    if updated:
        _audit_application(session.application, "exam_started", actor, session=session.pk, subject=session.subject)
    return session


def expire_if_due(session: ExamSession, now=None) -> ExamSession:
    """Finish a session whose time is over (the server's clock decides, not the browser's)."""
    now = now or timezone.now()
    if session.status == SessionStatus.IN_PROGRESS and now > session.deadline_at + ANSWER_GRACE:
        with transaction.atomic():
            _apply_finish(session, actor=None, now=now, reason="time_over")
    return session


def save_answer(*, actor, session: ExamSession, question_id: int, choice: int | None, seq: int, now=None) -> dict:
    """Save one answer (idempotent). A save with a lower sequence number than the stored one is logged but
    not applied, so a late-arriving older request never overwrites a newer answer; the same sequence
    number with the same choice is a harmless retry; with another choice it is a conflict."""
    _own(actor, session)
    now = now or timezone.now()
    if session.status == SessionStatus.NOT_STARTED:
        raise _problem(ErrorCode.SESSION_NOT_STARTED, _("Start the exam first."), status=409)
    if session.status == SessionStatus.FINISHED:
        raise _problem(ErrorCode.SESSION_FINISHED, _("This exam is finished."), status=409)
    if now > session.deadline_at + ANSWER_GRACE:
        expire_if_due(session, now)
        raise _problem(ErrorCode.TIME_OVER, _("The time for this exam is over."), status=409)
    if question_id not in session.question_ids:
        raise _problem(ErrorCode.QUESTION_NOT_IN_TEST, _("This question is not in your test."), param="question")
    if choice is not None and not 0 <= choice < 8:
        raise _problem(ErrorCode.INVALID_CHOICE, _("Choose one of the answers."), param="choice")
    with transaction.atomic():
        applied = bool(
            ExamAnswer.objects.filter(session=session, question_id=question_id, seq__lt=seq).update(
                choice=choice, seq=seq, saved_at=now
            )
        )
        if not applied:
            try:
                with transaction.atomic():
                    ExamAnswer.objects.create(
                        session=session, question_id=question_id, choice=choice, seq=seq, saved_at=now
                    )
                applied = True
            except IntegrityError:
                applied = False
        if applied:
            stored_choice, stored_seq = choice, seq
        else:
            stored_choice, stored_seq = ExamAnswer.objects.filter(session=session, question_id=question_id).values_list(
                "choice", "seq"
            )[0]
            if stored_seq == seq and stored_choice != choice:
                raise _problem(
                    ErrorCode.SEQUENCE_CONFLICT, _("This sequence number was already used for another answer."), 409
                )
        AnswerEvent.objects.create(
            session=session, question_id=question_id, choice=choice, seq=seq, applied=applied, at=now
        )
    return {"question": question_id, "choice": stored_choice, "seq": stored_seq, "applied": applied}


def _apply_finish(session: ExamSession, *, actor, now, reason: str) -> ExamSession:
    if session.status == SessionStatus.FINISHED:
        return session
    key = dict(Question.objects.filter(pk__in=session.question_ids).values_list("pk", "correct"))
    answers = dict(ExamAnswer.objects.filter(session=session).values_list("question_id", "choice"))
    correct = scoring.count_correct(answers, key)
    total = len(session.question_ids)
    passed = scoring.round1_passed(correct, total, session.application.round.rule_set.round1_pass_ratio)
    updated = ExamSession.objects.filter(pk=session.pk, status=SessionStatus.IN_PROGRESS).update(
        status=SessionStatus.FINISHED, finished_at=now, correct=correct, total=total, passed=passed
    )
    session.refresh_from_db()
    if updated:
        application = session.application
        results = list(application.sessions.values_list("passed", flat=True))
        application.round1_passed = None if None in results else all(results)
        application.save(update_fields=["round1_passed"])
        _audit_application(
            application,
            "exam_finished",
            actor,
            session=session.pk,
            subject=session.subject,
            correct=correct,
            total=total,
            passed=passed,
            reason=reason,
        )
    return session


@transaction.atomic
def finish_session(*, actor, session: ExamSession, now=None) -> ExamSession:
    """The candidate hands in: the test is scored at once and the result shown."""
    _own(actor, session)
    if session.status == SessionStatus.NOT_STARTED:
        raise _problem(ErrorCode.SESSION_NOT_STARTED, _("Start the exam first."), status=409)
    return _apply_finish(session, actor=actor, now=now or timezone.now(), reason="handed_in")


@transaction.atomic
def open_round2(*, actor, round_: RecruitmentRound, now=None) -> RecruitmentRound:
    """Close round 1 (sessions never started count as not passed) and open round 2."""
    _require_manager(actor, round_)
    now = now or timezone.now()
    for session in ExamSession.objects.filter(application__round=round_).exclude(status=SessionStatus.FINISHED):
        if session.status == SessionStatus.IN_PROGRESS and now <= session.deadline_at + ANSWER_GRACE:
            raise _problem(ErrorCode.EXAMS_UNFINISHED, _("Some candidates are still taking the exam."), 409)
        if session.status == SessionStatus.IN_PROGRESS:
            _apply_finish(session, actor=None, now=now, reason="time_over")
        else:
            ExamSession.objects.filter(pk=session.pk).update(
                status=SessionStatus.FINISHED, finished_at=now, correct=0, total=0, passed=False
            )
            Application.objects.filter(pk=session.application_id).update(round1_passed=False)
    _move(round_, RoundStatus.ROUND2)
    _audit_round(round_, "round2_opened", actor)
    return round_


# ---------------------------------------------------------------------------------------- round 2 marks


def _fresh(application: Application) -> Application:
    """Decisions on scores are taken on the stored state, never on a caller's stale copy."""
    return Application.objects.select_related("round__rule_set").get(pk=application.pk)


def _require_open_scores(round_: RecruitmentRound, also=()) -> None:
    if round_.scores_frozen:
        raise _problem(ErrorCode.SCORES_FROZEN, _("Results are published: scores can no longer change."), 409)
    if round_.status != RoundStatus.ROUND2 and round_.status not in also:
        raise _problem(ErrorCode.BAD_TRANSITION, _("Round 2 is not open for marking."), 409)


def _set_score(application: Application, field: str, new, actor, reason: str) -> None:
    """Every score change is attributed: who, when (the event's time), old, new, why."""
    old = getattr(application, field)
    if old == new:
        return
    setattr(application, field, new)
    application.save(update_fields=[field])
    _audit_application(
        application,
        "score_changed",
        actor,
        field=field,
        old=None if old is None else str(old),
        new=str(new),
        reason=reason,
    )


@transaction.atomic
def enter_mark(*, actor, application: Application, score: Decimal, part: str = MarkPart.ROUND2) -> dict:
    """A council marker enters their independent score; with both marks in, they are reconciled."""
    application = _fresh(application)
    round_ = application.round
    if selectors.council_role(actor, round_) not in (CouncilRole.MARKER, CouncilRole.CHAIR):
        raise _problem(ErrorCode.NOT_A_MARKER, _("Only the council's markers enter scores."), 403)
    _require_open_scores(round_)
    if application.status != ApplicationStatus.ELIGIBLE or not application.round1_passed:
        raise _problem(ErrorCode.NOT_ELIGIBLE, _("This candidate is not in round 2."), 409)
    score = Decimal(score)
    if not Decimal(0) <= score <= round_.rule_set.round2_max:
        raise _problem(ErrorCode.SCORE_OUT_OF_RANGE, _("The score is outside the scale."), param="score")
    try:
        with transaction.atomic():
            Round2Mark.objects.create(application=application, part=part, marker=actor, score=score)
    except IntegrityError as exc:
        raise _problem(ErrorCode.ALREADY_MARKED, _("You have already marked this candidate."), 409) from exc
    _audit_application(application, "marked", actor, part=part, score=str(score))
    marks = list(Round2Mark.objects.filter(application=application, part=part).values_list("score", flat=True))
    agreed = None
    if len(marks) == 2:
        agreed = scoring.reconcile(marks[0], marks[1], round_.rule_set.marker_tolerance)
        if agreed is not None:
            field = "round2_score" if part == MarkPart.ROUND2 else "written_score"
            _set_score(application, field, agreed, actor, reason="two markers within tolerance: average")
    return {"marks": len(marks), "agreed": agreed, "diverge": len(marks) == 2 and agreed is None}


@transaction.atomic
def decide_score(*, actor, application: Application, score: Decimal, reason: str, part: str = MarkPart.ROUND2):
    """The chair settles diverging marks, or corrects a score, with a written reason."""
    application = _fresh(application)
    round_ = application.round
    if not selectors.is_chair(actor, round_):
        raise _problem(ErrorCode.NOT_A_MARKER, _("Only the chair of the council decides a score."), 403)
    _require_open_scores(round_)
    if not reason.strip():
        raise _problem(ErrorCode.REASON_REQUIRED, _("Give the reason for the decision."), param="reason")
    score = Decimal(score)
    if not Decimal(0) <= score <= round_.rule_set.round2_max:
        raise _problem(ErrorCode.SCORE_OUT_OF_RANGE, _("The score is outside the scale."), param="score")
    field = "round2_score" if part == MarkPart.ROUND2 else "written_score"
    _set_score(application, field, score, actor, reason=reason)
    return application


def _rank(round_: RecruitmentRound) -> dict:
    rules = round_.rule_set
    summary = {Result.PASSED: 0, Result.FAILED: 0, Result.HEAD_DECIDES: 0}
    for round_position in round_.positions.all():
        applications = {a.pk: a for a in round_position.applications.filter(status=ApplicationStatus.ELIGIBLE)}
        # Round 1 passed but no agreed round-2 score yet: not ranked, no result (marking goes on).
        pending = [pk for pk, a in applications.items() if a.round1_passed and a.round2_score is None]
        Application.objects.filter(pk__in=pending).update(total=None, rank=None, result="")
        for pk in pending:
            del applications[pk]
        ranked = scoring.rank_position(
            [
                scoring.Candidate(
                    a.pk, a.round2_score, a.priority_points, a.written_score, round1_passed=bool(a.round1_passed)
                )
                for a in applications.values()
            ],
            round_position.quota,
            rules.round2_pass_mark,
            rules.tie_breaks,
        )
        for r in ranked:
            result = r.result
            decided = applications[r.id].head_decision
            if result == Result.HEAD_DECIDES and decided is not None:
                result = Result.PASSED if decided else Result.FAILED
            Application.objects.filter(pk=r.id).update(total=r.total, rank=r.rank, result=result)
            summary[result] += 1
    return {str(k): v for k, v in summary.items()}


@transaction.atomic
def compute_ranking(*, actor, round_: RecruitmentRound) -> dict:
    """Rank every position (totals, tie-breaks); may be run again until results are published."""
    _require_manager(actor, round_)
    _require_open_scores(round_, also=(RoundStatus.SCORES_ANNOUNCED,))
    summary = _rank(round_)
    _audit_round(round_, "ranked", actor, **summary)
    return summary


@transaction.atomic
def head_decides(*, actor, application: Application, successful: bool, reason: str) -> Application:
    """The head of the recruiting authority settles a tie at the last place (Decree 170/2025/NĐ-CP art. 10)."""
    application = _fresh(application)
    round_ = application.round
    _require_open_scores(round_, also=(RoundStatus.SCORES_ANNOUNCED,))
    if not selectors.can_approve_round(actor, round_):
        raise _forbidden()
    if application.result != Result.HEAD_DECIDES:
        raise _problem(ErrorCode.BAD_TRANSITION, _("This candidate is not in a tie."), 409)
    if not reason.strip():
        raise _problem(ErrorCode.REASON_REQUIRED, _("Give the reason for the decision."), param="reason")
    application.head_decision = successful
    application.result = Result.PASSED if successful else Result.FAILED
    application.save(update_fields=["head_decision", "result"])
    _audit_application(application, "tie_decided", actor, successful=successful, reason=reason)
    return application


@transaction.atomic
def announce_scores(*, actor, round_: RecruitmentRound, now=None) -> dict:
    """Announce the agreed round-2 scores and the ranking; candidates may ask for re-marking (phúc khảo)
    until `appeals_close` (rules: appeal_days)."""
    _require_manager(actor, round_)
    missing = round_.applications.filter(
        status=ApplicationStatus.ELIGIBLE, round1_passed=True, round2_score__isnull=True
    ).count()
    if missing:
        raise _problem(ErrorCode.MARKS_MISSING, _("Some candidates have no agreed round-2 score."), 409)
    now = now or timezone.now()
    closes = timezone.localdate(now) + timedelta(days=round_.rule_set.appeal_days)
    summary = _rank(round_)
    _move(round_, RoundStatus.SCORES_ANNOUNCED, scores_announced_at=now, appeals_close=closes)
    _audit_round(round_, "scores_announced", actor, appeals_close=closes, **summary)
    return summary


@transaction.atomic
def request_remark(*, actor, application: Application, reason: str, today=None) -> RemarkRequest:
    """The candidate asks for their round-2 paper to be re-marked, within the window."""
    application = _fresh(application)
    if not actor.is_authenticated or application.candidate_id != actor.pk:
        raise _problem(ErrorCode.NOT_FOUND, _("No such application."), status=404)
    round_ = application.round
    today = today or timezone.localdate()
    if round_.status != RoundStatus.SCORES_ANNOUNCED or today > round_.appeals_close:
        raise _problem(ErrorCode.APPEALS_CLOSED, _("Re-marking requests are not accepted now."), 409)
    if application.round2_score is None:
        raise _problem(ErrorCode.NOT_ELIGIBLE, _("This candidate is not in round 2."), 409)
    if not reason.strip():
        raise _problem(ErrorCode.REASON_REQUIRED, _("Give the reason for the decision."), param="reason")
    try:
        with transaction.atomic():
            remark = RemarkRequest.objects.create(
                application=application, reason=reason, old_score=application.round2_score
            )
    except IntegrityError as exc:
        raise _problem(ErrorCode.DUPLICATE_APPEAL, _("You have already asked for re-marking."), 409) from exc
    _audit_application(application, "remark_requested", actor, reason=reason)
    return remark


@transaction.atomic
def decide_remark(*, actor, remark: RemarkRequest, score: Decimal, decision: str) -> RemarkRequest:
    """The chair records the re-marked score (it may stay the same); the change is attributed."""
    remark = RemarkRequest.objects.select_related("application__round__rule_set").get(pk=remark.pk)
    application = remark.application
    round_ = application.round
    if not selectors.is_chair(actor, round_):
        raise _problem(ErrorCode.NOT_A_MARKER, _("Only the chair of the council decides a score."), 403)
    _require_open_scores(round_, also=(RoundStatus.SCORES_ANNOUNCED,))
    if remark.decided_at is not None:
        raise _problem(ErrorCode.APPEAL_DECIDED, _("This request has already been decided."), 409)
    if not decision.strip():
        raise _problem(ErrorCode.REASON_REQUIRED, _("Give the reason for the decision."), param="decision")
    score = Decimal(score)
    if not Decimal(0) <= score <= round_.rule_set.round2_max:
        raise _problem(ErrorCode.SCORE_OUT_OF_RANGE, _("The score is outside the scale."), param="score")
    _set_score(application, "round2_score", score, actor, reason=f"phúc khảo: {decision}")
    remark.new_score, remark.decided_by, remark.decided_at, remark.decision = score, actor, timezone.now(), decision
    remark.save(update_fields=["new_score", "decided_by", "decided_at", "decision"])
    _audit_application(application, "remark_decided", actor, old=str(remark.old_score), new=str(score))
    return remark


@transaction.atomic
def publish_results(*, actor, round_: RecruitmentRound, today=None) -> RecruitmentRound:
    """Publish the results once the re-marking window is over and every request decided; scores are frozen
    from then on."""
    _require_manager(actor, round_)
    today = today or timezone.localdate()
    if round_.status == RoundStatus.SCORES_ANNOUNCED and (
        today <= round_.appeals_close
        or RemarkRequest.objects.filter(application__round=round_, decided_at__isnull=True).exists()
    ):
        raise _problem(ErrorCode.APPEALS_OPEN, _("Re-marking requests are still open or undecided."), 409)
    _rank(round_)  # always from the latest scores
    if round_.applications.filter(result=Result.HEAD_DECIDES).exists():
        raise _problem(ErrorCode.BAD_TRANSITION, _("Ties at the last place await the head's decision."), 409)
    _move(round_, RoundStatus.RESULTS_PUBLISHED, published_at=timezone.now())
    _audit_round(round_, "results_published", actor)
    return round_
