"""Shared model primitives."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EffectiveDated(models.Model):
    """A row of a rule or a unit that is valid from a date and, optionally, until (exclusive) a date."""

    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Exclusive end date; empty = still valid.")

    class Meta:
        abstract = True

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class IdempotencyRecord(models.Model):
    """The stored answer to a write sent with an Idempotency-Key (see core/idempotency.py)."""

    scope = models.CharField(max_length=80)
    owner = models.CharField(max_length=80, help_text="Who sent it: user id, or an API client id.")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "owner", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.owner}:{self.key}"


from motcua.core.audit import AuditEvent  # noqa: E402 — registered with the core app

__all__ = ["AuditEvent", "EffectiveDated", "IdempotencyRecord", "TimeStampedModel"]
