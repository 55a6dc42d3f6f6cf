"""Optimistic locking with a version column: a conditional UPDATE that works on SQLite and PostgreSQL.

`UPDATE … SET version = version + 1, … WHERE id = … AND version = …` changes one row or none; none
means someone else changed the row first and the caller gets a 409 (healthchecks' compare-and-set).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidParam, ProblemError


class StaleVersion(ProblemError):
    def __init__(self, current: int | None = None):
        super().__init__(
            code="stale_version",
            detail=_("Someone else changed this record first. Reload it and try again."),
            status=409,
            invalid_params=[InvalidParam("version", "stale", _("Current version is %s") % current)]
            if current is not None
            else [],
        )


def compare_and_set(instance: models.Model, expected_version: int, **changes) -> None:
    """Write `changes` to `instance` only if its stored version is still `expected_version`.

    On success the instance carries the new values and version; otherwise StaleVersion (409).
    """
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise StaleVersion(current)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1
