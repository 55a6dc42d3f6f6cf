"""Writing the outbox, inside the dossier action's transaction (DESIGN: "Nothing lost").

`on_dossier_event` is subscribed to every dossier action (dossiers.actions.subscribe): it renders the
message of the event for each enabled channel that has an address for the applicant and inserts one
OutboxMessage per (event, channel, recipient). If the action rolls back, so do the rows; if it commits,
`deliver_pending` is enqueued on commit. Nothing here calls the network.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from motcua.notifications.constants import EVENT_TEMPLATES
from motcua.notifications.models import NotificationTemplate, OutboxMessage
from motcua.notifications.registry import registry
from motcua.notifications.rendering import render

logger = logging.getLogger(__name__)


def on_dossier_event(dossier, event) -> None:
    key = EVENT_TEMPLATES.get(event.kind)
    if key:
        notify(dossier, event, key)


def notify(dossier, event, key: str, *, extra: dict | None = None) -> int:
    """Queue message `key` about `event` to the applicant on every enabled channel; returns how many rows
    were written. Must run inside the transaction that wrote `event`. The hook for other apps, e.g. postal:
    `notify(dossier, shipping_event, TemplateKey.SHIPPED, extra={"waybill": "EB123456789VN"})`."""
    channels = [c for c in registry.iter_enabled() if c.recipient_for(dossier)]
    if not channels:
        return 0
    rows = list(NotificationTemplate.objects.filter(key=key, channel__in=[c.identifier for c in channels]))
    now = timezone.now()
    messages = []
    for channel in channels:
        rendered = render(key, channel.identifier, dossier, event, extra=extra, rows=rows)
        if rendered is None:
            continue
        messages.append(
            OutboxMessage(
                dossier=dossier,
                event=event,
                key=key,
                channel=channel.identifier,
                recipient=channel.recipient_for(dossier),
                language=rendered.language,
                subject=rendered.subject[:300],
                body=rendered.body,
                payload=rendered.payload,
                next_attempt_at=now,
            )
        )
    if not messages:
        return 0
    # The unique (event, channel, recipient) makes a second call for the same event a no-op.
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    transaction.on_commit(enqueue_delivery, robust=True)
    return len(messages)


def enqueue_delivery() -> None:
    """Start a delivery run in the background. If the task queue is down the rows stay pending and the
    next run (another event, the retry sweep or `motcua deliver_notifications` from cron) takes them."""
    from motcua.notifications.tasks import deliver_pending

    try:
        deliver_pending.enqueue()
    except Exception:
        logger.exception("could not enqueue deliver_pending; the rows wait for the next run")
