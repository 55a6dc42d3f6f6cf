"""Excel import/export: round trip, and all-or-nothing with bad rows named by row and column."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from motcua.divisions.constants import AgencyKind, Tier
from motcua.procedures.actions import export_tables, import_tables
from motcua.procedures.constants import FeeKind
from motcua.procedures.exchange import CatalogueFileError, RowError, read_workbook, write_workbook
from motcua.procedures.models import FeeItem, Field, Procedure, Process, ProcessStep
from motcua.procedures.selectors import search_procedures
from motcua.procedures.tests.factories import (
    AgencyFactory,
    DocumentFactory,
    FeeFactory,
    PerformerFactory,
    process_with_steps,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_catalogue(catalogue, commune_agency):
    birth = catalogue["birth"]
    birth.form_schema = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    birth.unverified = ["process"]
    birth.save()
    DocumentFactory(procedure=birth, name="Tờ khai đăng ký khai sinh", position=1)
    DocumentFactory(procedure=birth, name="Giấy chứng sinh", position=2, mandatory=False, copies=2)
    FeeFactory(procedure=birth, kind=FeeKind.FORMULA, amount=None, formula="min(2000 * pages, 200000)")
    FeeFactory(procedure=catalogue["permit"], amount=Decimal(75000), exemptions="Hộ nghèo")
    PerformerFactory(procedure=birth, agency=commune_agency, note="UBND xã")
    police = AgencyFactory(kind=AgencyKind.POLICE, unit=commune_agency.unit, name="Công an xã")
    process = process_with_steps(birth, commune_agency, [1, 4, 2, "0.5", "0.5"])
    step = process.steps.get(position=3)
    step.handler_agency, step.handler_kind, step.handler_tier, step.inter_agency = police, "police", Tier.COMMUNE, True
    step.save()
    return catalogue


def test_export_then_import_gives_the_same_catalogue(full_catalogue, tmp_path):
    first = tmp_path / "first.xlsx"
    call_command("export_procedures", str(first), stdout=StringIO(), stderr=StringIO())
    before = read_workbook(first)
    Process.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()

    call_command("import_procedures", str(first), stdout=StringIO(), stderr=StringIO())
    second = tmp_path / "second.xlsx"
    call_command("export_procedures", str(second), stdout=StringIO(), stderr=StringIO())
    assert read_workbook(second) == before
    assert Procedure.objects.count() == 5
    assert ProcessStep.objects.get(position=3).handler_agency.name == "Công an xã"
    assert [p.code for p in search_procedures("khai sinh")] == ["1.001193"]


def test_import_updates_existing_procedures_by_code(full_catalogue, tmp_path):
    path = tmp_path / "cat.xlsx"
    tables = export_tables()
    for row in tables["procedures"]:
        if row["code"] == "1.001193":
            row["name"] = "Thủ tục đăng ký khai sinh (sửa đổi)"
    write_workbook(path, tables)
    summary = import_tables(read_workbook(path))
    assert (summary.procedures_created, summary.procedures_updated) == (0, 5)
    assert Procedure.objects.get(code="1.001193").name.endswith("(sửa đổi)")
    assert [p.code for p in search_procedures("sua doi")] == ["1.001193"]


def _bad_workbook(path, tables):
    write_workbook(path, tables)
    return path


def test_bad_rows_are_reported_with_row_and_column_and_nothing_is_written(full_catalogue, tmp_path):
    tables = export_tables()
    tables["procedures"].append(dict(tables["procedures"][0], code="9.999999", name="Mới, hợp lệ"))
    tables["procedures"][0]["time_unit"] = "fortnights"  # Excel row 2
    tables["procedures"][2]["field"] = "no-such-field"  # Excel row 4
    tables["fees"][0]["amount"] = "nhiều"  # Excel row 2
    tables["steps"][0]["allotted_hours"] = 5  # the birth process no longer adds up to 8 hours
    path = _bad_workbook(tmp_path / "bad.xlsx", tables)
    before = (Procedure.objects.count(), FeeItem.objects.count(), Procedure.objects.get(code="1.001193").name)

    with pytest.raises(CatalogueFileError) as exc:
        import_tables(read_workbook(path))
    found = {(e.sheet, e.row, e.column) for e in exc.value.errors}
    assert ("procedures", 2, "time_unit") in found
    assert ("procedures", 4, "field") in found
    assert ("steps", 2, "allotted_hours") in found
    assert any(e.sheet == "fees" and e.column in {"amount", "formula"} for e in exc.value.errors)
    assert (Procedure.objects.count(), FeeItem.objects.count(), Procedure.objects.get(code="1.001193").name) == before
    assert not Procedure.objects.filter(code="9.999999").exists()


def test_the_command_exits_non_zero_and_lists_the_errors(full_catalogue, tmp_path):
    tables = export_tables()
    tables["procedures"][0]["levels"] = "hamlet"
    path = _bad_workbook(tmp_path / "bad.xlsx", tables)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_procedures", str(path), stdout=StringIO(), stderr=err)
    assert "procedures row 2, column levels" in err.getvalue()


def test_a_missing_sheet_or_column_is_reported(tmp_path):
    path = tmp_path / "empty.xlsx"
    write_workbook(path, {})
    workbook = load_workbook(path)
    del workbook["procedures"]
    workbook["fields"].delete_cols(3)
    workbook.save(path)
    with pytest.raises(CatalogueFileError) as exc:
        read_workbook(path)
    assert RowError("fields", 1, "name", "column(s) missing from the header") in exc.value.errors
    assert any(e.sheet == "procedures" for e in exc.value.errors)


def test_a_bad_form_schema_is_rejected(full_catalogue, tmp_path):
    tables = export_tables()
    tables["procedures"][0]["form_schema"] = '{"type": "banana"}'
    path = _bad_workbook(tmp_path / "bad.xlsx", tables)
    with pytest.raises(CatalogueFileError) as exc:
        import_tables(read_workbook(path))
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "form_schema")]


def test_steps_must_name_known_agencies(full_catalogue, tmp_path):
    tables = export_tables()
    tables["steps"][0]["agency"] = "000.00.00.X00"
    path = _bad_workbook(tmp_path / "bad.xlsx", tables)
    with pytest.raises(CatalogueFileError) as exc:
        import_tables(read_workbook(path))
    assert ("steps", 2, "agency") in {(e.sheet, e.row, e.column) for e in exc.value.errors}


def test_a_new_procedure_from_a_hand_made_sheet(db, tmp_path):
    tables = {
        "fields": [{"code": "chung-thuc", "name": "Chứng thực"}],
        "procedures": [
            {
                "code": "2.000815",
                "name": "Chứng thực bản sao từ bản chính",
                "field": "chung-thuc",
                "levels": "commune",
                "time_value": None,
                "time_unit": "same_day",
                "postal_allowed": "không",
                "inter_agency": "no",
            }
        ],
        "fees": [
            {
                "procedure": "2.000815",
                "name": "Phí chứng thực",
                "kind": "formula",
                "formula": "copies * min(2000 * min(pages, 2) + 1000 * max(pages - 2, 0), 200000)",
            }
        ],
    }
    path = tmp_path / "new.xlsx"
    write_workbook(path, tables)
    import_tables(read_workbook(path))
    procedure = Procedure.objects.get(code="2.000815")
    assert (procedure.at_commune, procedure.postal_allowed, procedure.time_unit) == (True, False, "same_day")
    assert procedure.fees.get().compute(pages=3) == 5000


def test_reimport_updates_rows_in_place_so_dossiers_keep_their_references(full_catalogue, tmp_path):
    step = ProcessStep.objects.get(position=2)
    document = full_catalogue["birth"].documents.get(position=1)
    tables = export_tables()
    tables["steps"][1]["name"] = "Thẩm định hồ sơ"
    tables["documents"][0]["copies"] = 3
    path = tmp_path / "cat.xlsx"
    write_workbook(path, tables)
    import_tables(read_workbook(path))
    step.refresh_from_db()
    document.refresh_from_db()
    assert (step.name, document.copies) == ("Thẩm định hồ sơ", 3)


def test_rows_in_use_are_not_removed(full_catalogue, tmp_path, monkeypatch):
    from django.db.models import ProtectedError
    from django.db.models.query import QuerySet

    real_delete = QuerySet.delete

    def guarded_delete(self):
        if self.model is ProcessStep and self.exists():
            raise ProtectedError("used by a dossier", set(self))
        return real_delete(self)

    monkeypatch.setattr(QuerySet, "delete", guarded_delete)
    tables = export_tables()
    tables["steps"] = [s for s in tables["steps"] if s["position"] != 5]
    tables["steps"][3]["allotted_hours"] = 1  # still 8 hours in all
    path = tmp_path / "cat.xlsx"
    write_workbook(path, tables)
    with pytest.raises(CatalogueFileError) as exc:
        import_tables(read_workbook(path))
    assert exc.value.errors[0].sheet == "steps"
    assert ProcessStep.objects.filter(position=5).exists()
    assert ProcessStep.objects.get(position=4).allotted_hours == Decimal("0.5")
