"""The only code that changes feedback. Each action checks the actor and the status, runs in one transaction
and appends a hash-chained FeedbackEvent (who, when, what).

Flow (Decree 20/2008/NĐ-CP as amended by Decree 92/2017/NĐ-CP): anyone submits → the province's receiving
office routes it to the responsible agency (or rejects it as out of scope, with the reason) → the agency answers
within the time limit → the answer is published if the author agreed.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.concurrency import compare_and_set
from motcua.core.errors import InvalidParam, ProblemError
from motcua.feedback import selectors
from motcua.feedback.constants import CONTENT_MAX, SUBJECT_MAX, TRANSITIONS, ErrorCode, EventKind, Kind, Stage, Status
from motcua.feedback.models import Answer, Feedback, FeedbackEvent
from motcua.procedures.text import normalise
from motcua.workdays.engine import Duration

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def _problem(code: ErrorCode, detail: str, status: int = 400, param: str | None = None) -> ProblemError:
    params = [InvalidParam(param, code.value, detail)] if param else []
    return ProblemError(code.value, detail, status=status, invalid_params=params)


def _new_code(at: datetime) -> str:
    # PA = phản ánh; the date helps the desk on the phone; 6 random characters (32^6 ≈ 1e9) make codes unguessable
    # enough for a page that shows no personal data.
    return f"PA-{timezone.localtime(at):%y%m%d}-{''.join(secrets.choice(CODE_ALPHABET) for _ in range(6))}"


def _due(stage: Stage, kind: str, start: datetime, agency=None) -> datetime:
    limit = selectors.time_limit(stage, kind, timezone.localdate(start))
    if limit is None:
        raise _problem(ErrorCode.NO_TIME_LIMIT, _("No time limit is configured for this stage."), status=409)
    return selectors.calendar_of(agency).due_date(start, Duration.working_days(limit.working_days))


def _event(feedback: Feedback, kind: EventKind, actor, at, from_status="", data=None, new_stream=False):
    return FeedbackEvent.append(
        feedback,
        kind=kind.value,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=at,
        data=data or {},
        from_status=from_status,
        to_status=feedback.status,
        new_stream=new_stream,
    )


def _check_transition(feedback: Feedback, action: str) -> Status:
    allowed, target = TRANSITIONS[action]
    if feedback.status not in allowed:
        raise _problem(
            ErrorCode.WRONG_STATUS,
            _("This is not possible while the feedback is “%(status)s”.") % {"status": feedback.get_status_display()},
            status=409,
        )
    return target


def _require_router(actor) -> None:
    if actor is None or not selectors.is_router(actor):
        raise _problem(ErrorCode.NOT_ALLOWED, _("Only the province's receiving office may do this."), status=403)


def _change(feedback: Feedback, version: int | None, **changes) -> None:
    compare_and_set(feedback, feedback.version if version is None else version, **changes)


# --- submit ------------------------------------------------------------------------------------------------------
@transaction.atomic
def submit(
    *,
    actor=None,
    kind: str,
    subject: str,
    content: str,
    procedure=None,
    dossier_code: str = "",
    concerned_agency=None,
    author_name: str = "",
    author_phone: str = "",
    author_email: str = "",
    anonymous: bool = False,
    consent_publish: bool = False,
    honeypot: str = "",
    at: datetime | None = None,
) -> Feedback:
    """Anyone submits; returns the item with its follow-up code. Anonymous only for conduct reports."""
    if honeypot:
        raise _problem(ErrorCode.SPAM, _("The form was not filled in by a person."), param="website")
    subject, content = (subject or "").strip(), (content or "").strip()
    errors = []
    if kind not in Kind.values:
        errors.append(InvalidParam("kind", ErrorCode.INVALID.value, _("Choose what your feedback is about.")))
    if not subject or len(subject) > SUBJECT_MAX:
        errors.append(InvalidParam("subject", ErrorCode.INVALID.value, _("Give a short subject.")))
    if not content or len(content) > CONTENT_MAX:
        errors.append(
            InvalidParam(
                "content", ErrorCode.INVALID.value, _("Describe the matter (at most %d characters).") % CONTENT_MAX
            )
        )
    if errors:
        raise ProblemError(ErrorCode.INVALID.value, errors[0].reason, invalid_params=errors)
    user = actor if actor is not None and actor.is_authenticated else None
    if anonymous:
        # Decree 20/2008/NĐ-CP handles feedback from identified individuals and organisations; the province accepts
        # anonymous reports only about an officer's or agency's conduct (ASSUMED province practice).
        if kind != Kind.CONDUCT:
            raise _problem(
                ErrorCode.ANONYMOUS_NOT_ALLOWED,
                _("Only reports about an officer's or agency's conduct may be sent anonymously."),
                param="anonymous",
            )
        author_name = author_phone = author_email = ""
        user = None  # anonymity is real: not even the signed-in account is kept
    else:
        if user is not None:
            author_name = author_name or user.full_name or user.get_username()
            author_phone = author_phone or (user.phone or "")
            author_email = author_email or (user.email or "")
        author_name, author_phone, author_email = author_name.strip(), author_phone.strip(), author_email.strip()
        if not author_name or not (author_phone or author_email):
            raise _problem(
                ErrorCode.CONTACT_REQUIRED,
                _("Give your name and a phone number or e-mail address so the agency can answer you."),
                param="author_name" if not author_name else "author_phone",
            )
        if author_email:
            try:
                validate_email(author_email)
            except ValidationError:
                raise _problem(ErrorCode.INVALID, _("Enter a valid e-mail address."), param="author_email") from None
    at = at or timezone.now()
    fields = {
        "kind": kind,
        "subject": subject,
        "content": content,
        "procedure": procedure,
        "dossier_code": (dossier_code or "").strip()[:60],
        "concerned_agency": concerned_agency,
        "anonymous": bool(anonymous),
        "author_name": author_name[:200],
        "author_phone": author_phone[:20],
        "author_email": author_email,
        "author_user": user,
        "consent_publish": bool(consent_publish),
        "status": Status.RECEIVED,
        "received_at": at,
        "route_due_at": _due(Stage.ROUTE, kind, at),
    }
    for _attempt in range(5):  # a code collision (1 in 10^9) just draws again
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(code=_new_code(at), **fields)
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover
        raise _problem(ErrorCode.INVALID, _("Please try again."), status=409)
    _event(
        feedback, EventKind.SUBMITTED, user, at, data={"kind": kind, "anonymous": feedback.anonymous}, new_stream=True
    )
    return feedback


# --- route -------------------------------------------------------------------------------------------------------
@transaction.atomic
def route(*, actor, feedback: Feedback, agency, note: str = "", version: int | None = None, at=None) -> Feedback:
    """The province's receiving office sends the item to the responsible agency; its answer clock starts."""
    _require_router(actor)
    target = _check_transition(feedback, "route")
    at = at or timezone.now()
    before = feedback.status
    _change(
        feedback,
        version,
        status=target,
        agency=agency,
        routed_at=at,
        answer_due_at=_due(Stage.ANSWER, feedback.kind, at, agency),
    )
    _event(feedback, EventKind.ROUTED, actor, at, before, {"agency": agency.code, "note": note.strip()})
    return feedback


# --- answer ------------------------------------------------------------------------------------------------------
@transaction.atomic
def answer(*, actor, feedback: Feedback, text: str, legal_basis: str = "", version: int | None = None, at=None):
    """An officer of the responsible agency (or of a parent agency) answers."""
    if actor is None or not selectors.can_answer(actor, feedback):
        raise _problem(ErrorCode.NOT_ALLOWED, _("Only the responsible agency may answer this."), status=403)
    target = _check_transition(feedback, "answer")
    text = (text or "").strip()
    if not text:
        raise _problem(ErrorCode.INVALID, _("Write the answer."), param="text")
    at = at or timezone.now()
    before = feedback.status
    _change(feedback, version, status=target, answered_at=at)
    Answer.objects.create(
        feedback=feedback,
        agency=feedback.agency,
        text=text,
        legal_basis=legal_basis.strip()[:500],
        answered_by=actor,
        answered_at=at,
    )
    on_time = feedback.answer_due_at is None or at <= feedback.answer_due_at
    _event(feedback, EventKind.ANSWERED, actor, at, before, {"on_time": on_time})
    return feedback


# --- publish -----------------------------------------------------------------------------------------------------
@transaction.atomic
def publish(*, actor, feedback: Feedback, public_question: str = "", version: int | None = None, at=None):
    """Publish the answer on the portal — only if the author agreed (Decree 20/2008/NĐ-CP art. 20: a public
    database of feedback and answers). `public_question` is the question without personal details."""
    if actor is None or not (selectors.is_router(actor) or selectors.can_answer(actor, feedback)):
        raise _problem(ErrorCode.NOT_ALLOWED, _("You may not publish this answer."), status=403)
    target = _check_transition(feedback, "publish")
    if not feedback.consent_publish:
        raise _problem(ErrorCode.NO_CONSENT, _("The author did not agree to publish this answer."), status=409)
    at = at or timezone.now()
    before = feedback.status
    question = (public_question or "").strip() or feedback.content
    search_text = normalise(" ".join([feedback.code, feedback.subject, question, feedback.answer.text]))
    _change(feedback, version, status=target, published_at=at, public_question=question, search_text=search_text)
    _event(feedback, EventKind.PUBLISHED, actor, at, before)
    return feedback


# --- reject ------------------------------------------------------------------------------------------------------
@transaction.atomic
def reject(*, actor, feedback: Feedback, reason: str, version: int | None = None, at=None) -> Feedback:
    """Not within scope (e.g. a complaint or denunciation, which follow their own laws: Decree 20/2008/NĐ-CP
    art. 1); the reason is shown on the follow-up page."""
    _require_router(actor)
    target = _check_transition(feedback, "reject")
    reason = (reason or "").strip()
    if not reason:
        raise _problem(ErrorCode.INVALID, _("Say why the feedback is not handled."), param="reason")
    at = at or timezone.now()
    before = feedback.status
    _change(feedback, version, status=target, rejected_at=at, reject_reason=reason)
    _event(feedback, EventKind.REJECTED, actor, at, before, {"reason": reason})
    return feedback
