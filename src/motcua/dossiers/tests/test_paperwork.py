"""The one-stop paperwork (Circular 03/2025/TT-VPCP forms): PDFs that follow the dossier's events, and the
tracking ledger in Excel. Each PDF render takes about 0.1 s (the first of a process about 0.7 s: fonts)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from io import BytesIO

import pytest
from django.test import Client
from django.urls import resolve
from openpyxl import load_workbook

from motcua.dossiers import actions
from motcua.dossiers.paperwork import pdf as paper_pdf
from motcua.dossiers.paperwork.constants import Paper
from motcua.dossiers.paperwork.ledger import FIRST_DATA_ROW, HEADINGS, ledger_workbook
from motcua.dossiers.paperwork.pdf import control_rows, paper_context, render_paper, url_fetcher
from motcua.dossiers.selectors import dossiers_for
from motcua.dossiers.tests.conftest import at
from motcua.procedures.models import RequiredDocument

PDFTOTEXT = shutil.which("pdftotext")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(code: str, form: str) -> str:
    return f"/api/v1/dossiers/{code}/papers/{form}.pdf"


def pdf_titles(data: bytes) -> str:
    """The /Title strings of a PDF (the document's, in the Info dictionary, and the bookmarks'), which
    WeasyPrint may put in compressed object streams; written as UTF-16BE hex strings or literals."""
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    titles = []
    for chunk in chunks:
        for found in re.finditer(rb"/Title\s*<([0-9A-Fa-f\s]+)>", chunk):
            raw = bytes.fromhex("".join(found.group(1).decode().split()))
            titles.append(raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1"))
        titles += [m.group(1).decode("latin-1") for m in re.finditer(rb"/Title\s*\((.*?)\)", chunk, re.S)]
    return " | ".join(titles)


def assert_pdf(data: bytes, code: str, *phrases: str) -> str:
    """The bytes are a PDF about dossier `code` and its text holds `phrases` (read with pdftotext when the
    machine has poppler-utils; otherwise only the document title, which names the dossier, is checked)."""
    assert data.startswith(b"%PDF-")
    assert code in pdf_titles(data)
    if not PDFTOTEXT:
        return ""
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    text = " ".join(out.stdout.decode().split())
    assert code in text
    for phrase in phrases:
        assert phrase in text, phrase
    return text


def _name(dw):
    for user, name in ((dw.desk_a, "Lê Thị Hoa"), (dw.specialist_a, "Phạm Văn Minh"), (dw.leader_a, "Võ Thành Công")):
        user.full_name = name
        user.save()


def _handled_late_after_a_supplement_and_an_apology(dw):
    """Received Tue 10/3 08:00 (due Fri 13/3), supplement asked and brought, apology, finished Tue 17/3."""
    d = dw.receive()
    d = actions.assign(d, actor=dw.desk_a, now=at("2026-03-10", "09:00"), to_user=dw.specialist_a)
    d = actions.request_supplement(
        d,
        actor=dw.specialist_a,
        now=at("2026-03-10", "10:00"),
        reason="Bản vẽ thiếu mặt cắt công trình",
        documents=["Bản vẽ mặt cắt", "Bản sao giấy chứng nhận quyền sử dụng đất"],
    )
    d = actions.supplement_received(d, actor=dw.desk_a, now=at("2026-03-11", "10:00"))
    d = actions.extend(
        d,
        actor=dw.leader_a,
        now=at("2026-03-13", "09:00"),
        new_due_at=at("2026-03-18", "17:00"),
        apology="Cần lấy ý kiến của cơ quan quản lý quy hoạch",
    )
    d = actions.forward(d, actor=dw.specialist_a, now=at("2026-03-16", "09:00"))
    d = actions.forward(d, actor=dw.specialist_a, now=at("2026-03-16", "10:00"), to_user=dw.leader_a)
    d = actions.finish(d, actor=dw.leader_a, now=at("2026-03-17", "09:00"))
    return actions.return_result(d, actor=dw.desk_a, now=at("2026-03-17", "10:00"))


# --- PDFs --------------------------------------------------------------------------------------------------
def test_the_receipt_lists_the_papers_checked_at_the_desk_and_the_appointment(dw):
    _name(dw)
    papers = [
        RequiredDocument.objects.create(procedure=dw.procedure, position=1, name="Tờ khai đăng ký", form="original"),
        RequiredDocument.objects.create(procedure=dw.procedure, position=2, name="Bản sao giấy khai sinh", form="copy"),
    ]
    dossier = dw.receive(documents_checked=[paper.pk for paper in papers])
    response = _client(dw.desk_a).get(_url(dossier.code, "receipt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{dossier.code}-receipt.pdf"' in response["Content-Disposition"]
    assert_pdf(
        response.content,
        dossier.code,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mẫu số 01",
        "Nguyễn Văn An",
        dw.procedure.name,
        "Tờ khai đăng ký",
        "Bản sao giấy khai sinh",
        "08 giờ 00 phút, ngày 13 tháng 3 năm 2026",  # the appointment: 3 working days later
        "Lê Thị Hoa",  # the receiving officer
    )


def test_the_receipt_qr_code_points_to_the_public_lookup(dw, settings, monkeypatch):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn/"
    encoded = []
    real_make = paper_pdf.segno.make
    monkeypatch.setattr(paper_pdf.segno, "make", lambda content, **kw: encoded.append(content) or real_make(content))
    dossier = dw.receive()
    context = paper_context(dossier, Paper.RECEIPT)
    assert encoded == [f"https://dichvucong.example.gov.vn/tra-cuu/{dossier.code}"]
    assert context["lookup_url"] == encoded[0]
    assert context["qr"].startswith("data:image/svg+xml")


def test_the_receipt_lists_the_stored_documents_when_there_are_some(dw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    paper = RequiredDocument.objects.create(procedure=dw.procedure, name="Giấy tờ theo danh mục", form="original")
    dossier = dw.receive(documents_checked=[paper.pk])
    pdf_bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    actions.attach(dossier, actor=dw.desk_a, file=SimpleUploadedFile("don.pdf", pdf_bytes), name="Đơn đã quét")
    context = paper_context(dossier, Paper.RECEIPT)
    assert [d["name"] for d in context["documents"]] == ["Đơn đã quét"]
    assert not context["checked_at_desk"]


def test_each_paper_follows_its_event(dw):
    _name(dw)
    handled = _handled_late_after_a_supplement_and_an_apology(dw)
    assert_pdf(
        render_paper(handled, Paper.SUPPLEMENT_REQUEST),
        handled.code,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Bản vẽ thiếu mặt cắt công trình",
        "Bản sao giấy chứng nhận quyền sử dụng đất",
        "Phạm Văn Minh",
    )
    assert_pdf(
        render_paper(handled, Paper.APOLOGY),
        handled.code,
        "XIN LỖI",
        "Cần lấy ý kiến của cơ quan quản lý quy hoạch",
        "17 giờ 00 phút, ngày 18 tháng 3 năm 2026",  # the new appointment
        "Võ Thành Công",
    )
    stopped = dw.receive(now=at("2026-03-10", "10:00"))
    stopped = actions.assign(stopped, actor=dw.desk_a, now=at("2026-03-10", "11:00"))
    stopped = actions.stop(stopped, actor=dw.leader_a, now=at("2026-03-11", "14:00"), reason="Đất nằm trong quy hoạch")
    assert_pdf(
        render_paper(stopped, Paper.STOP_NOTICE),
        stopped.code,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Đất nằm trong quy hoạch",
    )
    refused = actions.refuse(
        None,
        actor=dw.desk_a,
        reason="Không thuộc thẩm quyền giải quyết",
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    assert_pdf(
        render_paper(refused, Paper.REFUSAL),
        refused.code,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Không thuộc thẩm quyền giải quyết",
    )


def test_the_control_sheet_shows_every_hand_over_and_whether_each_step_was_on_time(dw):
    _name(dw)
    dossier = _handled_late_after_a_supplement_and_an_apology(dw)
    rows = control_rows(dossier)
    assert [(r.given_by, r.received_by) for r in rows] == [
        ("Người nộp hồ sơ: Nguyễn Văn An", "Lê Thị Hoa"),
        ("Lê Thị Hoa", "Phạm Văn Minh"),
        ("Phạm Văn Minh", "(chưa phân công)"),
        ("", "Võ Thành Công"),
    ]
    # Desk step: 4 h from 08:00, handed over at 09:00 → on time. Step 2: 12 h from Tue 09:00, pushed by the
    # day waiting for the supplement → due Thu 12/3 15:00, finished Mon 16/3 → late.
    assert [r.allotted for r in rows] == ["4 giờ", "12 giờ", "4 giờ", "4 giờ"]
    assert [r.result for r in rows] == ["Đúng hạn", "Quá hạn", "Đúng hạn", "Quá hạn"]
    assert rows[1].due == "12/03/2026 15:00" and rows[1].finished == "16/03/2026 09:00"
    assert_pdf(
        render_paper(dossier, Paper.CONTROL_SHEET),
        dossier.code,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Mẫu số 06",
        "Phạm Văn Minh",
        "Võ Thành Công",
        "Quá hạn",
        "Trả kết quả cho cá nhân, tổ chức",
    )


def test_an_open_step_past_its_due_shows_as_overdue(dw):
    dossier = dw.receive()
    rows = control_rows(dossier, now=at("2026-03-10", "09:00"))
    assert rows[0].result == "Đang xử lý"
    rows = control_rows(dossier, now=at("2026-03-11", "09:00"))
    assert rows[0].result == "Quá hạn (đang xử lý)"


@pytest.mark.parametrize("form", [Paper.SUPPLEMENT_REQUEST, Paper.REFUSAL, Paper.APOLOGY, Paper.STOP_NOTICE])
def test_a_paper_exists_only_once_its_event_does(dw, form):
    dossier = dw.receive()
    response = _client(dw.desk_a).get(_url(dossier.code, form))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "paper_not_available"


@pytest.mark.parametrize("form", [Paper.RECEIPT, Paper.CONTROL_SHEET])
def test_a_refused_dossier_has_no_receipt_and_no_control_sheet(dw, form):
    refused = actions.refuse(
        None,
        actor=dw.desk_a,
        reason="Thiếu giấy tờ",
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    response = _client(dw.desk_a).get(_url(refused.code, form))
    assert (response.status_code, response.json()["code"]) == (404, "paper_not_available")


def test_only_those_who_see_the_dossier_download_its_papers(dw):
    dossier = dw.receive()
    for who in (dw.stranger, dw.specialist_b):
        response = _client(who).get(_url(dossier.code, "receipt"))
        assert (response.status_code, response.json()["code"]) == (404, "dossier_not_found")
    assert Client().get(_url(dossier.code, "receipt")).status_code in (401, 403)
    response = _client(dw.desk_a).get(_url(dossier.code, "invoice"))
    assert (response.status_code, response.json()["code"]) == (404, "unknown_paper")
    # An Accept header that asks for PDF still gets the problem as JSON.
    response = _client(dw.stranger).get(_url(dossier.code, "receipt"), headers={"Accept": "application/pdf"})
    assert response.status_code == 404 and response.json()["code"] == "dossier_not_found"


def test_the_renderer_fetches_nothing_from_outside(tmp_path):
    fetcher = url_fetcher()
    for url in ("http://example.com/logo.png", "https://example.com/font.ttf", "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    with pytest.raises(ValueError):
        fetcher.fetch(secret.as_uri())
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


# --- the ledger ---------------------------------------------------------------------------------------------
def test_the_ledger_route_is_not_taken_for_a_dossier_code():
    assert resolve("/api/v1/dossiers/ledger.xlsx").url_name == "dossier-ledger"
    assert resolve("/api/v1/dossiers/X-1/papers/receipt.pdf").url_name == "dossier-paper"


def test_the_ledger_has_one_row_per_dossier_with_the_forms_columns(dw):
    _name(dw)
    late = _handled_late_after_a_supplement_and_an_apology(dw)
    waiting = dw.receive(now=at("2026-03-12", "14:00"))
    dw.receive(now=at("2026-04-01", "08:00"))  # outside the period
    response = _client(dw.desk_a).get("/api/v1/dossiers/ledger.xlsx?from=2026-03-01&to=2026-03-31")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="so-theo-doi-ho-so-20260301-20260331.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).active
    headings = [ws.cell(row=5, column=i).value or ws.cell(row=4, column=i).value for i in range(1, len(HEADINGS) + 1)]
    assert ws.cell(row=4, column=8).value == "Ngày, tháng, năm"
    assert headings == HEADINGS
    assert headings[:7] == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
    ]
    rows = [
        [cell.value for cell in row]
        for row in ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=len(HEADINGS))
        if row[0].value is not None
    ]
    assert [r[1] for r in rows] == [late.code, waiting.code]
    first = dict(zip(HEADINGS, rows[0], strict=True))
    assert first["STT"] == 1 and first["Tên cá nhân, tổ chức"] == "Nguyễn Văn An"
    assert first["Địa chỉ, số điện thoại"] == "0912345678"
    assert first["Nhận hồ sơ"].strftime("%d/%m/%Y %H:%M") == "10/03/2026 08:00"
    assert first["Chuyển hồ sơ đến cơ quan giải quyết"].strftime("%d/%m/%Y %H:%M") == "10/03/2026 09:00"
    assert first["Trả kết quả cho cá nhân, tổ chức"].strftime("%d/%m/%Y %H:%M") == "17/03/2026 10:00"
    assert "Quá hạn" in first["Ghi chú"] and "hẹn lại" in first["Ghi chú"]
    second = dict(zip(HEADINGS, rows[1], strict=True))
    assert second["Trả kết quả cho cá nhân, tổ chức"] is None


def test_the_ledger_shows_only_the_dossiers_one_may_see(dw):
    dw.receive()
    wb = ledger_workbook(dossiers_for(dw.stranger))
    assert wb.active.cell(row=FIRST_DATA_ROW, column=1).value is None
    wb = ledger_workbook(dossiers_for(dw.desk_a))
    assert wb.active.cell(row=FIRST_DATA_ROW, column=1).value == 1


@pytest.mark.parametrize(
    ("query", "param"),
    [("from=2026-13-01", "from"), ("to=yesterday", "to"), ("from=2026-03-10&to=2026-03-01", "to")],
)
def test_a_bad_ledger_period_is_a_problem(dw, query, param):
    response = _client(dw.desk_a).get(f"/api/v1/dossiers/ledger.xlsx?{query}")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == param
