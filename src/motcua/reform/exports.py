"""Excel export of a PAR ranking in the layout of the published tables (one row per agency, one column per field)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.reform import scoring
from motcua.reform.actions import criteria_tree
from motcua.reform.models import Evaluation


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
        "Xếp hạng",
        "Xếp loại",
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)
    assessments = evaluation.assessments.select_related("agency").order_by("rank", "agency__code")
    for n, a in enumerate(assessments, start=1):
        leaf_scores = {
            s.criterion.code: scoring.appraised(s.self_score, s.round1_score, s.round2_score)
            for s in a.scores.select_related("criterion")
        }
        subtotals = scoring.totals(roots, leaf_scores)
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
                rank,
                a.tier_label,
            ]
        )
    ws.column_dimensions["B"].width = 42
    ws.append([])
    ws.append([f"Nguồn bộ chỉ số: {index_set.source}"])
    if evaluation.published_at:
        ws.append([f"Công bố: {evaluation.decision_number} ngày {evaluation.published_at:%d/%m/%Y}"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
