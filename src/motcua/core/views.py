"""Liveness and readiness probes for the load balancer."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse


def healthz(request):
    """The process is alive; touches nothing else."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """The database answers and every migration is applied."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "reason": "database", "detail": str(exc)}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "reason": "migrations", "pending": [str(m) for m, _ in pending]},
            status=503,
        )
    return JsonResponse({"status": "ok"})
