"""My dossiers: the applicant sees their own dossiers only, follows them, supplements and withdraws."""

import pytest

from motcua.dossiers import actions
from motcua.dossiers.constants import DocumentKind, Status
from motcua.dossiers.models import DossierDocument
from motcua.portal.models import Survey
from motcua.portal.tests.conftest import disguised, pdf

pytestmark = pytest.mark.django_db


def submitted(dw, user=None):
    return actions.submit(
        None, actor=user or dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )


def test_my_dossiers_lists_only_mine(client, dw):
    mine = submitted(dw)
    theirs = submitted(dw, dw.stranger)
    client.force_login(dw.citizen)
    response = client.get("/ho-so/")
    assert [d.code for d in response.context["page"].object_list] == [mine.code]
    assert theirs.code not in response.content.decode()


def test_another_citizen_gets_404_on_my_dossier(client, dw):
    mine = submitted(dw)
    client.force_login(dw.stranger)
    for path in ("", "da-nop/", "rut/"):
        assert client.get(f"/ho-so/{mine.code}/{path}").status_code == 404
    assert client.post(f"/ho-so/{mine.code}/rut/", {"version": mine.version}).status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.NEW


def test_the_detail_shows_status_timeline_documents_and_due_date(client, dw):
    dossier = submitted(dw)
    dossier = actions.attach(dossier, actor=dw.citizen, file=pdf(), name="to-khai.pdf")
    dossier = actions.receive(dossier, actor=dw.desk_a)
    client.force_login(dw.citizen)
    response = client.get(f"/ho-so/{dossier.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Được tiếp nhận" in html  # status, Vietnamese by default
    assert [row["label"] for row in response.context["timeline"]][-1] == "Nộp trực tuyến"
    assert len(response.context["timeline"]) == 3  # submit, attach, receive (newest first)
    assert dossier.due_at.astimezone().strftime("%d/%m/%Y") in html
    assert "to-khai.pdf" in html
    assert f"/api/v1/dossiers/{dossier.code}/papers/receipt.pdf" in html


def test_withdraw_asks_for_confirmation_then_withdraws(client, dw):
    dossier = submitted(dw)
    client.force_login(dw.citizen)
    page = client.get(f"/ho-so/{dossier.code}/rut/")
    assert page.status_code == 200 and page.context["form"].initial["version"] == dossier.version
    response = client.post(f"/ho-so/{dossier.code}/rut/", {"version": dossier.version, "reason": "Nộp nhầm"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    assert dossier.events.order_by("-seq").first().data["reason"] == "Nộp nhầm"


def test_withdraw_is_refused_when_not_allowed(client, dw):
    dossier = submitted(dw)
    client.force_login(dw.citizen)
    client.post(f"/ho-so/{dossier.code}/rut/", {"version": dossier.version})
    response = client.get(f"/ho-so/{dossier.code}/rut/")  # already withdrawn
    assert response.status_code == 302
    assert client.get(f"/ho-so/{dossier.code}/").context["can_withdraw"] is False
    response = client.post(f"/ho-so/{dossier.code}/rut/", {"version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.events.filter(kind="withdraw").count() == 1


def test_a_stale_withdrawal_says_the_dossier_changed(client, dw):
    dossier = submitted(dw)
    client.force_login(dw.citizen)
    stale = dossier.version
    actions.receive(dossier, actor=dw.desk_a)
    response = client.post(f"/ho-so/{dossier.code}/rut/", {"version": stale})
    assert response.status_code == 409 and response.context["error"]
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def _supplement_requested(dw):
    dossier = submitted(dw)
    dossier = actions.receive(dossier, actor=dw.desk_a)
    return actions.request_supplement(dossier, actor=dw.desk_a, reason="Thiếu giấy chứng sinh")


def test_the_applicant_uploads_a_supplement_when_asked(client, dw):
    dossier = _supplement_requested(dw)
    client.force_login(dw.citizen)
    page = client.get(f"/ho-so/{dossier.code}/")
    assert page.context["can_supplement"] and "Thiếu giấy chứng sinh" in page.content.decode()
    response = client.post(f"/ho-so/{dossier.code}/bo-sung/", {"file": pdf("chung-sinh.pdf")})
    assert response.status_code == 302
    assert DossierDocument.objects.get().kind == DocumentKind.SUPPLEMENT


def test_a_disguised_supplement_is_refused_with_the_field_error(client, dw):
    dossier = _supplement_requested(dw)
    client.force_login(dw.citizen)
    response = client.post(f"/ho-so/{dossier.code}/bo-sung/", {"file": disguised()})
    assert response.status_code == 422 and response.context["upload_errors"]
    assert 'aria-describedby="e-sup-file"' in response.content.decode()
    assert not DossierDocument.objects.exists()


def test_no_supplement_unless_asked(client, dw):
    dossier = actions.receive(submitted(dw), actor=dw.desk_a)
    client.force_login(dw.citizen)
    response = client.post(f"/ho-so/{dossier.code}/bo-sung/", {"file": pdf()})
    assert response.status_code == 422 and not DossierDocument.objects.exists()


def test_the_satisfaction_survey_is_offered_once_after_the_result_is_returned(client, dw):
    dossier = submitted(dw)
    client.force_login(dw.citizen)
    assert client.get(f"/ho-so/{dossier.code}/danh-gia/").status_code == 302  # not returned yet
    from motcua.dossiers.models import Dossier

    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RETURNED)  # the desk's part is tested in dossiers
    answers = {"time": 3, "attitude": 3, "publicity": 2, "ease": 2, "cost": 1, "comment": "Nhanh"}
    response = client.post(f"/ho-so/{dossier.code}/danh-gia/", answers)
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert (survey.time, survey.cost, survey.comment) == (3, 1, "Nhanh")
    assert client.get(f"/ho-so/{dossier.code}/danh-gia/").status_code == 302  # once
    client.force_login(dw.stranger)
    assert client.post(f"/ho-so/{dossier.code}/danh-gia/", answers).status_code == 404


def test_the_applicant_pays_a_financial_obligation_online_from_the_dossier_page(dw, client, settings):
    from motcua.payments.constants import PaymentStatus
    from motcua.payments.models import Payment
    from motcua.payments.tests.conftest import OBLIGATION, financial_dossier

    settings.PAYMENTS_SIMULATORS = True
    settings.MOTCUA_PUBLIC_BASE_URL = "http://testserver"
    dossier = financial_dossier(dw)
    client.force_login(dw.citizen)
    page = client.get(f"/ho-so/{dossier.code}/")
    assert page.context["obligations"][0].amount == OBLIGATION
    assert 'name="provider" value="simulator"' in page.content.decode()
    started = client.post(
        f"/ho-so/{dossier.code}/thanh-toan/", {"purpose": "financial_obligation", "provider": "simulator"}
    )
    payment = Payment.objects.get(dossier=dossier)
    assert started.status_code == 302 and started["Location"] == payment.redirect_url
    assert payment.amount == OBLIGATION and payment.requested_by == dw.citizen
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.PAID)  # as the gateway's callback would
    assert client.get(f"/ho-so/{dossier.code}/").context["obligations"] == []
    client.force_login(dw.stranger)
    assert client.post(f"/ho-so/{dossier.code}/thanh-toan/", {"purpose": "financial_obligation"}).status_code == 404
