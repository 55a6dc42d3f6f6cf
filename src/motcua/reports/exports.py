"""Exports: the statistics form as an Excel workbook (openpyxl) and a PDF (WeasyPrint, the paperwork fonts); the
public-service index as a workbook, for one scope or for every agency (the long one, run as a background task)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from motcua.reports.forms import COLUMNS, FORM_CODE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_filename(report: dict, ext: str) -> str:
    return f"bieu-II06a-{report['start']}-{report['end']}.{ext}"


def index_filename(context: dict) -> str:
    return f"chi-so-phuc-vu-{context['start']}-{context['end']}.xlsx"


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
    return _save(wb)


def pdf(report: dict) -> bytes:
    from motcua.dossiers.paperwork.pdf import font_faces, html_to_pdf

    html = render_to_string("reports/form_pdf.html", {**report, "fonts": font_faces(), "columns": COLUMNS})
    return html_to_pdf(html)


def _save(wb) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _rate(value):
    return float(value) if value is not None else None


def index_workbook(context: dict) -> bytes:
    """One sheet: every indicator with its numerator, denominator, rate, points and basis; then the totals."""
    result = context["result"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Chi so phuc vu"
    ws.append([result.index_set.name])
    ws.append([str(context["scope_label"])])
    ws.append([str(context["period_label"])])
    ws.append([])
    ws.append(["Mã", "Chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Ghi chú"])
    for group in result.groups:
        ws.append(["", group.group.name, None, None, None, float(group.score), float(group.group.points), ""])
        for r in group.indicators:
            marks = []
            if r.indicator.assumed_points:
                marks.append("ASSUMED points")
            if r.indicator.proxy:
                marks.append("ASSUMED proxy")
            if not r.computable:
                marks.append("no data")
            ws.append(
                [
                    r.indicator.code,
                    r.indicator.name,
                    r.numerator,
                    r.denominator,
                    _rate(r.rate),
                    _rate(r.score),
                    float(r.indicator.points),
                    "; ".join([*marks, r.indicator.note]).strip("; "),
                ]
            )
    ws.append(["", "Tổng", None, None, None, float(result.score), float(result.points), ""])
    for line in (1, 5, ws.max_row):
        for cell in ws[line]:
            cell.font = Font(bold=True)
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["H"].width = 80
    ws.append([])
    ws.append([result.index_set.source])
    return _save(wb)


def index_by_agency_workbook(rows: list[tuple[str, object]], context: dict) -> bytes:
    """rows: (agency name, IndexResult) — one line per agency with each group's points and the total."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo co quan"
    ws.append(["Chỉ số phục vụ người dân, doanh nghiệp theo cơ quan"])
    ws.append([str(context["period_label"])])
    ws.append([])
    groups = rows[0][1].groups if rows else []
    ws.append(["TT", "Cơ quan", *[g.group.name for g in groups], "Tổng"])
    for n, (name, result) in enumerate(rows, start=1):
        ws.append([n, name, *[float(g.score) for g in result.groups], float(result.score)])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    ws.column_dimensions["B"].width = 50
    return _save(wb)
