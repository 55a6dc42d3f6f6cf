"""The site menu: public sections for everyone, work sections by role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    roles: frozenset = frozenset()  # empty: everyone


MENU = (
    Item(_("Procedures"), "portal:catalogue"),
    Item(_("Look up a dossier"), "portal:lookup"),
    Item(_("My dossiers"), "portal:my-dossiers", frozenset({Role.CITIZEN})),
    Item(_("Published information"), "portal:published"),  # công khai: figures, timeliness, reform plan, PAR
    Item(_("Feedback"), "feedback:submit"),  # phản ánh, kiến nghị
    Item(_("Recruitment"), "recruitment:rounds"),
    Item(_("Officer desk"), "desk:queue", frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})),
    Item(
        _("Statistics"),
        "reports:dossier-stats",
        frozenset(
            {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN, Role.PROVINCE_ADMIN, Role.REFORM_STAFF}
        ),
    ),
    Item(_("Administrative reform"), "reform:dashboard", frozenset({Role.REFORM_STAFF, Role.PROVINCE_ADMIN})),
    Item(_("Administrative reform"), "reform:agency", frozenset({Role.LEADER, Role.AGENCY_ADMIN})),
    Item(_("Staffing"), "personnel:dashboard", frozenset({Role.PERSONNEL_STAFF, Role.PROVINCE_ADMIN})),
)


def menu_for(request) -> list[dict]:
    from motcua.accounts.permissions import user_roles

    roles = user_roles(request.user) if request.user.is_authenticated else set()
    items = []
    for item in MENU:
        if item.roles and not (roles & {r.value for r in item.roles}):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # a section not installed in this deployment
            continue
        items.append({"label": item.label, "url": url, "current": request.path.startswith(url) and url != "/"})
    return items
