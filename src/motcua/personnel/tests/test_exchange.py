"""Excel import/export of job positions and quotas: a round trip, row-numbered errors, all or nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from motcua.personnel.exchange import SHEETS, StaffingFileError, import_workbook, staffing_workbook
from motcua.personnel.models import JobPosition, StaffingQuota
from motcua.personnel.tests.factories import JobPositionFactory, RankFactory


def _upload(rows: dict[str, list[list]], name="bien-che.xlsx"):
    book = Workbook()
    book.remove(book.active)
    for sheet, body in rows.items():
        ws = book.create_sheet(sheet)
        ws.append(SHEETS[sheet])
        for row in body:
            ws.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _position(agency, code="CN-01", **over):
    row = dict(zip(SHEETS["positions"], [agency.code, code, "Chuyên viên hộ tịch", "professional", "01.003",
               "bachelor", 3, "no", "Kiến thức quản lý nhà nước; Nghiệp vụ hộ tịch", "", "", "QĐ 12/QĐ-UBND",
               "2025-07-01", None], strict=True))  # fmt: skip
    row.update(over)
    return [row[c] for c in SHEETS["positions"]]


def test_an_exported_workbook_imports_back_unchanged(world):
    RankFactory()
    JobPositionFactory(agency=world.agency_a, code="CN-07", competencies=["A", "B"], headcount=4)
    StaffingQuota.objects.create(agency=world.agency_a, year=2026, assigned=12, decision="QĐ 1")
    body = staffing_workbook([world.agency_a], 2026)
    book = load_workbook(BytesIO(body))
    assert book.sheetnames == ["positions", "quotas"]
    summary = import_workbook(SimpleUploadedFile("x.xlsx", body), actor=world.hr_a)
    assert (summary.positions, summary.quotas) == (1, 1)
    position = JobPosition.objects.get(agency=world.agency_a, code="CN-07")
    assert (position.competencies, position.headcount) == (["A", "B"], 4)
    assert StaffingQuota.objects.get(agency=world.agency_a, year=2026).assigned == 12


def test_every_bad_row_is_named_and_nothing_is_saved(world):
    RankFactory()
    upload = _upload(
        {
            "positions": [
                _position(world.agency_a, "CN-01"),  # row 2: fine
                _position(world.agency_a, "CN-02", group="boss"),  # row 3
                _position(world.agency_a, "CN-03", rank="99.999", headcount=0),  # row 4: two errors
                _position(world.agency_b, "CN-04"),  # row 5: not an agency hr_a manages
                _position(world.agency_a, "CN-01"),  # row 6: duplicate of row 2
            ],
            "quotas": [[world.agency_a.code, 2026, 10, "QĐ"], [world.agency_a.code, "năm nay", -1, ""]],
        }
    )
    with pytest.raises(StaffingFileError) as excinfo:
        import_workbook(upload, actor=world.hr_a)
    found = {(e.sheet, e.row, e.column) for e in excinfo.value.errors}
    assert found == {
        ("positions", 3, "group"),
        ("positions", 4, "rank"),
        ("positions", 4, "headcount"),
        ("positions", 5, "agency"),
        ("positions", 6, "code"),
        ("quotas", 3, "year"),
        ("quotas", 3, "assigned"),
    }
    assert not JobPosition.objects.exists() and not StaffingQuota.objects.exists()


def test_a_quota_refused_while_writing_rolls_back_the_whole_file(world):
    RankFactory()
    StaffingQuota.objects.create(agency=world.agency_a, year=2026, assigned=5)
    upload = _upload(
        {
            "positions": [_position(world.agency_a, "CN-09")],
            # the branch's quota would exceed its parent's (allocated down > assigned)
            "quotas": [[world.agency_a_branch.code, 2026, 6, "QĐ"]],
        }
    )
    with pytest.raises(StaffingFileError) as excinfo:
        import_workbook(upload, actor=world.hr_a)
    assert [(e.sheet, e.row, e.column) for e in excinfo.value.errors] == [("quotas", 2, "assigned")]
    assert not JobPosition.objects.filter(code="CN-09").exists()


def test_a_file_that_is_not_a_workbook_is_refused(world):
    from motcua.core.errors import ProblemError

    with pytest.raises(ProblemError):
        import_workbook(SimpleUploadedFile("x.xlsx", b"%PDF-1.4 no"), actor=world.hr_a)


def test_the_import_screen_lists_errors_by_row(world):
    RankFactory()
    client = Client()
    client.force_login(world.hr_a)
    upload = _upload({"positions": [_position(world.agency_a, "CN-01", headcount="ba")]})
    page = client.post("/en/personnel/import/", {"file": upload})
    assert page.status_code == 200
    assert [(e.row, e.column) for e in page.context["errors"]] == [(2, "headcount")]
    page = client.post("/en/personnel/import/", {"file": _upload({"positions": [_position(world.agency_a)]})})
    assert page.context["summary"].positions == 1
