"""The tracking ledger of the one-stop desk (sổ theo dõi hồ sơ) as an Excel workbook.

Mẫu số 07, Phụ lục I, Circular 03/2025/TT-VPCP ("Sổ theo dõi hồ sơ", title verified); the columns follow
its predecessor, Mẫu số 06 of Circular 01/2018/TT-VPCP (the 2025 wording could not be consulted). The
headings are Vietnamese and written here directly: the legal form exists only in Vietnamese.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.paperwork import text
from motcua.dossiers.paperwork.constants import CIRCULAR, LEDGER_FORM

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

# (key, heading, group heading or None, width). Columns 8–12 sit under "Ngày, tháng, năm" as in the form.
COLUMNS: list[tuple[str, str, str | None, int]] = [
    ("number", "STT", None, 6),
    ("code", "Mã hồ sơ", None, 26),
    ("procedure", "Tên thủ tục hành chính", None, 40),
    ("sets", "Số lượng hồ sơ (bộ)", None, 9),
    ("applicant", "Tên cá nhân, tổ chức", None, 24),
    ("contact", "Địa chỉ, số điện thoại", None, 30),
    ("lead_agency", "Cơ quan chủ trì giải quyết", None, 24),
    ("received_at", "Nhận hồ sơ", "Ngày, tháng, năm", 16),
    ("due_at", "Hẹn trả kết quả", "Ngày, tháng, năm", 16),
    ("transferred_at", "Chuyển hồ sơ đến cơ quan giải quyết", "Ngày, tháng, năm", 18),
    ("finished_at", "Nhận kết quả từ cơ quan giải quyết", "Ngày, tháng, năm", 18),
    ("returned_at", "Trả kết quả cho cá nhân, tổ chức", "Ngày, tháng, năm", 18),
    ("signature", "Ký nhận", None, 14),
    ("notes", "Ghi chú", None, 30),
]
HEADINGS = [heading for _key, heading, _group, _width in COLUMNS]
FIRST_DATA_ROW = 7  # rows 1–3 title, 4–5 headings, 6 column numbers


def _naive(value):
    """openpyxl stores no time zones: local wall-clock time, as on the paper ledger."""
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def _contact(dossier: Dossier) -> str:
    address = text.applicant_address(dossier)
    return "; ".join(p for p in (address, dossier.phone) if p)


def _transferred_at(dossier: Dossier):
    """When the desk handed the dossier to the handling agency: the start of the first step after reception."""
    steps = list(dossier.steps.all())  # prefetched, ordered by started_at
    return steps[1].started_at if len(steps) > 1 else None


def _notes(dossier: Dossier) -> str:
    notes = [text.STATUSES.get(dossier.status, ""), text.CHANNELS.get(dossier.channel, "")]
    if dossier.timeliness:
        notes.append(text.TIMELINESS.get(dossier.timeliness, dossier.timeliness))
    if dossier.extended:
        notes.append(f"Đã xin lỗi, hẹn lại: {text.short_datetime(dossier.due_at)}")
    return "; ".join(n for n in notes if n)


def ledger_rows(queryset: QuerySet[Dossier]) -> list[dict]:
    dossiers = queryset.select_related(
        "procedure", "process__agency", "receiving_agency", "address_unit__parent__parent"
    ).prefetch_related(Prefetch("steps", queryset=DossierStep.objects.order_by("started_at", "id")))
    rows = []
    for number, dossier in enumerate(dossiers.order_by("received_at", "id"), start=1):
        lead = dossier.process.agency if dossier.process_id else dossier.receiving_agency
        rows.append(
            {
                "number": number,
                "code": dossier.code,
                "procedure": dossier.procedure.name,
                "sets": 1,
                "applicant": dossier.applicant_name,
                "contact": _contact(dossier),
                "lead_agency": lead.name,
                "received_at": _naive(dossier.received_at),
                "due_at": _naive(dossier.original_due_at or dossier.due_at),
                "transferred_at": _naive(_transferred_at(dossier)),
                "finished_at": _naive(dossier.finished_at),
                "returned_at": _naive(dossier.returned_at),
                "signature": "",
                "notes": _notes(dossier),
            }
        )
    return rows


def ledger_workbook(
    queryset: QuerySet[Dossier], *, agency_name: str = "", period: tuple[date, date] | None = None
) -> Workbook:
    """One row per dossier of `queryset` (ordered by reception), with the ledger's columns."""
    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi ho so"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(len(COLUMNS))

    ws["A1"] = f"Mẫu số {LEDGER_FORM.number} — Phụ lục I {CIRCULAR}"
    ws["A1"].font = Font(italic=True, size=9)
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = LEDGER_FORM.title
    ws["A2"].font = Font(bold=True, size=14)
    ws["A2"].alignment = centre
    subtitle = [agency_name] if agency_name else []
    if period is not None:
        subtitle.append(f"Từ ngày {period[0]:%d/%m/%Y} đến ngày {period[1]:%d/%m/%Y}")
    ws.merge_cells(f"A3:{last}3")
    ws["A3"] = " — ".join(subtitle)
    ws["A3"].font = Font(italic=True)
    ws["A3"].alignment = centre

    # Headings on rows 4–5: the date columns grouped under "Ngày, tháng, năm", the others merged down.
    group_cols = [i for i, c in enumerate(COLUMNS, start=1) if c[2]]
    for index, (_key, heading, group, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        if group:
            ws.cell(row=5, column=index, value=heading)
        else:
            ws.cell(row=4, column=index, value=heading)
            ws.merge_cells(f"{letter}4:{letter}5")
        ws.cell(row=6, column=index, value=f"({index})")
    ws.cell(row=4, column=group_cols[0], value=COLUMNS[group_cols[0] - 1][2])
    ws.merge_cells(start_row=4, start_column=group_cols[0], end_row=4, end_column=group_cols[-1])
    for row in ws.iter_rows(min_row=4, max_row=6, max_col=len(COLUMNS)):
        for cell in row:
            cell.font = Font(bold=cell.row < 6, italic=cell.row == 6)
            cell.alignment = centre
            cell.border = border
    ws.row_dimensions[5].height = 45

    keys = [key for key, *_rest in COLUMNS]
    for offset, record in enumerate(ledger_rows(queryset)):
        row = FIRST_DATA_ROW + offset
        for index, key in enumerate(keys, start=1):
            cell = ws.cell(row=row, column=index, value=record[key])
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if key in ("received_at", "due_at", "transferred_at", "finished_at", "returned_at"):
                cell.number_format = DATETIME_FORMAT
            if key in ("number", "sets"):
                cell.alignment = Alignment(horizontal="center", vertical="top")
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    ws.print_title_rows = "4:6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb
