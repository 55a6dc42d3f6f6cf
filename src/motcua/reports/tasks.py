"""Background exports (django-tasks): run by `motcua db_worker`; inline with the immediate backend (tests)."""

from __future__ import annotations

import logging

from django_tasks import task

from motcua.reports import actions, exports
from motcua.reports.models import ExportRequest

logger = logging.getLogger(__name__)


@task()
def run_export(export_id: int) -> str:
    """Build the file of one ExportRequest, updating its progress; the file stays with the request."""
    from motcua.reports import selectors, views

    export = ExportRequest.objects.select_related("user").get(pk=export_id)
    if export.state == ExportRequest.State.DONE:
        return export.state
    user, params, kind = export.user, export.params, export.kind
    try:
        actions.set_progress(export, 5)
        if kind == ExportRequest.Kind.FORM_XLSX:
            report = views.report_context(user, params)
            actions.set_progress(export, 50)
            actions.finish(export, exports.workbook(report), exports.form_filename(report, "xlsx"))
        elif kind == ExportRequest.Kind.FORM_PDF:
            report = views.report_context(user, params)
            actions.set_progress(export, 30)
            actions.finish(export, exports.pdf(report), exports.form_filename(report, "pdf"))
        elif kind == ExportRequest.Kind.INDEX_XLSX:
            context = views.index_context(user, params)
            actions.set_progress(export, 60)
            actions.finish(export, exports.index_workbook(context), exports.index_filename(context))
        else:  # INDEX_BY_AGENCY_XLSX: the index of each agency in scope, one by one
            context = views._filters(user, params)
            agencies = list(context["agencies"])
            rows = []
            for n, (agency_id, name) in enumerate(agencies, start=1):
                result = selectors.service_index_for(
                    user, context["start"], context["end"], agency_id=agency_id, tier=context["tier"],
                    field_id=context["field_id"],
                )  # fmt: skip
                rows.append((name, result))
                actions.set_progress(export, 5 + 90 * n // max(len(agencies), 1))
            filename = f"chi-so-phuc-vu-theo-co-quan-{context['start']}-{context['end']}.xlsx"
            actions.finish(export, exports.index_by_agency_workbook(rows, context), filename)
    except Exception as exc:  # recorded on the request for the user; the traceback goes to the log
        logger.exception("report export %s failed", export_id)
        actions.fail(export, str(exc) or exc.__class__.__name__)
        return ExportRequest.State.FAILED
    return ExportRequest.State.DONE
