"""Append-only, hash-chained event streams.

Each event stores the SHA-256 of its own canonical content together with the hash of the event before
it in the same stream, so that editing or deleting any event breaks the chain from there on, and
`verify_stream` says where. Streams are per object (one dossier, one plan), so writers of different
objects never contend; two writers of the same stream collide on the unique (stream, seq) index and
the loser gets a 409, as with a stale version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError

GENESIS = "0" * 64


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def event_hash(prev_hash: str, payload: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(payload)).hexdigest()


class ChainedEvent(models.Model):
    """Abstract base for an event stream; subclasses add the stream field and name it in STREAM_FIELD."""

    STREAM_FIELD = "stream"
    HASHED_FIELDS = ("seq", "at", "actor_id", "kind", "data")

    seq = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=60)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        abstract = True

    def payload(self) -> dict:
        out = {name: getattr(self, name) for name in self.HASHED_FIELDS}
        out["at"] = self.at.astimezone(UTC).isoformat(timespec="microseconds")
        out[self.STREAM_FIELD] = str(getattr(self, f"{self.STREAM_FIELD}_id", None) or getattr(self, self.STREAM_FIELD))
        return out

    @classmethod
    def append(
        cls, stream, *, kind: str, actor=None, data: dict | None = None, at=None, new_stream=False, **fields
    ) -> ChainedEvent:
        """Add an event at the end of `stream`'s chain (inside the caller's transaction).

        `fields` are the subclass's own columns (listed in its HASHED_FIELDS to be covered by the hash).
        `new_stream=True` says the stream was created in this very transaction (no one else can write to
        it yet), which saves the look-up of the last event and the savepoint.
        """
        last = None
        if not new_stream:
            last = (
                cls._default_manager.filter(**{cls.STREAM_FIELD: stream}).order_by("-seq").values("seq", "hash").first()
            )
        event = cls(
            **{cls.STREAM_FIELD: stream},
            seq=(last["seq"] + 1) if last else 1,
            at=at or timezone.now(),
            actor=actor,
            kind=kind,
            data=json.loads(canonical(data or {})),
            prev_hash=last["hash"] if last else GENESIS,
            **fields,
        )
        event.hash = event_hash(event.prev_hash, event.payload())
        if new_stream:
            event.save(force_insert=True)
            return event
        try:
            with transaction.atomic():
                event.save(force_insert=True)
        except IntegrityError as exc:
            raise ProblemError(
                "concurrent_change",
                _("Someone else changed this record at the same moment. Reload it and try again."),
                status=409,
            ) from exc
        return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_at: int | None = None  # seq of the first event whose hash or link does not match


def verify_stream(model: type[ChainedEvent], stream) -> ChainCheck:
    """Recompute the chain of `stream` from its first event; report the first break."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for event in model._default_manager.filter(**{model.STREAM_FIELD: stream}).order_by("seq").iterator():
        count += 1
        if event.seq != expected_seq or event.prev_hash != prev or event_hash(prev, event.payload()) != event.hash:
            return ChainCheck(False, count, event.seq)
        prev, expected_seq = event.hash, expected_seq + 1
    return ChainCheck(True, count)


class AuditEvent(ChainedEvent):
    """The general audit log: one chain per audited object, `stream` = "<app>.<model>:<pk>"."""

    stream = models.CharField(max_length=120, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="audit_stream_seq_unique")]
        ordering = ["stream", "seq"]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.kind}"
