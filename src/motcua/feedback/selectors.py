"""Read queries of feedback: who sees what, the inbox with its counts, the public follow-up and published list,
the time limit in force, and per-agency counts for the reform monitoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.permissions import agency_ids_for, has_province_scope, memberships_of, scope_queryset
from motcua.feedback.constants import ANSWER_ROLES, OPEN, ROUTER_ROLES, VIEW_ROLES, Kind, Stage, Status
from motcua.feedback.models import Feedback, FeedbackEvent, TimeLimit
from motcua.procedures.text import normalise, unaccent
from motcua.workdays.engine import OpenStatus
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar, default_calendar


# --- rules -------------------------------------------------------------------------------------------------------
def time_limit(stage: Stage | str, kind: Kind | str, on: date) -> TimeLimit | None:
    """The row in force on `on` for (stage, kind): a kind's own row wins over the all-kinds row."""
    rows = TimeLimit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        stage=stage,
        kind__in=[kind, ""],
    )
    return min(rows, key=lambda r: (r.kind == "", -(r.valid_from.toordinal() if r.valid_from else 0)), default=None)


def calendar_of(agency=None):
    """The compiled working calendar of `agency`, or the province's when none is given (before routing)."""
    return compiled_calendar(calendar_for_agency(agency) if agency is not None else default_calendar())


# --- who sees what -----------------------------------------------------------------------------------------------
def is_router(user, memberships=None) -> bool:
    return has_province_scope(user, ROUTER_ROLES, memberships=memberships)


def is_staff_reader(user) -> bool:
    """An officer who has a feedback inbox: a router, or an officer of an agency."""
    held = memberships_of(user)
    return is_router(user, held) or bool(agency_ids_for(user, VIEW_ROLES, memberships=held))


def visible(user) -> QuerySet[Feedback]:
    """Routers see everything; officers the items routed to their agencies (and sub-agencies); a citizen their own."""
    return scope_queryset(
        user,
        Feedback.objects.select_related("agency__unit__parent__parent", "procedure", "concerned_agency"),
        agency_field="agency",
        owner_field="author_user",
        roles=VIEW_ROLES,
        province_wide_roles=ROUTER_ROLES,
    )


def can_answer(user, feedback: Feedback) -> bool:
    """Officers with an answering role in the responsible agency or in one of its parents."""
    return feedback.agency_id is not None and feedback.agency_id in agency_ids_for(user, ANSWER_ROLES)


def for_staff(user, code: str) -> Feedback | None:
    return visible(user).filter(code=code).first()


def events_of(feedback: Feedback) -> QuerySet[FeedbackEvent]:
    return feedback.events.select_related("actor").order_by("seq")


# --- inbox -------------------------------------------------------------------------------------------------------
INBOX_KEYS = ("to_route", "to_answer", "due_soon", "overdue", "answered", "rejected")


def open_state(feedback: Feedback, now: datetime | None = None, calendars: dict | None = None) -> str | None:
    """in_time / due_soon / overdue for an open item (counted in working days of the agency's calendar)."""
    due = feedback.due_at
    if due is None:
        return None
    key = feedback.agency_id if feedback.status == Status.ROUTED else None
    calendars = calendars if calendars is not None else {}
    if key not in calendars:
        calendars[key] = calendar_of(feedback.agency if key else None)
    return calendars[key].classify_open(due, now or timezone.now()).value


@dataclass
class Inbox:
    counts: dict[str, int]
    rows: list[tuple[Feedback, str | None]] = field(default_factory=list)


def inbox(user, key: str = "to_answer", q: str = "", now: datetime | None = None) -> Inbox:
    """The officer's feedback with the counts of every tab; `rows` are the items of tab `key`."""
    now = now or timezone.now()
    base = visible(user)
    if not is_router(user):
        base = base.filter(agency__isnull=False)  # a citizen's own items never land in an officer's inbox
    calendars: dict = {}
    open_items = [(f, open_state(f, now, calendars)) for f in base.filter(status__in=OPEN).order_by("received_at")]
    groups: dict[str, list] = {
        "to_route": [r for r in open_items if r[0].status == Status.RECEIVED],
        "to_answer": [r for r in open_items if r[0].status == Status.ROUTED],
        "due_soon": [r for r in open_items if r[1] == OpenStatus.DUE_SOON.value],
        "overdue": [r for r in open_items if r[1] == OpenStatus.OVERDUE.value],
    }
    counts = {k: len(v) for k, v in groups.items()}
    closed = {"answered": Q(status__in=[Status.ANSWERED, Status.PUBLISHED]), "rejected": Q(status=Status.REJECTED)}
    for name, condition in closed.items():
        counts[name] = base.filter(condition).count()
    if key in groups:
        rows = groups[key]
    else:
        rows = [(f, None) for f in base.filter(closed.get(key, Q(pk__in=[]))).order_by("-received_at")[:200]]
    if q:
        needle = unaccent(q).lower()
        rows = [r for r in rows if needle in unaccent(f"{r[0].code} {r[0].subject}").lower()]
    return Inbox(counts, rows)


# --- public ------------------------------------------------------------------------------------------------------
def public_followup(code: str) -> Feedback | None:
    """The item with this code, for the public follow-up page (the caller shows no personal data)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Feedback.objects.select_related("agency", "answer", "answer__agency").filter(code=code).first()


def published(q: str = "", agency_id: int | None = None) -> QuerySet[Feedback]:
    """Published answers, newest first; `q` searches subject, question and answer."""
    qs = Feedback.objects.filter(status=Status.PUBLISHED).select_related("agency", "answer__agency", "procedure")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    for word in normalise(q or "").split():  # diacritics-insensitive: "chung thuc" finds "chứng thực"
        qs = qs.filter(Q(search_text__contains=word) | Q(procedure__code=word))
    return qs.order_by("-published_at")


# --- reform monitoring -------------------------------------------------------------------------------------------
@dataclass
class AgencyCounts:
    received: int = 0  # routed to the agency during the year (in scope)
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    open_overdue: int = 0  # still unanswered past the time limit

    @property
    def on_time_rate(self):
        from decimal import Decimal

        judged = self.answered + self.open_overdue
        if not judged:
            return None
        return (Decimal(100) * self.answered_on_time / judged).quantize(Decimal("0.01"))


def agency_counts(year: int, agency_ids=None, now: datetime | None = None) -> dict[int, AgencyCounts]:
    """Per responsible agency: items routed to it in `year`, answered on time or late, and overdue unanswered."""
    now = now or timezone.now()
    qs = Feedback.objects.filter(routed_at__year=year, agency__isnull=False).exclude(status=Status.REJECTED)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    out: dict[int, AgencyCounts] = {}
    for agency_id, answered_at, due in qs.values_list("agency_id", "answered_at", "answer_due_at"):
        row = out.setdefault(agency_id, AgencyCounts())
        row.received += 1
        if answered_at is not None:
            row.answered += 1
            if due is None or answered_at <= due:
                row.answered_on_time += 1
            else:
                row.answered_late += 1
        elif due is not None and now > due:
            row.open_overdue += 1
    return out
