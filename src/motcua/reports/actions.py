"""The only writes of the reports app outside the roll-ups (rollups.py): asking for an export and recording its
progress and result. The export itself runs in `tasks.run_export` (django-tasks)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.reports.models import ExportRequest


def request_export(user, kind: str, params: dict) -> ExportRequest:
    """Record the request and queue its task (with the immediate backend of the tests it runs right here)."""
    from motcua.reports.tasks import run_export

    export = ExportRequest.objects.create(user=user, kind=kind, params=params)
    run_export.enqueue(export.pk)
    export.refresh_from_db()
    return export


def set_progress(export: ExportRequest, progress: int, state: str = ExportRequest.State.RUNNING) -> None:
    export.progress, export.state = max(0, min(progress, 100)), state
    ExportRequest.objects.filter(pk=export.pk).update(progress=export.progress, state=state)


def finish(export: ExportRequest, content: bytes, filename: str) -> None:
    export.file.save(filename, ContentFile(content), save=False)
    export.filename, export.state, export.progress = filename, ExportRequest.State.DONE, 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "filename", "state", "progress", "finished_at"])


def fail(export: ExportRequest, message: str) -> None:
    ExportRequest.objects.filter(pk=export.pk).update(
        state=ExportRequest.State.FAILED, error=message[:2000], finished_at=timezone.now()
    )
