"""Who may see what: one helper scopes any queryset to a user.

- an officer sees rows of the agencies where they hold one of the given roles, and of those agencies'
  sub-agencies (a department sees its branches);
- a province-wide role (province administrator) sees every row;
- a citizen sees the rows they own (`owner_field`);
- anyone else sees nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextvars import ContextVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.constants import DOSSIER_ROLES, PROVINCE_WIDE_ROLES, Role


def _active_memberships(user, on=None):
    day = on or timezone.localdate()
    return user.memberships.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gt=day),
    )


# Memberships read during one web request (set by accounts.middleware.RequestMemberships): a page asks several
# questions about the same user; outside a request (commands, tasks, tests calling actions) nothing is kept.
_request_memberships: ContextVar[dict | None] = ContextVar("request_memberships", default=None)


def memberships_of(user, on=None) -> list[tuple[str, int]]:
    """(role, agency id) of every membership the user holds on `on` (today): one query, once per web request.
    Pass the result to the functions below when asking several questions about one user."""
    if not user.is_authenticated:
        return []
    cache = _request_memberships.get()
    key = (user.pk, on or timezone.localdate())
    if cache is not None and key in cache:
        return cache[key]
    held = list(_active_memberships(user, on).values_list("role", "agency_id"))
    if cache is not None:
        cache[key] = held
    return held


def user_roles(user, on=None, memberships=None) -> set[str]:
    """Every role the user holds today; a signed-in user without membership is a citizen."""
    if not user.is_authenticated:
        return set()
    held = memberships if memberships is not None else memberships_of(user, on)
    return {role for role, _agency in held} or {Role.CITIZEN.value}


def has_province_scope(
    user, province_wide_roles: Iterable[str] = PROVINCE_WIDE_ROLES, on=None, memberships=None
) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    held = memberships if memberships is not None else memberships_of(user, on)
    wide = set(province_wide_roles)
    return any(role in wide for role, _agency in held)


# Agency tree (parent → children), cached per process: agencies change rarely. Saving or deleting an agency
# clears it in this process (signals in accounts/apps.py); other processes see the change within the TTL.
_TREE_TTL = 60.0
_tree: tuple[float, dict[int, list[int]]] | None = None


def clear_agency_tree() -> None:
    global _tree
    _tree = None


def _agency_children() -> dict[int, list[int]]:
    global _tree
    from motcua.divisions.models import Agency

    now = time.monotonic()
    if _tree is None or now - _tree[0] > _TREE_TTL:
        children: dict[int, list[int]] = {}
        for pk, parent_id in Agency.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        _tree = (now, children)
    return _tree[1]


def agency_ids_for(user, roles: Iterable[str] = DOSSIER_ROLES, on=None, memberships=None) -> set[int]:
    """Ids of the agencies (with their sub-agencies) where the user holds one of `roles`."""
    if not user.is_authenticated:
        return set()
    wanted = set(roles)
    held = memberships if memberships is not None else memberships_of(user, on)
    roots = {agency for role, agency in held if role in wanted}
    if not roots:
        return set()
    children = _agency_children()
    seen, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in seen:
            seen.add(pk)
            stack.extend(children.get(pk, ()))
    return seen


def scope_queryset(
    user,
    queryset: QuerySet,
    *,
    agency_field: str | tuple[str, ...] | None = "agency",
    owner_field: str | None = None,
    roles: Iterable[str] = DOSSIER_ROLES,
    province_wide_roles: Iterable[str] = PROVINCE_WIDE_ROLES,
    on=None,
) -> QuerySet:
    """`queryset` narrowed to what `user` may see.

    agency_field: path (or paths, any of which grants access) to the agency that holds a row, through
        foreign keys only (None if rows have no agency);
    owner_field: path to the user who owns a row (the applicant), for citizens;
    roles: the officer roles that grant access to these rows in their agencies.
    """
    if not user.is_authenticated:
        return queryset.none()
    held = memberships_of(user, on)
    if has_province_scope(user, province_wide_roles, memberships=held):
        return queryset
    condition = Q(pk__in=[])
    if agency_field:
        ids = agency_ids_for(user, roles, memberships=held)
        if ids:
            for path in (agency_field,) if isinstance(agency_field, str) else agency_field:
                condition |= Q(**{f"{path}__in": ids})
    if owner_field:
        condition |= Q(**{owner_field: user})
    return queryset.filter(condition)
