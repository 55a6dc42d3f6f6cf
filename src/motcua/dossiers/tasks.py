"""Background work of dossiers (django-tasks): run by `motcua db_worker`, or from cron via the command."""

from django_tasks import task

from motcua.dossiers import actions


@task()
def sweep_deadlines() -> int:
    """Mark newly overdue dossiers and attribute the lateness to whoever holds them."""
    return actions.mark_overdue()
