"""Sending the outbox: claim a due row with a compare-and-set UPDATE, send it, record the outcome.

A row is due when it is pending or failed and its `next_attempt_at` has come, or when it is "sending"
but its claim has expired (the worker died mid-send). Claiming is one UPDATE … WHERE on the row's
state (healthchecks' Flip in sendalerts.py): of two workers, exactly one changes the row, the other
sees 0 rows and moves on; this works the same on SQLite and PostgreSQL, no row locks needed.

Exactly once in effect: a row is sent again only when its claim expired without "sent" being recorded
(a crash between the provider's answer and our UPDATE). The re-send carries the same message id (eSMS
RequestId, ZNS tracking_id, e-mail Message-ID), which the provider — and our simulators — deduplicate.
Attempts are counted at claim time, so a message that keeps crashing its worker also ends "dead".
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Min, Q
from django.utils import timezone

from motcua.notifications.base import Message, PermanentSendError
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.notifications.registry import registry

logger = logging.getLogger(__name__)
S = OutboxStatus


def _conf(name: str, default):
    return getattr(settings, name, default)


def lease() -> timedelta:
    return timedelta(seconds=int(_conf("NOTIFY_LEASE_SECONDS", 300)))


def max_attempts() -> int:
    return int(_conf("NOTIFY_MAX_ATTEMPTS", 8))


def backoff(
    attempts: int, *, rng: random.Random | None = None, base: float | None = None, cap: float | None = None
) -> timedelta:
    """Delay before attempt `attempts + 1`: base·2^(attempts-1) with ±20 % jitter, never above the cap
    (defaults 60 s → 1 h: 1, 2, 4, 8, 16, 32, 60, 60 min). Other outboxes (nationalsync) pass their own
    base and cap."""
    base = float(_conf("NOTIFY_BACKOFF_BASE_SECONDS", 60) if base is None else base)
    cap = float(_conf("NOTIFY_BACKOFF_MAX_SECONDS", 3600) if cap is None else cap)
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    jittered = delay * (rng or random).uniform(0.8, 1.2)
    return timedelta(seconds=min(cap, jittered))


def due(now: datetime) -> Q:
    return Q(status__in=[S.PENDING, S.FAILED], next_attempt_at__lte=now) | Q(status=S.SENDING, claimed_until__lt=now)


def claim(
    pk: int, now: datetime, *, queryset=None, lease_for: timedelta | None = None, extra: Q | None = None
) -> uuid.UUID | None:
    """Take row `pk` for one send if it is still due: one UPDATE, one winner. Returns the claim token.

    Any outbox model with the same bookkeeping fields (status, attempts, next_attempt_at, claimed_until,
    claim_token) can use it through `queryset` (nationalsync.SyncMessage does), adding its own `extra`
    condition to the UPDATE (e.g. "no earlier message of this dossier is unsent")."""
    token = uuid.uuid4()
    rows = (OutboxMessage.objects if queryset is None else queryset).filter(due(now), pk=pk)
    if extra is not None:
        rows = rows.filter(extra)
    won = rows.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)).update(
        status=S.SENDING,
        claimed_until=now + (lease() if lease_for is None else lease_for),
        claim_token=token,
        attempts=F("attempts") + 1,
    )
    return token if won == 1 else None


def finish(pk: int, token: uuid.UUID, *, queryset=None, **changes) -> bool:
    """Record the outcome only if our claim still stands (else a later worker owns the row)."""
    done = (
        (OutboxMessage.objects if queryset is None else queryset)
        .filter(pk=pk, status=S.SENDING, claim_token=token)
        .update(claimed_until=None, claim_token=None, **changes)
    )
    if not done:
        logger.warning("outbox %s: claim lost before the outcome was recorded; another worker re-sends it", pk)
    return bool(done)


def mark_sent(pk: int, token: uuid.UUID, provider_message_id: str, now: datetime) -> bool:
    return finish(pk, token, status=S.SENT, sent_at=now, provider_message_id=provider_message_id[:100], last_error="")


def mark_failed(message: OutboxMessage, token: uuid.UUID, error: str, now: datetime, *, permanent: bool) -> str:
    if permanent or message.attempts >= max_attempts():
        finish(message.pk, token, status=S.DEAD, last_error=error[:2000])
        logger.error("outbox %s dead after %s attempts: %s", message.pk, message.attempts, error)
        return S.DEAD
    finish(message.pk, token, status=S.FAILED, next_attempt_at=now + backoff(message.attempts), last_error=error[:2000])
    return S.FAILED


def deliver_one(pk: int, *, now: datetime | None = None) -> str:
    """Claim and send one row; returns the new status, or "skipped" when another worker has it."""
    now = now or timezone.now()
    token = claim(pk, now)
    if token is None:
        return "skipped"
    message = OutboxMessage.objects.get(pk=pk)
    try:
        channel = registry.get(message.channel)
    except KeyError:
        return mark_failed(message, token, f"unknown channel {message.channel!r}", now, permanent=True)
    outgoing = Message(
        uid=str(message.uid),
        channel=message.channel,
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        payload=message.payload,
    )
    try:
        provider_message_id = channel.send(outgoing)
    except PermanentSendError as exc:
        return mark_failed(message, token, str(exc), now, permanent=True)
    except Exception as exc:  # anything else is worth another try
        return mark_failed(message, token, f"{type(exc).__name__}: {exc}", now, permanent=False)
    mark_sent(pk, token, provider_message_id or "", now)
    return S.SENT


def deliver_pending(*, now: datetime | None = None, limit: int | None = None) -> dict:
    """Send every due row (up to `limit`); returns counts by outcome. Safe to run in many workers at once."""
    limit = limit or int(_conf("NOTIFY_BATCH_SIZE", 200))
    started = now or timezone.now()
    due_rows = OutboxMessage.objects.filter(due(started)).order_by("next_attempt_at").values_list("pk", flat=True)
    # Each claim takes a fresh clock (unless the caller froze it), so the lease of the last row of a long
    # batch is as long as the first one's.
    outcomes = Counter(str(deliver_one(pk, now=now)) for pk in list(due_rows[:limit]))
    return dict(outcomes)


def next_retry_at() -> datetime | None:
    """When the earliest failed row becomes due again (for scheduling the next run)."""
    return OutboxMessage.objects.filter(status=S.FAILED).aggregate(at=Min("next_attempt_at"))["at"]


def retry(queryset) -> int:
    """Give dead or failed rows a fresh start (the admin's "retry" action)."""
    return queryset.filter(status__in=[S.DEAD, S.FAILED]).update(
        status=S.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None, claim_token=None
    )
