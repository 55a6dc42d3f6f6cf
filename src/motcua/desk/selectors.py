"""What an officer's desk shows: the queues, with their counts, scoped to the officer's agencies."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for, memberships_of, user_roles
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.constants import OPEN_STATUSES, Status
from motcua.workdays.selectors import compiled_calendar, default_calendar

QUEUES = ("to_receive", "mine", "agency", "due_soon", "overdue", "done")


@dataclass(frozen=True)
class Queue:
    key: str
    count: int


def is_officer(user) -> bool:
    return user.is_authenticated and bool(
        user_roles(user) & {Role.DESK_OFFICER.value, Role.SPECIALIST.value, Role.LEADER.value}
    )


def queue(user, key: str, now=None) -> QuerySet:
    """One queue of the desk: online dossiers waiting for receipt, steps I hold, my agencies' open dossiers,
    due soon, overdue, and finished ones waiting to be handed back."""
    now = now or timezone.now()
    visible = dossier_selectors.dossiers_for(user)
    held = memberships_of(user)
    if key == "to_receive":
        desks = agency_ids_for(user, {Role.DESK_OFFICER}, memberships=held)
        return visible.filter(status=Status.NEW, receiving_agency__in=desks).order_by("submitted_at")
    if key == "mine":
        return visible.filter(status__in=OPEN_STATUSES, holder=user).order_by("due_at")
    if key == "agency":
        return visible.filter(status__in=OPEN_STATUSES).order_by("due_at")
    if key == "due_soon":
        return dossier_selectors.due_soon(user, compiled_calendar(default_calendar()), now=now)
    if key == "overdue":
        return dossier_selectors.overdue(user, now=now)
    if key == "done":
        desks = agency_ids_for(user, {Role.DESK_OFFICER}, memberships=held)
        return visible.filter(status=Status.DONE, receiving_agency__in=desks).order_by("finished_at")
    raise KeyError(key)


def queues(user, now=None) -> list[Queue]:
    return [Queue(key, queue(user, key, now).count()) for key in QUEUES]


@dataclass(frozen=True)
class Handover:
    """Where ASSIGN, FORWARD or SEND_BACK would take a dossier, and who may be given it there."""

    step_name: str
    agency: object
    role: str
    candidates: list


def handover(dossier, action) -> Handover | None:
    """The target step of a hand-over action and the officers eligible to hold it (right role, that agency)."""
    from motcua.accounts.selectors import members_of
    from motcua.dossiers.actions import resolve_step_agency, target_step

    step = target_step(dossier, action)
    if step is None:
        return None
    agency = resolve_step_agency(step, dossier.receiving_agency)
    return Handover(step.name, agency, step.role, members_of(agency.pk, step.role))


def leader_board(user, now=None) -> dict:
    """What a leader watches in the agencies they lead: open dossiers overdue and due soon, per agency and per
    officer holding them now; apology letters issued this year; and who held dossiers when they went overdue."""
    from django.db.models import Count, Q

    now = now or timezone.now()
    ids = agency_ids_for(user, {Role.LEADER, Role.AGENCY_ADMIN})
    overdue_ids = dossier_selectors.overdue(user, now=now).filter(handling_agency__in=ids).values("id")
    soon_ids = (
        dossier_selectors.due_soon(user, compiled_calendar(default_calendar()), now=now)
        .filter(handling_agency__in=ids)
        .values("id")
    )
    held = (
        dossier_selectors.in_progress(user)
        .filter(handling_agency__in=ids)
        .values("handling_agency__name", "holder__username", "holder__full_name")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(id__in=overdue_ids)),
            due_soon=Count("id", filter=Q(id__in=soon_ids)),
        )
        .filter(Q(overdue__gt=0) | Q(due_soon__gt=0))
        .order_by("-overdue", "-due_soon", "handling_agency__name", "holder__username")
    )
    apologies = (
        dossier_selectors.dossiers_for(user)
        .filter(receiving_agency__in=ids, extended=True, received_at__year=timezone.localdate().year)
        .order_by("-due_at")
    )
    return {
        "held": list(held),
        "overdue": dossier_selectors.overdue(user, now=now).filter(handling_agency__in=ids)[:50],
        "apologies": apologies[:50],
        "apology_count": apologies.count(),
        "history": dossier_selectors.lateness_by_holder(ids),
        "led": bool(ids),
    }
