"""Excel export of the job-position list and the staffing quotas (openpyxl), in the caller's scope."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.personnel import selectors
from motcua.personnel.constants import PositionGroup, Qualification
from motcua.personnel.models import JobPosition


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = min(
            60, max(10, *(len(str(c.value or "")) for c in column))
        )
    ws.freeze_panes = "A2"
    return ws


def staffing_workbook(agencies, year: int) -> bytes:
    agencies = list(agencies)
    positions = (
        JobPosition.objects.filter(agency__in=agencies)
        .select_related("agency", "rank")
        .order_by("agency", "group", "code")
    )
    report = {a.agency_id: a for a in selectors.vacancy_report(agencies)}
    filled = {p.position_id: p.filled for a in report.values() for p in a.positions}
    wb = Workbook()
    _sheet(
        wb,
        _("Job positions"),
        [_("Agency"), _("Code"), _("Job position"), _("Group"), _("Rank"), _("Minimum qualification"),
         _("Number of people"), _("In post"), _("Vacant"), _("Approval decision")],
        [
            [p.agency.name, p.code, p.name, str(PositionGroup(p.group).label), f"{p.rank.code} {p.rank.name}",
             str(Qualification(p.min_qualification).label), p.headcount, filled.get(p.pk, 0),
             max(p.headcount - filled.get(p.pk, 0), 0), p.legal_basis]
            for p in positions
        ],
        first=True,
    )  # fmt: skip
    _sheet(
        wb,
        _("Staffing quotas"),
        [_("Agency"), _("Year"), _("Assigned"), _("Used"), _("Vacant"), _("Over quota by")],
        [
            [q.agency_name, q.year, q.assigned, q.used, q.vacant, q.over_by]
            for q in selectors.quota_statuses(agencies, year)
        ],
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
