"""Documents: checked by content and size, kept with their SHA-256, attached only by who may."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.errors import ProblemError
from motcua.dossiers import actions
from motcua.dossiers.constants import DocumentKind, ErrorCode
from motcua.dossiers.models import DossierDocument, DossierEvent

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _file(name, content):
    return SimpleUploadedFile(name, content)


def _submitted(dw):
    return actions.submit(None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant())


def test_the_applicant_attaches_a_pdf_and_its_hash_is_kept(dw):
    dossier = _submitted(dw)
    dossier = actions.attach(dossier, actor=dw.citizen, file=_file("to-khai.pdf", PDF), name="Tờ khai")
    document = DossierDocument.objects.get(dossier=dossier)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (document.size, document.content_type) == (len(PDF), "application/pdf")
    assert document.file.read() == PDF
    assert DossierEvent.objects.filter(dossier=dossier, kind="attach").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("giay-to.jpg", PDF, "file_type_mismatch"),  # a PDF disguised as a picture
        ("setup.pdf", b"MZ\x90\x00 executable", "file_type_not_allowed"),
        ("trong.pdf", b"", "file_empty"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(dw, name, content, code):
    dossier = _submitted(dw)
    with pytest.raises(ProblemError) as err:
        actions.attach(dossier, actor=dw.citizen, file=_file(name, content))
    assert err.value.code == code
    assert not DossierDocument.objects.exists()
    assert not DossierEvent.objects.filter(kind="attach").exists()


def test_an_oversized_file_is_413(dw, settings):
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ProblemError) as err:
        actions.attach(_submitted(dw), actor=dw.citizen, file=_file("lon.png", PNG + b"\x00" * 200))
    assert (err.value.code, err.value.status) == ("file_too_large", 413)


def test_the_applicant_cannot_add_papers_while_the_agency_handles_the_dossier(dw):
    dossier = _submitted(dw)
    dossier = actions.receive(dossier, actor=dw.desk_a)
    with pytest.raises(ProblemError) as err:
        actions.attach(dossier, actor=dw.citizen, file=_file("them.pdf", PDF))
    assert err.value.code == ErrorCode.ATTACH_NOT_ALLOWED
    # …but the desk can, and the applicant can again when a supplement is requested.
    dossier = actions.attach(dossier, actor=dw.desk_a, file=_file("scan.pdf", PDF))
    dossier = actions.request_supplement(dossier, actor=dw.desk_a, reason="Thiếu bản sao")
    actions.attach(dossier, actor=dw.citizen, file=_file("bo-sung.pdf", PDF), kind=DocumentKind.SUPPLEMENT)
    assert DossierDocument.objects.filter(dossier=dossier).count() == 2


def test_documents_through_the_api(dw):
    dossier = _submitted(dw)
    client = Client()
    client.force_login(dw.citizen)
    url = f"/api/v1/dossiers/{dossier.code}/documents/"
    created = client.post(url, {"version": 1, "name": "Tờ khai", "file": _file("to-khai.pdf", PDF)})
    assert created.status_code == 201, created.content
    listed = client.get(url).json()
    assert [d["name"] for d in listed] == ["Tờ khai"] and listed[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    download = client.get(f"{url}{listed[0]['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    stranger = Client()
    stranger.force_login(dw.stranger)
    assert stranger.get(f"{url}{listed[0]['id']}/").status_code == 404
    bad = client.post(url, {"version": 2, "file": _file("anh.png", PDF)})
    assert bad.status_code == 422 and bad.json()["code"] == "file_type_mismatch"


def test_a_receipt_without_a_mandatory_document_is_refused_and_names_it(dw):
    from motcua.procedures.models import RequiredDocument

    form = RequiredDocument.objects.create(procedure=dw.procedure, position=1, name="Tờ khai", form="original")
    optional = RequiredDocument.objects.create(
        procedure=dw.procedure, position=2, name="Giấy ủy quyền", form="copy", mandatory=False
    )
    with pytest.raises(ProblemError) as err:
        dw.receive(documents_checked=[optional.pk])
    assert err.value.code == ErrorCode.MISSING_DOCUMENTS
    assert [p.name for p in err.value.invalid_params] == [f"documents.{form.pk}"]
    assert not DossierEvent.objects.exists()
    assert dw.receive(documents_checked=[form.pk]).status == 2


def test_an_online_dossier_with_its_file_attached_can_be_received(dw):
    from motcua.procedures.models import RequiredDocument

    form = RequiredDocument.objects.create(procedure=dw.procedure, position=1, name="Tờ khai", form="original")
    dossier = _submitted(dw)
    with pytest.raises(ProblemError) as err:
        actions.receive(dossier, actor=dw.desk_a)
    assert err.value.code == ErrorCode.MISSING_DOCUMENTS
    dossier = actions.attach(dossier, actor=dw.citizen, file=_file("to-khai.pdf", PDF), required_document=form)
    assert actions.receive(dossier, actor=dw.desk_a).status == 2
