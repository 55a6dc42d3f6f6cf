"""Online submission: the wizard keeps a draft, checks every field and file, and submits through the actions."""

from unittest import mock

import pytest

from motcua.core.errors import InvalidParam, ProblemError
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.portal.models import Draft, DraftFile
from motcua.portal.tests.conftest import APPLICANT, VALID_FORM, disguised, pdf

pytestmark = pytest.mark.django_db

BASE = "/thu-tuc/1.000001/nop/"


def step(name: str) -> str:
    return f"{BASE}{name}/"


def fill_everything(client, dw):
    """Walk the wizard up to the review page; returns the first mandatory document's id."""
    client.force_login(dw.citizen)
    assert client.post(step("noi-nop"), {"agency": dw.agency_a.code, "next": "1"})["Location"] == step("nguoi-nop")
    assert client.post(step("nguoi-nop"), {**APPLICANT, "next": "1"})["Location"] == step("to-khai")
    assert client.post(step("to-khai"), {**VALID_FORM, "next": "1"})["Location"] == step("giay-to")
    doc = dw.procedure.documents.get(mandatory=True)
    client.post(step("giay-to"), {"upload": doc.pk, "file": pdf()})
    assert client.post(step("giay-to"), {"next": "1"})["Location"] == step("nhan-ket-qua")
    response = client.post(step("nhan-ket-qua"), {"method": "post", "address": "Số 1, đường Lê Lợi", "next": "1"})
    assert response["Location"] == step("xem-lai")
    return doc


def test_the_happy_path_creates_a_dossier_through_the_action_and_shows_its_code(client, online):
    dw = online
    doc = fill_everything(client, dw)
    review = client.get(step("xem-lai"))
    assert review.status_code == 200
    html = review.content.decode()
    assert "Nguyễn Văn Bé" in html and "16.000 đ" in html  # the form, and the fee for 2 copies
    with mock.patch.object(dossier_actions, "submit", wraps=dossier_actions.submit) as submit:
        response = client.post(step("xem-lai"), {"declaration": "on"})
    assert submit.call_count == 1
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{dossier.code}/da-nop/"
    assert dossier.status == Status.NEW and dossier.channel == Channel.ONLINE
    assert dossier.applicant == dw.citizen and dossier.receiving_agency == dw.agency_a
    assert dossier.applicant_citizen_id == "087090001234"
    assert dossier.form_data["child"] == {"full_name": "Nguyễn Văn Bé", "birth_date": "2026-03-01", "sex": "nam"}
    assert dossier.form_data["copies"] == 2 and dossier.form_data["urgent"] is False
    assert dossier.form_data["delivery"] == {"method": "post", "address": "Số 1, đường Lê Lợi"}
    assert dossier.fee_total == 16000
    document = DossierDocument.objects.get()
    assert document.required_document == doc and document.name == "to-khai.pdf"
    assert not Draft.objects.exists() and not DraftFile.objects.exists()
    page = client.get(response["Location"])
    assert dossier.code in page.content.decode()


def test_invalid_form_data_shows_field_errors_and_writes_nothing(client, online):
    dw = online
    client.force_login(dw.citizen)
    bad = {"f_child.full_name": "A", "f_child.birth_date": "31/02/2026", "f_copies": "hai", "f_personal_id": "123"}
    response = client.post(step("to-khai"), {**bad, "next": "1"})
    assert response.status_code == 200
    leaves = {item.name: item for group in response.context["items"] for item in getattr(group, "items", [group])}
    assert leaves["child.full_name"].errors and leaves["child.birth_date"].errors
    assert leaves["child.sex"].errors and leaves["copies"].errors and leaves["personal_id"].errors
    html = response.content.decode()
    assert 'aria-describedby="e-f-child-full_name"' in html and 'id="e-f-child-full_name"' in html
    assert not Dossier.objects.exists()
    draft = Draft.objects.get()
    assert draft.data["form"]["copies"] == "hai"  # kept as typed, for correcting
    assert "to-khai" not in draft.data["done"]


def test_inline_validation_answers_without_saving(client, online):
    client.force_login(online.citizen)
    response = client.post(step("to-khai"), {"f_copies": "0", "_validate": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "f-copies" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_disguised_file_is_refused_with_the_field_error(client, online):
    dw = online
    client.force_login(dw.citizen)
    doc = dw.procedure.documents.get(mandatory=True)
    response = client.post(step("giay-to"), {"upload": doc.pk, "file": disguised()})
    assert response.status_code == 422
    slot = next(s for s in response.context["slots"] if s["document"] == doc)
    assert slot["errors"] and not slot["files"]
    assert f'aria-describedby="e-file-{doc.pk}"' in response.content.decode()
    assert not DraftFile.objects.exists()
    # and a missing mandatory document keeps the applicant on the step
    response = client.post(step("giay-to"), {"next": "1"})
    assert response.status_code == 200 and response.context["error_count"] == 1


def test_a_draft_persists_and_the_wizard_resumes_where_it_stopped(client, online):
    dw = online
    client.force_login(dw.citizen)
    client.post(step("noi-nop"), {"agency": dw.agency_a.code, "next": "1"})
    response = client.post(step("nguoi-nop"), {**APPLICANT, "save": "1"})
    assert response.status_code == 200  # "save draft" stays on the page
    doc = dw.procedure.documents.get(mandatory=True)
    client.post(step("giay-to"), {"upload": doc.pk, "file": pdf()})
    client.logout()

    client.force_login(dw.citizen)
    assert client.get("/ho-so/").context["drafts"][0].procedure == dw.procedure
    assert client.get(BASE)["Location"] == step("to-khai")  # agency and applicant are done
    form = client.get(step("nguoi-nop")).context["form"]
    assert form.initial["citizen_id"] == "087090001234"
    slots = client.get(step("giay-to")).context["slots"]
    assert [f.name for f in slots[0]["files"]] == ["to-khai.pdf"]


def test_the_applicant_step_is_prefilled_from_the_account(client, online):
    user = online.citizen
    user.citizen_id, user.phone = "087090009999", "0987654321"
    user.save()
    client.force_login(user)
    initial = client.get(step("nguoi-nop")).context["form"].initial
    assert initial["name"] == "Nguyễn Văn An" and initial["citizen_id"] == "087090009999"


def test_a_refusal_at_submission_leaves_nothing_half_written(client, online):
    dw = online
    fill_everything(client, dw)
    doc = dw.procedure.documents.get(mandatory=False)
    client.post(step("giay-to"), {"upload": doc.pk, "file": pdf("khac.pdf")})
    calls = {"n": 0}
    from motcua.core import uploads

    real = uploads.inspect_upload

    def second_file_refused(upload, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ProblemError("file_type_not_allowed", "no", 422, invalid_params=[InvalidParam("file", "x", "bad")])
        return real(upload, **kw)

    with mock.patch.object(uploads, "inspect_upload", second_file_refused):
        response = client.post(step("xem-lai"), {"declaration": "on"})
    assert response.status_code == 422
    assert response.context["problems"][0]["step"] == "giay-to"
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()
    assert Draft.objects.get().files.count() == 2


def test_the_review_refuses_until_every_step_is_done_and_the_declaration_ticked(client, online):
    dw = online
    client.force_login(dw.citizen)
    client.post(step("noi-nop"), {"agency": dw.agency_a.code, "next": "1"})
    response = client.post(step("xem-lai"), {"declaration": "on"})
    assert response.context["incomplete"] and not Dossier.objects.exists()
    fill_everything(client, dw)
    response = client.post(step("xem-lai"), {})
    assert response.context["form"].errors and not Dossier.objects.exists()


def test_an_agency_without_a_process_is_not_offered(client, online):
    dw = online
    client.force_login(dw.citizen)
    response = client.post(step("noi-nop"), {"agency": dw.agency_b.code, "next": "1"})
    assert response.status_code == 200 and response.context["form"].errors


def test_a_procedure_not_offered_online_cannot_be_submitted(client, online):
    dw = online
    dw.procedure.online_level = "none"
    dw.procedure.save()
    client.force_login(dw.citizen)
    assert client.get(BASE)["Location"] == "/thu-tuc/1.000001/"


def test_discarding_a_draft_removes_it_and_its_files(client, online):
    dw = online
    client.force_login(dw.citizen)
    doc = dw.procedure.documents.get(mandatory=True)
    client.post(step("giay-to"), {"upload": doc.pk, "file": pdf()})
    assert DraftFile.objects.count() == 1
    client.post(f"{BASE}xoa-nhap/")
    assert not Draft.objects.exists() and not DraftFile.objects.exists()
