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
