"""Excel export of a PAR ranking in the layout of the published tables.

Sheet 1 (the table of the publication decision's annex): one row per agency, one column per field, then the
appraised total, bonus, deduction, final score, index, last year's index and the change, rank and tier.
Sheet 2 (the detailed table): one row per field / criterion / sub-criterion with its maximum and scoring method,
one column per agency with the points counted after both appraisal rounds.
ASSUMED: the column order follows published provincial tables seen in the press (e.g. 97/QĐ-UBND-HC's annex is
a ranking table); the annex itself was not readable.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.reform import scoring
from motcua.reform.actions import criteria_tree
from motcua.reform.models import Evaluation
from motcua.reform.selectors import previous_indices


def ranking_workbook(evaluation: Evaluation) -> bytes:
    index_set = evaluation.index_set
    roots = criteria_tree(index_set)
    titles = dict(index_set.criteria.filter(parent__isnull=True).values_list("code", "title"))
    wb = Workbook()
    ws = wb.active
    ws.title = f"Chi so CCHC {index_set.year}"
    ws.append([f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {index_set.year}"])
    ws.append([index_set.name])
    ws.append([])
    header = ["STT", "Cơ quan, đơn vị"]
    header += [f"{r.code}. {titles.get(r.code, '')} (tối đa {r.max_points})" for r in roots]
    header += [
        "Điểm thẩm định và điều tra",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Chỉ số (%)",
        f"Chỉ số năm {index_set.year - 1} (%)",
        "Tăng/giảm",
        "Xếp hạng",
        "Xếp loại",
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)
    assessments = list(evaluation.assessments.select_related("agency").order_by("rank", "agency__code"))
    previous = previous_indices([a.agency_id for a in assessments], index_set.year, index_set.target)
    per_agency = {}
    for n, a in enumerate(assessments, start=1):
        leaf_scores = {
            s.criterion.code: scoring.appraised(s.self_score, s.round1_score, s.round2_score)
            for s in a.scores.select_related("criterion")
        }
        subtotals = scoring.totals(roots, leaf_scores)
        per_agency[a.pk] = subtotals
        before = previous.get(a.agency_id)
        change = float(a.index_value - before) if before is not None and a.index_value is not None else None
        rank = f"{a.rank}{' (đồng hạng)' if a.tied else ''}" if a.rank else ""
        ws.append(
            [n, a.agency.name]
            + [float(subtotals[r.code]) for r in roots]
            + [
                float(a.appraised_total or 0),
                float(a.bonus or 0),
                float(a.deduction or 0),
                float(a.final_score or 0),
                float(a.index_value or 0),
                float(before) if before is not None else None,
                change,
                rank,
                a.tier_label,
            ]
        )
    ws.column_dimensions["B"].width = 42
    ws.append([])
    ws.append([f"Nguồn bộ chỉ số: {index_set.source}"])
    if evaluation.published_at:
        ws.append([f"Công bố: {evaluation.decision_number} ngày {evaluation.published_at:%d/%m/%Y}"])
    _detail_sheet(wb, evaluation, assessments, per_agency)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _detail_sheet(wb, evaluation: Evaluation, assessments, per_agency) -> None:
    """Rows: fields, criteria and sub-criteria with their maxima; columns: the points of each agency."""
    index_set = evaluation.index_set
    ws = wb.create_sheet("Chi tiet tieu chi")
    ws.append([f"ĐIỂM CHI TIẾT THEO LĨNH VỰC, TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN NĂM {index_set.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head = ["Mã", "Lĩnh vực / tiêu chí / tiêu chí thành phần", "Điểm tối đa", "Cách chấm"]
    ws.append(head + [a.agency.name for a in assessments])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c in index_set.criteria.order_by("order"):
        method = {"manual": "Thẩm định", "formula": f"Công thức: {c.metric}", "survey": f"Điều tra: {c.metric}"}
        row = [c.code, c.title, float(c.max_points), method.get(c.method, c.method)]
        row += [float(per_agency[a.pk].get(c.code, 0)) for a in assessments]
        ws.append(row)
        if c.parent_id is None:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    totals = [float(a.appraised_total or 0) for a in assessments]
    ws.append(["", "Tổng điểm thẩm định và điều tra", float(index_set.max_total), "", *totals])
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "E4"
