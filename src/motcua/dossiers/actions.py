"""The one write path of dossiers (DESIGN: "One write path", "Actions compose").

Every public action is wrapped by `dossier_action`, which gives it one transaction, re-reads the dossier
and checks its version (stale → 409), checks the transition against `constants.RULES`, checks the
actor's role and agency scope, then lets the action body compute its changes, writes them with a
conditional UPDATE on the version column, and appends one hash-chained event. Bodies call private
`_apply_*` helpers, never each other; side effects are queued with `transaction.on_commit`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.models import citizen_id_validator
from motcua.accounts.permissions import agency_ids_for, memberships_of, user_roles
from motcua.core.concurrency import StaleVersion, compare_and_set
from motcua.core.errors import InvalidParam, ProblemError
from motcua.divisions.models import Agency
from motcua.dossiers.constants import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    RULES,
    Action,
    ApplicantKind,
    Channel,
    DocumentKind,
    ErrorCode,
    Rule,
    Status,
)
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierSequence, DossierStep, Pause
from motcua.dossiers.selectors import OVERDUE_EVENT
from motcua.procedures.constants import OnlineLevel, ProcedureStatus
from motcua.workdays import engine
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

CODE_ATTEMPTS = 20


# --- subscribers -----------------------------------------------------------------------------------------
# Functions called with (dossier, event) inside the transaction of every action, after its event is written:
# the place where notifications, the national-portal sync or postal orders write their outbox rows, so that
# they commit or roll back together with the state change (never lost, never sent for a change that failed).
EVENT_SUBSCRIBERS: list = []


def subscribe(handler):
    """Register `handler(dossier, event)`; usable as a decorator. Handlers must only write rows (an outbox),
    never call the network: sending happens in background tasks after the commit."""
    if handler not in EVENT_SUBSCRIBERS:
        EVENT_SUBSCRIBERS.append(handler)
    return handler


# --- the decorator ---------------------------------------------------------------------------------------
@dataclass
class Ctx:
    """What an action body gets: the re-read dossier (None when creating), who acts, and when."""

    action: Action
    rule: Rule
    actor: Any
    now: datetime
    dossier: Dossier | None
    comment: str = ""
    changes: dict = field(default_factory=dict)  # fields of the dossier to write
    data: dict = field(default_factory=dict)  # extra event data
    step: DossierStep | None = None  # the step the event is about
    target: Status | None = None  # one of rule.also, when the body decides the dossier goes there instead
    after_commit: list = field(default_factory=list)
    _calendars: dict = field(default_factory=dict)

    def calendar(self, agency: Agency) -> engine.CompiledCalendar:
        """The agency's compiled working calendar, looked up once per action."""
        if agency.pk not in self._calendars:
            self._calendars[agency.pk] = compiled_calendar(calendar_for_agency(agency))
        return self._calendars[agency.pk]


def dossier_action(action: Action):
    rule = RULES[action]

    def decorate(body):
        @functools.wraps(body)
        def run(dossier: Dossier | None = None, *, actor, version: int | None = None, now=None, comment="", **kw):
            now = now or timezone.now()
            with transaction.atomic():
                current = None
                if dossier is not None:
                    current = Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency").get(
                        pk=dossier.pk
                    )
                    expected = dossier.version if version is None else version
                    if current.version != expected:
                        raise StaleVersion(current.version)
                source = current.status if current is not None else None
                if source not in rule.sources:
                    raise ProblemError(
                        ErrorCode.ILLEGAL_TRANSITION,
                        _("“%(action)s” is not allowed when the dossier is “%(status)s”.")
                        % {"action": action.label, "status": Status(source).label if source else "—"},
                        status=409,
                    )
                ctx = Ctx(action, rule, actor, now, current, comment=comment)
                _authorise(ctx, kw)
                created = body(ctx, **kw)
                if current is None:
                    current = ctx.dossier = created
                target = rule.target if rule.target is not None else source
                if ctx.target is not None:
                    assert ctx.target in rule.also, f"{action} cannot lead to {ctx.target}"
                    target = ctx.target
                if source is not None:
                    if target != source:
                        ctx.changes["status"] = target
                    compare_and_set(current, current.version, **ctx.changes)
                event = DossierEvent.append(
                    current,
                    new_stream=source is None,  # created by this action, in this transaction
                    kind=action.value,
                    actor=actor,
                    at=now,
                    data={"comment": comment, **ctx.data} if comment else ctx.data,
                    from_status=source,
                    to_status=target,
                    step=ctx.step,
                )
                for handler in EVENT_SUBSCRIBERS:
                    handler(current, event)
                for hook in ctx.after_commit:
                    transaction.on_commit(hook)
            return current

        run.rule = rule
        run.action = action
        return run

    return decorate


def _forbid(code: ErrorCode, detail: str) -> ProblemError:
    return ProblemError(code, detail, status=403)


def _acting_agency(ctx: Ctx, kw: dict) -> Agency | None:
    """The agency in whose name the action is taken: where the desk sits, or who holds the dossier."""
    if ctx.dossier is None:
        return kw.get("agency")
    if ctx.action in (Action.RECEIVE, Action.REFUSE, Action.ASSIGN, Action.RETURN_RESULT):
        return ctx.dossier.receiving_agency
    if ctx.action in (Action.SUPPLEMENT_RECEIVED, Action.PAYMENT_DONE, Action.WITHDRAW):
        # The applicant brings papers or payment to either desk, or the holding agency records it.
        return ctx.dossier.handling_agency
    return ctx.dossier.handling_agency


def _authorise(ctx: Ctx, kw: dict) -> None:
    actor, rule = ctx.actor, ctx.rule
    if not actor.is_authenticated:
        raise _forbid(ErrorCode.FORBIDDEN_ROLE, _("Sign in first."))
    if Role.CITIZEN in rule.roles:
        if ctx.dossier is None:  # submitting online: any signed-in person may apply
            return
        if ctx.dossier.applicant_id == actor.pk:
            return
    officer_roles = rule.roles - {Role.CITIZEN}
    held = memberships_of(actor)
    roles = user_roles(actor, memberships=held)
    if not officer_roles or not (roles & {r.value for r in officer_roles}):
        raise _forbid(ErrorCode.FORBIDDEN_ROLE, _("Your role does not allow this action."))
    agency = _acting_agency(ctx, kw)
    extra = {ctx.dossier.receiving_agency_id} if ctx.dossier is not None else set()
    allowed = agency_ids_for(actor, officer_roles, memberships=held)
    if agency is None or not ({agency.pk} | (extra if ctx.action == Action.WITHDRAW else set())) & allowed:
        raise _forbid(ErrorCode.OUT_OF_SCOPE, _("The dossier is not held by your agency."))
    step = ctx.dossier.current_step if ctx.dossier is not None else None
    if (
        step is not None
        and step.holder_id
        and step.holder_id != actor.pk
        and ctx.action in (Action.FORWARD, Action.SEND_BACK)
        and Role.LEADER.value not in roles
    ):
        raise _forbid(ErrorCode.NOT_HOLDER, _("Another officer holds this step."))


# --- helpers (private; bodies compose these) ---------------------------------------------------------------
def _duration(procedure) -> engine.Duration:
    if procedure.time_unit == engine.DurationKind.SAME_DAY:
        return engine.Duration.same_day()
    return engine.Duration(engine.DurationKind(procedure.time_unit), procedure.time_value)


def _check_procedure(procedure, day, *, online: bool) -> None:
    if procedure.status != ProcedureStatus.ACTIVE or not procedure.is_valid_on(day):
        raise ProblemError(
            ErrorCode.PROCEDURE_UNAVAILABLE,
            _("The procedure %(code)s is not available.") % {"code": procedure.code},
            status=422,
            invalid_params=[InvalidParam("procedure", "unavailable", _("Suspended or not in force"))],
        )
    if online and procedure.online_level == OnlineLevel.NONE:
        raise ProblemError(
            ErrorCode.NOT_ONLINE,
            _("The procedure %(code)s is not offered online.") % {"code": procedure.code},
            status=422,
            invalid_params=[InvalidParam("procedure", "not_online", _("Not offered online"))],
        )


def _code_prefix(agency: Agency, day) -> str:
    """`{agency code}-{yyMMdd}` by default (national portal convention); settings.DOSSIER_CODE_PREFIX."""
    return settings.DOSSIER_CODE_PREFIX.format(agency=agency.code, date=day)


_INCREMENT_SQL = 'UPDATE "dossiers_dossiersequence" SET "value" = "value" + 1 WHERE "key" = %s RETURNING "value"'


def _increment(prefix: str) -> int | None:
    """The counter of `prefix` plus one, in one statement (UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35);
    None when the counter does not exist yet."""
    with connection.cursor() as cursor:
        cursor.execute(_INCREMENT_SQL, [prefix])
        row = cursor.fetchone()
    return row[0] if row else None


def _next_sequence(prefix: str) -> int:
    """Take the next number of `prefix` (see DossierSequence): gap-free, and safe under concurrency on
    SQLite and PostgreSQL alike (a row-level UPDATE, no advisory lock)."""
    taken = _increment(prefix)
    if taken is not None:
        return taken
    # First dossier of the day at this agency: start after any code already given (e.g. imported data).
    start = (Dossier.objects.filter(sequence_key=prefix).aggregate(m=Max("sequence"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            DossierSequence.objects.create(key=prefix, value=start)
            return start
    except IntegrityError:  # a concurrent first receipt created it: take the next number instead
        return _increment(prefix)


def _create_with_code(agency: Agency, day, **fields) -> Dossier:
    """Insert a dossier coded with the next daily sequence of its receiving agency (unique, gap-free).

    The unique constraint on (sequence_key, sequence) stays as the last guard: if it ever fires (a code
    given outside this function), the counter moves on and we try again.
    """
    prefix = _code_prefix(agency, day)
    for _attempt in range(CODE_ATTEMPTS):
        seq = _next_sequence(prefix)
        code = settings.DOSSIER_CODE_PATTERN.format(prefix=prefix, seq=seq)
        try:
            with transaction.atomic():
                return Dossier.objects.create(code=code, sequence_key=prefix, sequence=seq, **fields)
        except IntegrityError:
            continue
    raise ProblemError(ErrorCode.CODE_EXHAUSTED, _("No dossier code could be allocated; try again."), status=503)


def _process_for(procedure, agency: Agency, day):
    from motcua.procedures.models import Process

    process = (
        Process.objects.filter(procedure=procedure, agency=agency)
        .exclude(valid_from__gt=day)
        .exclude(valid_to__lte=day)
        .prefetch_related("steps")
        .order_by("-valid_from")
        .first()
    )
    if process is None:
        raise ProblemError(
            ErrorCode.NO_PROCESS,
            _("%(agency)s has no process for procedure %(code)s.") % {"agency": agency.name, "code": procedure.code},
            status=422,
        )
    return process


def resolve_step_agency(process_step, receiving: Agency) -> Agency:
    """The agency that handles a process step: named, or found by kind and level near the receiving one."""
    if process_step.handler_agency_id:
        return process_step.handler_agency
    if not process_step.handler_kind:
        return receiving
    from motcua.divisions.selectors import province_of, valid_on

    day = timezone.localdate()
    candidates = Agency.objects.filter(valid_on(day), kind=process_step.handler_kind)
    if process_step.handler_tier:
        candidates = candidates.filter(tier=process_step.handler_tier)
    same_unit = candidates.filter(unit=receiving.unit).order_by("code").first()
    if same_unit is not None:
        return same_unit
    province = province_of(receiving.unit)
    found = (
        candidates.filter(unit=province).order_by("code").first()
        or candidates.filter(unit__parent=province).order_by("code").first()
    )
    return found or receiving


def _check_holder(holder, agency: Agency, role: str) -> None:
    """A step may be given only to someone who holds the step's role in the step's agency."""
    if holder is not None and agency.pk not in agency_ids_for(holder, {role}):
        raise ProblemError(
            ErrorCode.HOLDER_NOT_ELIGIBLE,
            _("%(user)s is not a %(role)s of %(agency)s.")
            % {"user": holder, "role": Role(role).label, "agency": agency},
            status=422,
            invalid_params=[InvalidParam("to_user", "not_eligible", _("Not an officer of that agency and role"))],
        )


def _open_step(ctx: Ctx, dossier: Dossier, process_step, *, agency: Agency, holder=None) -> DossierStep:
    if process_step is not None:
        _check_holder(holder, agency, process_step.role)
    hours = Decimal(process_step.allotted_hours) if process_step is not None else Decimal(0)
    due = None
    if hours > 0:
        due = ctx.calendar(agency).add_working_time(ctx.now, timedelta(hours=float(hours)))
    step = DossierStep.objects.create(
        dossier=dossier,
        position=process_step.position if process_step is not None else 0,
        process_step=process_step,
        name=process_step.name if process_step is not None else _("Receive the dossier"),
        agency=agency,
        role=process_step.role if process_step is not None else Role.DESK_OFFICER,
        holder=holder,
        allotted_hours=hours,
        started_at=ctx.now,
        due_at=due,
    )
    ctx.changes.update(current_step=step, handling_agency=agency, holder=holder)
    ctx.step = step
    return step


def _close_step(ctx: Ctx, outcome: str) -> DossierStep | None:
    step = ctx.dossier.current_step
    if step is None or step.finished_at is not None:
        return None
    DossierStep.objects.filter(pk=step.pk).update(finished_at=ctx.now, outcome=outcome)
    ctx.changes.update(current_step=None)
    ctx.step = step
    return step


def _process_steps(dossier: Dossier) -> list:
    """The process's steps in order (from the prefetch cache when the process was just looked up)."""
    return sorted(dossier.process.steps.all(), key=lambda step: step.position) if dossier.process_id else []


def _pause(ctx: Ctx, status: Status, reason: str) -> None:
    Pause.objects.create(dossier=ctx.dossier, status=status, started_at=ctx.now, reason=reason)
    ctx.changes["paused_since"] = ctx.now


def _resume(ctx: Ctx) -> None:
    """Close the open pause and push the dossier's and the current step's due dates by the working time
    it lasted (time spent by the applicant is not counted)."""
    dossier = ctx.dossier
    pause = dossier.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
    if pause is None:
        return
    Pause.objects.filter(pk=pause.pk).update(ended_at=ctx.now)
    calendar = ctx.calendar(dossier.handling_agency)
    paused = calendar.working_time_between(pause.started_at, ctx.now)
    ctx.changes["paused_since"] = None
    ctx.data["paused_working_seconds"] = int(paused.total_seconds())
    if paused <= timedelta(0):
        return
    for name in ("due_at", "original_due_at"):
        value = getattr(dossier, name)
        if value is not None:
            ctx.changes[name] = calendar.add_working_time(value, paused)
    step = dossier.current_step
    if step is not None and step.due_at is not None:
        DossierStep.objects.filter(pk=step.pk).update(due_at=calendar.add_working_time(step.due_at, paused))


def _require(value: str, name: str) -> str:
    if not (value or "").strip():
        raise ProblemError(
            ErrorCode.REASON_REQUIRED,
            _("A reason is required."),
            invalid_params=[InvalidParam(name, "required", _("Required"))],
        )
    return value.strip()


def _applicant_fields(applicant: dict) -> dict:
    kind = applicant.get("kind", ApplicantKind.PERSON)
    name = (applicant.get("name") or "").strip()
    problems = []
    if not name:
        problems.append(InvalidParam("applicant.name", "required", _("Required")))
    citizen_id = (applicant.get("citizen_id") or "").strip()
    if citizen_id:
        try:
            citizen_id_validator(citizen_id)
        except ValidationError as exc:
            problems.append(InvalidParam("applicant.citizen_id", exc.code or "citizen_id", " ".join(exc.messages)))
    elif kind == ApplicantKind.PERSON:
        problems.append(InvalidParam("applicant.citizen_id", "required", _("Required")))
    if problems:
        raise ProblemError("invalid", _("The applicant's details are incomplete."), invalid_params=problems)
    return {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_citizen_id": citizen_id,
        "organisation_tax_code": applicant.get("tax_code", ""),
        "phone": applicant.get("phone", ""),
        "email": applicant.get("email", ""),
        "address_unit": applicant.get("address_unit"),
        "address_street": applicant.get("address_street", ""),
    }


def _check_documents(procedure, checked, *, attached) -> None:
    """Refuse a receipt that lacks a mandatory document (thành phần hồ sơ bắt buộc), naming each one."""
    present = set(checked) | set(attached)
    missing = [doc for doc in procedure.documents.filter(mandatory=True).order_by("position") if doc.pk not in present]
    if missing:
        raise ProblemError(
            ErrorCode.MISSING_DOCUMENTS,
            _("%(n)d mandatory document(s) are missing.") % {"n": len(missing)},
            status=422,
            invalid_params=[InvalidParam(f"documents.{doc.pk}", "missing", doc.name[:200]) for doc in missing],
        )


def _fees(procedure, *, pages: int = 1, copies: int = 1) -> Decimal:
    """The fees and charges due at submission, from the procedure's fee items (items set by the provincial
    People's Council without an amount are left to the desk)."""
    amounts = (item.compute(pages=pages, copies=copies) for item in procedure.fees.all())
    return sum((a for a in amounts if a is not None), Decimal(0))


def _start_clock(ctx: Ctx, dossier: Dossier) -> dict:
    calendar = ctx.calendar(dossier.receiving_agency)
    due = calendar.due_date(ctx.now, _duration(dossier.procedure))
    return {"received_at": ctx.now, "due_at": due, "original_due_at": due}


def _first_steps(dossier: Dossier):
    """(the reception step of the process or None, the steps after it)."""
    steps = _process_steps(dossier)
    if steps and steps[0].role == Role.DESK_OFFICER:
        return steps[0], steps[1:]
    return None, steps


# --- public actions -------------------------------------------------------------------------------------------
@dossier_action(Action.SUBMIT)
def submit(
    ctx: Ctx, *, procedure, agency: Agency, applicant: dict, form_data: dict | None = None, pages=1, copies=1
) -> Dossier:
    """A citizen submits online to `agency`; the desk receives it later (status 1, mới đăng ký)."""
    from motcua.procedures.forms import validate_form_data

    _check_procedure(procedure, timezone.localdate(ctx.now), online=True)
    validate_form_data(procedure, form_data or {})
    return _create_with_code(
        agency,
        timezone.localdate(ctx.now),
        procedure=procedure,
        channel=Channel.ONLINE,
        status=Status.NEW,
        applicant=ctx.actor,
        receiving_agency=agency,
        handling_agency=agency,
        form_data=form_data or {},
        fee_total=_fees(procedure, pages=pages, copies=copies),
        submitted_at=ctx.now,
        **_applicant_fields(applicant),
    )


@dossier_action(Action.RECEIVE)
def receive(
    ctx: Ctx,
    *,
    procedure=None,
    agency: Agency | None = None,
    applicant: dict | None = None,
    channel: Channel = Channel.IN_PERSON,
    form_data: dict | None = None,
    applicant_user=None,
    pages: int = 1,
    copies: int = 1,
    documents_checked=(),
) -> Dossier | None:
    """The desk receives a dossier: an online one waiting (status 1), or one brought in person or by post.

    Every mandatory document of the procedure must be there: attached to the dossier, or checked on
    paper by the desk (`documents_checked`: ids of the procedure's RequiredDocument rows); otherwise the
    desk asks for a supplement or refuses. Starts the clock: the due date counts from now through the
    receiving agency's calendar.
    """
    ctx.data["documents_checked"] = sorted(int(pk) for pk in documents_checked)
    if ctx.dossier is None:
        _check_procedure(procedure, timezone.localdate(ctx.now), online=False)
        _check_documents(procedure, ctx.data["documents_checked"], attached=())
        dossier = _create_with_code(
            agency,
            timezone.localdate(ctx.now),
            procedure=procedure,
            channel=channel,
            status=Status.RECEIVED,
            applicant=applicant_user,
            receiving_agency=agency,
            handling_agency=agency,
            form_data=form_data or {},
            fee_total=_fees(procedure, pages=pages, copies=copies),
            submitted_at=ctx.now,
            **_applicant_fields(applicant or {}),
        )
        dossier.process = _process_for(procedure, agency, timezone.localdate(ctx.now))
        clock = _start_clock(ctx, dossier)
        ctx.dossier = dossier
        reception, _rest = _first_steps(dossier)
        step = _open_step(ctx, dossier, reception, agency=agency, holder=ctx.actor)
        Dossier.objects.filter(pk=dossier.pk).update(
            process=dossier.process, current_step=step, holder=ctx.actor, **clock
        )
        for name, value in clock.items():
            setattr(dossier, name, value)
        dossier.current_step, dossier.holder = step, ctx.actor
        ctx.changes.clear()
        return dossier
    dossier = ctx.dossier
    attached = dossier.documents.exclude(required_document=None).values_list("required_document_id", flat=True)
    _check_documents(dossier.procedure, ctx.data["documents_checked"], attached=attached)
    dossier.process = _process_for(dossier.procedure, dossier.receiving_agency, timezone.localdate(ctx.now))
    ctx.changes.update(process=dossier.process, **_start_clock(ctx, dossier))
    reception, _rest = _first_steps(dossier)
    _open_step(ctx, dossier, reception, agency=dossier.receiving_agency, holder=ctx.actor)
    return None


@dossier_action(Action.REFUSE)
def refuse(ctx: Ctx, *, reason: str, procedure=None, agency=None, applicant=None, channel=Channel.IN_PERSON):
    """Refuse to receive (phiếu từ chối tiếp nhận), with the reason the applicant is told."""
    ctx.data["reason"] = _require(reason, "reason")
    if ctx.dossier is None:
        return _create_with_code(
            agency,
            timezone.localdate(ctx.now),
            procedure=procedure,
            channel=channel,
            status=Status.NOT_RECEIVED,
            receiving_agency=agency,
            handling_agency=agency,
            submitted_at=ctx.now,
            finished_at=ctx.now,
            **_applicant_fields(applicant or {}),
        )
    ctx.changes["finished_at"] = ctx.now
    return None


@dossier_action(Action.ASSIGN)
def assign(ctx: Ctx, *, to_user=None):
    """The desk hands the dossier to the first handling step (possibly another agency's)."""
    _move(ctx, Action.ASSIGN, "forwarded", to_user)


def target_step(dossier: Dossier, action: Action):
    """The process step that ASSIGN, FORWARD or SEND_BACK would open on `dossier`, or None if there is none."""
    if action == Action.ASSIGN:
        rest = _first_steps(dossier)[1]
        return rest[0] if rest else None
    steps = _process_steps(dossier)
    current = dossier.current_step
    positions = [s.position for s in steps]
    index = positions.index(current.position) if current is not None and current.position in positions else -1
    target = index + (1 if action == Action.FORWARD else -1)
    first_handling = 1 if steps and steps[0].role == Role.DESK_OFFICER else 0
    if index < 0 or not (first_handling <= target < len(steps)):
        return None
    return steps[target]


def _move(ctx: Ctx, action: Action, outcome: str, to_user) -> None:
    dossier = ctx.dossier
    nxt = target_step(dossier, action)
    if nxt is None:
        raise ProblemError(ErrorCode.NO_NEXT_STEP, _("There is no step to move to."), status=409)
    _close_step(ctx, outcome)
    _open_step(ctx, dossier, nxt, agency=resolve_step_agency(nxt, dossier.receiving_agency), holder=to_user)


@dossier_action(Action.FORWARD)
def forward(ctx: Ctx, *, to_user=None):
    """Hand the dossier to the next step of its process (to another agency on an inter-agency step)."""
    _move(ctx, Action.FORWARD, "forwarded", to_user)


@dossier_action(Action.SEND_BACK)
def send_back(ctx: Ctx, *, to_user=None):
    _require(ctx.comment, "comment")
    _move(ctx, Action.SEND_BACK, "sent_back", to_user)


@dossier_action(Action.REQUEST_SUPPLEMENT)
def request_supplement(ctx: Ctx, *, reason: str, documents: list[str] | None = None):
    """Ask for missing papers, once and in full (phiếu yêu cầu bổ sung); the clock stops."""
    ctx.data.update(reason=_require(reason, "reason"), documents=documents or [])
    _pause(ctx, Status.SUPPLEMENT, reason)


@dossier_action(Action.SUPPLEMENT_RECEIVED)
def supplement_received(ctx: Ctx):
    """The applicant completed the dossier: the clock resumes; a dossier never received goes back to the
    desk's list of dossiers to receive (its clock starts at receipt)."""
    _resume(ctx)
    if ctx.dossier.received_at is None:
        ctx.target = Status.NEW


@dossier_action(Action.REQUIRE_PAYMENT)
def require_payment(ctx: Ctx, *, amount, reason: str = ""):
    """Ask for the financial obligation (e.g. land-use tax); the clock stops until it is paid."""
    ctx.data.update(amount=str(amount), reason=reason)
    _pause(ctx, Status.FINANCIAL, reason)


@dossier_action(Action.PAYMENT_DONE)
def payment_done(ctx: Ctx, *, reference: str = ""):
    ctx.data["reference"] = reference
    _resume(ctx)


def _end(ctx: Ctx, outcome: str) -> None:
    if ctx.dossier.status in PAUSED_STATUSES:
        Pause.objects.filter(dossier=ctx.dossier, ended_at__isnull=True).update(ended_at=ctx.now)
        ctx.changes["paused_since"] = None
    _close_step(ctx, outcome)
    ctx.changes.update(finished_at=ctx.now, holder=None)


@dossier_action(Action.WITHDRAW)
def withdraw(ctx: Ctx, *, reason: str = ""):
    """The applicant withdraws the dossier (công dân yêu cầu rút hồ sơ)."""
    ctx.data["reason"] = reason
    _end(ctx, "withdrawn")


@dossier_action(Action.STOP)
def stop(ctx: Ctx, *, reason: str):
    """Stop processing, with the reason (thông báo dừng xử lý)."""
    ctx.data["reason"] = _require(reason, "reason")
    _end(ctx, "stopped")


@dossier_action(Action.FINISH)
def finish(ctx: Ctx):
    """The competent leader decides: the result is ready (đã xử lý xong). Timeliness is judged against the
    first appointment, so an extension never turns a late dossier into an on-time one."""
    dossier = ctx.dossier
    steps = _process_steps(dossier)
    current = dossier.current_step
    if steps and current is not None and current.position != steps[-1].position:
        raise ProblemError(ErrorCode.LAST_STEP_PENDING, _("The dossier has steps left to handle."), status=409)
    if current is not None and current.role not in user_roles(ctx.actor):
        # Whoever holds the last step's role closes it: the leader who signs, or the desk that hands back.
        raise _forbid(ErrorCode.FORBIDDEN_ROLE, _("Your role does not allow this action."))
    _close_step(ctx, "finished")
    calendar = ctx.calendar(dossier.handling_agency)
    timeliness = calendar.classify_finished(dossier.original_due_at or dossier.due_at, ctx.now)
    ctx.changes.update(
        finished_at=ctx.now, timeliness=timeliness.value, holder=None, handling_agency=dossier.receiving_agency
    )
    ctx.data["timeliness"] = timeliness.value


@dossier_action(Action.RETURN_RESULT)
def return_result(ctx: Ctx):
    ctx.changes["returned_at"] = ctx.now


@dossier_action(Action.EXTEND)
def extend(ctx: Ctx, *, new_due_at: datetime, apology: str):
    """Apologise and set a new appointment (phiếu xin lỗi và hẹn lại ngày trả kết quả), at most once.

    The dossier still counts as late in the statistics: `original_due_at` is kept.
    """
    dossier = ctx.dossier
    if dossier.extended:
        raise ProblemError(ErrorCode.ALREADY_EXTENDED, _("The dossier was already extended once."), status=409)
    if dossier.due_at is None:  # completing an online dossier before its receipt: no appointment yet
        raise ProblemError(ErrorCode.NO_APPOINTMENT, _("The dossier has no appointment yet."), status=409)
    ctx.data["apology"] = _require(apology, "apology")
    if new_due_at <= dossier.due_at:
        raise ProblemError(
            "invalid",
            _("The new appointment must be later than the current one."),
            invalid_params=[InvalidParam("new_due_at", "too_early", _("Must be after the current due date"))],
        )
    ctx.changes.update(due_at=new_due_at, extended=True)
    ctx.data["new_due_at"] = new_due_at.isoformat()


# --- system actions (no human actor) ---------------------------------------------------------------------
def retrying_on_stale(step, attempts: int = 3):
    """Run `step()` — re-read the dossier, decide, take one action with the version it read — in a savepoint,
    and once more if an officer changed the dossier in between (StaleVersion); after `attempts`, give up.
    For actions taken on an outside party's word (a paid callback, a delivered result)."""
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                return step()
        except StaleVersion:
            continue
    raise StaleVersion()


def note_system_event(dossier: Dossier, kind: str, *, data: dict, at=None, actor=None) -> DossierEvent:
    """Put an event that changes no status on the dossier's timeline (a postal status, a payment, …),
    inside the caller's transaction, and let the subscribers see it. `kind` must be registered with
    `constants.register_system_event` so that the timeline can name it."""
    from motcua.dossiers.constants import SYSTEM_EVENTS

    if kind not in SYSTEM_EVENTS:
        raise ValueError(f"unregistered system event {kind!r}")
    event = DossierEvent.append(
        dossier,
        kind=kind,
        actor=actor,
        at=at or timezone.now(),
        data=data,
        from_status=dossier.status,
        to_status=dossier.status,
    )
    for handler in EVENT_SUBSCRIBERS:
        handler(dossier, event)
    return event


def mark_overdue(*, now: datetime | None = None, batch: int = 500) -> int:
    """Record, once per dossier, the moment an open dossier passed its appointment, and who held it then.

    The event names the agency, step and officer holding the dossier, so lateness is attributed to them
    (the leaders' view and the statistics read it). Idempotent: a dossier already marked is skipped.
    Paused dossiers are not marked: their clock is stopped. Returns how many were marked.
    """
    now = now or timezone.now()
    candidates = (
        Dossier.objects.filter(status__in=OPEN_STATUSES - PAUSED_STATUSES, overdue_at__isnull=True, due_at__lt=now)
        .select_related("current_step", "holder", "handling_agency")
        .order_by("due_at")[:batch]
    )
    marked = 0
    for dossier in candidates:
        with transaction.atomic():
            updated = Dossier.objects.filter(pk=dossier.pk, version=dossier.version, overdue_at__isnull=True).update(
                overdue_at=dossier.due_at, version=dossier.version + 1
            )
            if not updated:
                continue  # changed meanwhile; the next sweep looks again
            step = dossier.current_step
            event = DossierEvent.append(
                dossier,
                kind=OVERDUE_EVENT,
                at=now,
                data={
                    "due_at": dossier.due_at.isoformat(),
                    "agency": dossier.handling_agency.code,
                    "holder": dossier.holder.username if dossier.holder_id else None,
                    "step": step.name if step is not None else None,
                },
                from_status=dossier.status,
                to_status=dossier.status,
                step=step,
            )
            for handler in EVENT_SUBSCRIBERS:
                handler(dossier, event)
            marked += 1
    return marked


@dossier_action(Action.ATTACH)
def attach(ctx: Ctx, *, file, name: str = "", kind: str = DocumentKind.APPLICATION, required_document=None):
    """Store a document of the dossier: a component from the applicant or the desk, a supplement, or a
    result from the handling agency. Checked by size and by content (see core.uploads); kept with its
    SHA-256 so that any later change to the stored file can be detected."""
    from motcua.core.uploads import inspect_upload

    dossier = ctx.dossier
    is_applicant = dossier.applicant_id == ctx.actor.pk and not (
        user_roles(ctx.actor) & {r.value for r in ctx.rule.roles - {Role.CITIZEN}}
    )
    if is_applicant and (dossier.status not in (Status.NEW, Status.SUPPLEMENT) or kind == DocumentKind.RESULT):
        raise _forbid(ErrorCode.ATTACH_NOT_ALLOWED, _("You cannot add documents to this dossier now."))
    if kind == DocumentKind.RESULT and dossier.status not in (Status.PROCESSING, Status.DONE):
        raise ProblemError(ErrorCode.ATTACH_NOT_ALLOWED, _("A result is attached while or after processing."), 409)
    info = inspect_upload(file)
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        required_document=required_document,
        name=(name or getattr(file, "name", "") or "document")[:300],
        sha256=info.sha256,
        size=info.size,
        content_type=info.content_type,
        uploaded_by=ctx.actor,
    )
    document.file.save(f"{dossier.code}-{info.sha256[:16]}", file, save=False)
    document.save()
    # The file is written before the transaction commits; if it rolls back, an orphan file remains with
    # no row pointing to it (harmless; a clean-up command can remove such files). Never the reverse.
    ctx.data.update(document=document.pk, name=document.name, sha256=info.sha256, size=info.size, kind=kind)
