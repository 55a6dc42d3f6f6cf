"""The dossier world of the dossier tests, reused for the portal pages, plus an online procedure with a form,
documents and fees for the submission wizard."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.tests.conftest import dw  # noqa: F401
from motcua.procedures.constants import DocumentForm, FeeKind
from motcua.procedures.models import FeeItem, RequiredDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

FORM_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Tờ khai thử nghiệm",
    "type": "object",
    "required": ["child", "copies"],
    "properties": {
        "child": {
            "type": "object",
            "title": "Người được khai sinh",
            "required": ["full_name", "birth_date", "sex"],
            "properties": {
                "full_name": {"type": "string", "minLength": 2, "title": "Họ, chữ đệm, tên"},
                "birth_date": {"type": "string", "format": "date", "title": "Ngày sinh"},
                "sex": {
                    "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}],
                    "title": "Giới tính",
                },
            },
        },
        "personal_id": {"type": "string", "pattern": "^\\d{12}$", "title": "Số định danh của người yêu cầu"},
        "copies": {"type": "integer", "minimum": 1, "maximum": 10, "title": "Số bản sao"},
        "urgent": {"type": "boolean", "title": "Cần gấp"},
    },
}


def pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def disguised(name="giay-to.pdf"):
    """A PNG picture named .pdf: its name does not match its content."""
    return SimpleUploadedFile(name, PNG, content_type="application/pdf")


@pytest.fixture
def online(dw):  # noqa: F811 — the fixture imported above
    """dw.procedure made a full online service with a form, two documents (one optional) and fees."""
    procedure = dw.procedure
    procedure.form_schema = FORM_SCHEMA
    procedure.name = "Đăng ký khai sinh thử nghiệm"
    procedure.save()
    RequiredDocument.objects.create(
        procedure=procedure, position=1, name="Giấy chứng sinh", form=DocumentForm.ORIGINAL, copies=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, position=2, name="Giấy tờ khác", form=DocumentForm.COPY, copies=1, mandatory=False
    )
    FeeItem.objects.create(procedure=procedure, name="Lệ phí cấp bản sao", kind=FeeKind.PER_COPY, amount=Decimal(8000))
    return dw


VALID_FORM = {
    "f_child.full_name": "Nguyễn Văn Bé",
    "f_child.birth_date": "2026-03-01",
    "f_child.sex": "nam",
    "f_copies": "2",
}
APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Văn An",
    "citizen_id": "087090001234",
    "phone": "0912345678",
    "email": "an@example.org",
    "address_street": "Số 1, đường Lê Lợi",
}
