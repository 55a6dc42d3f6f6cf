"""Background work (django-tasks): run by `motcua db_worker`, or from cron via `motcua sync_national_portal`."""

from __future__ import annotations

import logging

from django_tasks import task

from motcua.nationalsync import actions

logger = logging.getLogger(__name__)


@task()
def send_pending() -> dict:
    """Push the due messages; when some failed, schedule another run at the earliest retry (on backends that
    can defer; otherwise cron picks them up)."""
    outcomes = actions.send_pending()
    if outcomes.get("failed"):
        at = actions.next_retry_at()
        if at is not None and send_pending.get_backend().supports_defer:
            try:
                send_pending.using(run_after=at).enqueue()
            except Exception:
                logger.exception("could not schedule the next national sync retry; cron will pick it up")
    return outcomes
