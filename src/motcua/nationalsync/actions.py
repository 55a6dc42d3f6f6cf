"""The only writes of nationalsync: the outbox rows (in the dossier action's transaction) and their sending.

Order per dossier: a message is sent only when every earlier message of its dossier — by (event seq, part) —
has been accepted. The sender walks each dossier's queue from its head and stops at the first failure; the
claim (notifications.delivery.claim, one compare-and-set UPDATE) also checks "nothing earlier is unsent", so
two workers can never send event n+1 before n. A dead message (NATIONALSYNC_MAX_ATTEMPTS reached) holds back
the rest of its dossier until the administrator retries it (admin action → `retry`).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from motcua.dossiers.constants import Action
from motcua.nationalsync import payloads
from motcua.nationalsync.connectors import SendError, connector
from motcua.nationalsync.constants import OutboxStatus, Part, SyncService
from motcua.nationalsync.models import SyncMessage
from motcua.notifications import delivery as outbox  # claim / finish / backoff / due: the shared outbox machinery

logger = logging.getLogger(__name__)
S = OutboxStatus


def _conf(name: str, default):
    return getattr(settings, name, default)


def enabled() -> bool:
    return bool(_conf("NATIONALSYNC_ENABLED", False))


def max_attempts() -> int:
    return int(_conf("NATIONALSYNC_MAX_ATTEMPTS", 8))


def lease() -> timedelta:
    return timedelta(seconds=int(_conf("NATIONALSYNC_LEASE_SECONDS", 120)))


def backoff(attempts: int) -> timedelta:
    return outbox.backoff(
        attempts,
        base=_conf("NATIONALSYNC_BACKOFF_BASE_SECONDS", 60),
        cap=_conf("NATIONALSYNC_BACKOFF_MAX_SECONDS", 3600),
    )


# --- writing the outbox (subscriber of dossiers.actions) ---------------------------------------------------
# Events that give the dossier a new appointment: the portal gets the dossier record again (NgayHenTra).
APPOINTMENT_EVENTS = frozenset({Action.EXTEND.value, "due_date_recomputed"})  # see dossiers.recompute


def on_dossier_event(dossier, event) -> None:
    """Queue the event for the national portal, inside the action's transaction: the dossier record
    (DongBoHoSoMC) when the dossier is new, changes status or gets a new appointment, then the progress
    entry (CapNhatTienDoHoSoMC) of every event."""
    if not enabled():
        return
    now = timezone.now()
    max_age = int(_conf("NATIONALSYNC_MAX_EVENT_AGE_HOURS", 24))
    if max_age and event.at < now - timedelta(hours=max_age):
        return  # history being imported (back-dated actions, the demo's past year): not news for the portal
    first = not SyncMessage.objects.filter(dossier=dossier, service=SyncService.DOSSIER).exists()
    rows = []
    if first or event.from_status != event.to_status or event.kind in APPOINTMENT_EVENTS:
        rows.append(
            SyncMessage(
                dossier=dossier,
                event=event,
                seq=event.seq,
                part=Part.DOSSIER,
                service=SyncService.DOSSIER,
                is_update=not first,
                payload=payloads.dossier_record(dossier),
                next_attempt_at=now,
            )
        )
    rows.append(
        SyncMessage(
            dossier=dossier,
            event=event,
            seq=event.seq,
            part=Part.PROGRESS,
            service=SyncService.PROGRESS,
            payload=payloads.progress_record(dossier, event),
            next_attempt_at=now,
        )
    )
    SyncMessage.objects.bulk_create(rows, ignore_conflicts=True)  # unique (event, service): once per event
    connection = transaction.get_connection()
    if not any(entry[1] is enqueue_sending for entry in connection.run_on_commit):
        transaction.on_commit(enqueue_sending, robust=True)  # one send run per transaction, however many events


def enqueue_sending() -> None:
    """Start a send run in the background; if the queue is down the rows wait for the next run (another
    event, the retry schedule or `motcua sync_national_portal` from cron)."""
    from motcua.nationalsync.tasks import send_pending as task

    try:
        task.enqueue()
    except Exception:
        logger.exception("could not enqueue the national portal sync; the rows wait for the next run")


# --- sending -----------------------------------------------------------------------------------------------
def _nothing_earlier_unsent() -> Q:
    earlier = (
        SyncMessage.objects.filter(dossier_id=OuterRef("dossier_id"))
        .exclude(status=S.SENT)
        .filter(Q(seq__lt=OuterRef("seq")) | Q(seq=OuterRef("seq"), part__lt=OuterRef("part")))
    )
    return ~Q(Exists(earlier))


def _mark_failed(message: SyncMessage, token, error: str, now: datetime) -> str:
    rows = SyncMessage.objects
    if message.attempts >= max_attempts():
        outbox.finish(message.pk, token, queryset=rows, status=S.DEAD, last_error=error[:2000])
        logger.error("national sync %s dead after %s attempts: %s", message.pk, message.attempts, error)
        return S.DEAD
    outbox.finish(
        message.pk,
        token,
        queryset=rows,
        status=S.FAILED,
        next_attempt_at=now + backoff(message.attempts),
        last_error=error[:2000],
    )
    return S.FAILED


def send_one(pk: int, *, now: datetime | None = None) -> str:
    """Claim and push one message if it is due and nothing earlier of its dossier is unsent; returns the new
    status, or "skipped"."""
    now = now or timezone.now()
    token = outbox.claim(pk, now, queryset=SyncMessage.objects, lease_for=lease(), extra=_nothing_earlier_unsent())
    if token is None:
        return "skipped"
    message = SyncMessage.objects.get(pk=pk)
    try:
        answer = connector().send(message)
    except SendError as exc:
        return _mark_failed(message, token, str(exc), now)
    except Exception as exc:  # a bug or an unexpected answer: retried, and visible in the admin
        logger.exception("national sync %s failed", pk)
        return _mark_failed(message, token, f"{type(exc).__name__}: {exc}", now)
    outbox.finish(pk, token, queryset=SyncMessage.objects, status=S.SENT, sent_at=now, response=answer, last_error="")
    return S.SENT


def _head(dossier_id: int) -> SyncMessage | None:
    return SyncMessage.objects.filter(dossier_id=dossier_id).exclude(status=S.SENT).order_by("seq", "part").first()


def send_pending(*, now: datetime | None = None, limit: int | None = None) -> dict:
    """Push the due messages, each dossier's in order, stopping a dossier at its first failure; returns counts
    by outcome. Safe to run in several workers at once."""
    limit = limit or int(_conf("NATIONALSYNC_BATCH_SIZE", 200))
    started = now or timezone.now()
    dossiers = list(
        SyncMessage.objects.filter(outbox.due(started))
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()[:limit]
    )
    outcomes: Counter = Counter()
    budget = limit
    for dossier_id in dossiers:
        while budget > 0:
            head = _head(dossier_id)
            if head is None:
                break
            if head.status == S.DEAD:
                outcomes["held"] += 1  # waits behind a dead letter until the administrator retries it
                break
            outcome = str(send_one(head.pk, now=now))
            outcomes[outcome] += 1
            budget -= 1
            if outcome != S.SENT:
                break
    return dict(outcomes)


def next_retry_at() -> datetime | None:
    return SyncMessage.objects.filter(status=S.FAILED).aggregate(at=Min("next_attempt_at"))["at"]


def retry(queryset) -> int:
    """Give dead or failed messages a fresh start (the admin's "retry" action); the sender picks them up in
    their dossier's order."""
    count = outbox.retry(queryset)
    if count:
        transaction.on_commit(enqueue_sending, robust=True)
    return count
