"""Exports of the statistics form: an Excel workbook (openpyxl) and a PDF (WeasyPrint, the paperwork fonts)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from motcua.reports.forms import COLUMNS, FORM_CODE


def workbook(report: dict) -> bytes:
    """report: the context of the page (title, period_label, rows, total, group_label, basis)."""
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_CODE.split("/")[0]
    ws.append([f"Biểu số {FORM_CODE}"])
    ws.append([str(report["title"])])
    ws.append([str(report["period_label"])])
    ws.append([])
    groups = ["", ""] + [str(c.group) for c in COLUMNS]
    ws.append(groups)
    ws.append(["TT", str(report["group_label"])] + [str(c.label) for c in COLUMNS])
    ws.append([f"({n})" for n in range(1, len(COLUMNS) + 3)])
    for n, row in enumerate(report["rows"], start=1):
        ws.append([n, row.label] + [value for _key, value in row.cells()])
    total = report["total"]
    ws.append(["", total.label] + [value for _key, value in total.cells()])
    for cell in ws[1] + ws[2]:
        cell.font = Font(bold=True, size=12)
    for line in (5, 6):
        for cell in ws[line]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["B"].width = 44
    for index in range(3, len(COLUMNS) + 3):
        ws.column_dimensions[get_column_letter(index)].width = 11
    ws.append([])
    ws.append([str(report["basis"])])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def pdf(report: dict) -> bytes:
    from motcua.dossiers.paperwork.pdf import font_faces, html_to_pdf

    html = render_to_string("reports/form_pdf.html", {**report, "fonts": font_faces(), "columns": COLUMNS})
    return html_to_pdf(html)
