"""Read queries about people and their roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from motcua.accounts.models import Membership, User
from motcua.accounts.permissions import agency_ids_for


def holds_role_at(user: User | None, agency_id: int, roles: Iterable[str]) -> bool:
    """`user` is active and holds one of `roles` at the agency (or at an agency above it)."""
    return user is not None and user.is_active and agency_id in agency_ids_for(user, set(roles))


def _current_memberships(agency_id: int, role: str, on=None):
    day = on or timezone.localdate()
    return (
        Membership.objects.filter(agency_id=agency_id, role=role, user__is_active=True)
        .exclude(valid_from__gt=day)
        .exclude(valid_to__lte=day)
        .select_related("user")
    )


def first_member(agency_id: int, roles: Iterable[str], on=None) -> User | None:
    """The longest-serving active member of the agency in the first of `roles` that has one (today's
    memberships): the officer in whose name the system records what an outside party confirmed."""
    for role in roles:
        membership = _current_memberships(agency_id, role, on).order_by("id").first()
        if membership is not None:
            return membership.user
    return None


def members_of(agency_id: int, role: str, on=None) -> list[User]:
    """The active officers holding `role` in the agency today, by name."""
    memberships = _current_memberships(agency_id, role, on).order_by("user__full_name", "user__username")
    return [m.user for m in memberships]
