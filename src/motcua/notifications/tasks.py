"""Background work of notifications (django-tasks): run by `motcua db_worker`, or from cron via
`motcua deliver_notifications`."""

from __future__ import annotations

import logging

from django_tasks import task

from motcua.notifications import delivery

logger = logging.getLogger(__name__)


@task()
def deliver_pending() -> dict:
    """Send the due outbox rows; when some failed, schedule another run for the earliest retry (on
    backends that can defer; otherwise the cron command picks them up)."""
    outcomes = delivery.deliver_pending()
    if outcomes.get("failed"):
        _schedule_retry()
    return outcomes


def _schedule_retry() -> None:
    at = delivery.next_retry_at()
    if at is None or not deliver_pending.get_backend().supports_defer:
        return
    try:
        deliver_pending.using(run_after=at).enqueue()
    except Exception:
        logger.exception("could not schedule the next notification retry; cron will pick it up")
