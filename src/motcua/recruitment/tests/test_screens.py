"""The round run end to end through the web screens by the people who do it."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from motcua.core.testing import make_user
from motcua.recruitment import actions
from motcua.recruitment.constants import CouncilRole, Result, RoundStatus
from motcua.recruitment.models import Application, ExamSession, Question, RecruitmentRound


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _step(client, round_, step=None):
    page = client.get(f"/recruitment/manage/{round_.pk}/")
    step = step or page.context["step"][0]
    client.post(f"/recruitment/manage/{round_.pk}/", {"action": "step", "step": step})
    round_.refresh_from_db()
    return round_.status


def test_personnel_staff_run_a_round_through_the_screens(world):
    hr, head = _as(world.hr_a), _as(world.leader_a)
    listing = hr.get("/recruitment/manage/")
    assert [v.position_id for v in listing.context["vacancies"]] == [world.position.pk, world.position_fl.pk]
    hr.post(
        "/recruitment/manage/",
        {"code": "TD-WEB", "name": "Tuyển dụng 2026", f"quota-{world.position.pk}": "1"},
    )
    round_ = RecruitmentRound.objects.get(code="TD-WEB")
    assert _as(world.citizen).get(f"/recruitment/manage/{round_.pk}/").status_code == 404
    assert hr.get(f"/recruitment/manage/{round_.pk}/").context["step"] is None  # staff cannot approve
    assert _step(head, round_) == RoundStatus.APPROVED
    assert _step(hr, round_) == RoundStatus.ANNOUNCED
    actions.appoint_council(
        actor=world.hr_a,
        round_=round_,
        members=[(world.marker1, CouncilRole.MARKER), (world.marker2, CouncilRole.MARKER)],
    )

    # A citizen reads the announcement on the portal and applies with the form.
    assert "Tuyển dụng 2026" in Client().get("/recruitment/").content.decode()
    candidate = make_user("ungvien", full_name="Ứng Viên")
    form = {
        "round_position": round_.positions.get().pk,
        "full_name": "Ứng Viên",
        "birth_date": "1999-03-04",
        "gender": "male",
        "ethnicity": "Kinh",
        "citizen_id": "087099123456",
        "phone": "0987654321",
        "qualification": "3",
        "priority_categories": ["military_service"],
        "health_fit": "on",
        "declaration": "on",
    }
    disguised = SimpleUploadedFile("bang.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = _as(candidate).post(f"/recruitment/{round_.pk}/", {**form, "document_diploma": disguised})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    diploma = SimpleUploadedFile("bang-dai-hoc.pdf", b"%PDF-1.4 diploma", content_type="application/pdf")
    answer = _as(candidate).post(f"/recruitment/{round_.pk}/", {**form, "document_diploma": diploma})
    assert answer.status_code == 302
    confirmation = _as(candidate).get(answer["Location"])
    assert "bang-dai-hoc.pdf" in confirmation.content.decode()
    assert _as(world.stranger).get(answer["Location"]).status_code == 404
    again = _as(candidate).post(f"/recruitment/{round_.pk}/", form)
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()
    assert Application.objects.filter(candidate=candidate).count() == 1

    assert _step(hr, round_) == RoundStatus.APPLICATIONS_CLOSED
    assert _step(hr, round_) == RoundStatus.ELIGIBILITY_PUBLISHED
    assert _step(hr, round_) == RoundStatus.ROUND1
    session = ExamSession.objects.get(application__candidate=candidate)
    assert _as(candidate).get("/recruitment/mine/").status_code == 200
    assert _as(candidate).get(f"/recruitment/exam/{session.pk}/").status_code == 200
    assert _as(world.stranger).get(f"/recruitment/exam/{session.pk}/").status_code == 404
    actions.start_session(actor=candidate, session=session)
    key = dict(Question.objects.values_list("pk", "correct"))
    for seq, qid in enumerate(session.question_ids, start=1):
        actions.save_answer(actor=candidate, session=session, question_id=qid, choice=key[qid], seq=seq)
    actions.finish_session(actor=candidate, session=session)
    assert _step(hr, round_) == RoundStatus.ROUND2

    application = Application.objects.get(candidate=candidate)
    for marker, score in ((world.marker1, "70"), (world.marker2, "72,5")):
        _as(marker).post(
            f"/recruitment/manage/{round_.pk}/", {"action": "mark", "application": application.pk, "score": score}
        )
    assert _step(hr, round_) == RoundStatus.SCORES_ANNOUNCED
    assert f"/recruitment/mine/{application.pk}/remark/" in _as(candidate).get("/recruitment/mine/").content.decode()
    RecruitmentRound.objects.filter(pk=round_.pk).update(appeals_close=round_.appeals_close - timedelta(days=30))
    assert _step(hr, round_) == RoundStatus.RESULTS_PUBLISHED
    application.refresh_from_db()
    assert (str(application.round2_score), str(application.total), application.result) == (
        "71.25",
        "73.75",
        Result.PASSED,
    )
    public = Client().get(f"/recruitment/{round_.pk}/").content.decode()
    assert "Ứng Viên" in public and "73.75" in public.replace(",", ".")
    assert "087099123456" not in public  # no personal data in the published results


def test_the_demo_loader_announces_a_round_with_a_full_question_bank(world):
    from motcua.personnel.models import StaffingAuthority

    StaffingAuthority.objects.create(agency=world.agency_a)
    call_command("load_recruitment_demo", verbosity=0)
    call_command("load_recruitment_demo", verbosity=0)
    round_ = RecruitmentRound.objects.get(code__startswith="TDCC-")
    assert round_.status == RoundStatus.ANNOUNCED
    assert round_.rule_set.legal_basis.startswith("Decree 170/2025/NĐ-CP")
    assert Question.objects.filter(subject="general", difficulty="medium").count() >= 30
