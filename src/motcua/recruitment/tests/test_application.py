"""The online application (form content, uploads checked by content, fee), eligibility as data, the published
list of eligible candidates, and one round from plan to published results with all of them."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.core.errors import ProblemError
from motcua.core.testing import make_user
from motcua.recruitment import actions, eligibility, selectors
from motcua.recruitment.constants import (
    ApplicationStatus,
    CouncilRole,
    ErrorCode,
    Ineligibility,
    Result,
    Round2Form,
    RoundStatus,
)
from motcua.recruitment.management.commands.load_recruitment_rules import load_fees, load_rules
from motcua.recruitment.models import Application, ApplicationDocument, ExamSession, Question
from motcua.recruitment.tests.conftest import form


def pdf(name="bang.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% diploma\n", content_type="application/pdf")


@pytest.mark.parametrize(
    "candidates,fee", [(0, 500_000), (99, 500_000), (100, 400_000), (499, 400_000), (500, 300_000), (5000, 300_000)]
)
def test_the_exam_fee_follows_circular_92_2021_by_number_of_candidates(db, candidates, fee):
    [schedule] = load_fees()
    assert schedule.amount_for(candidates) == fee
    assert schedule.remark_fee == 150_000
    assert selectors.fee_schedule_on(date(2021, 12, 15)) == schedule  # in force from 15/12/2021
    assert selectors.fee_schedule_on(date(2021, 12, 14)) is None


def test_the_loaded_rules_name_only_known_eligibility_checks_with_their_sources(db):
    [rules] = load_rules()
    assert eligibility.unknown_checks(rules.eligibility) == []
    assert all(spec.get("source") for spec in rules.eligibility)
    assert {d["code"] for d in rules.required_documents if d["mandatory"]} == {"diploma", "id_card"}


def test_documents_are_checked_by_content_and_nothing_is_kept_from_a_refused_application(world, announced):
    person = make_user("nop_ho_so")
    rp = announced.positions.get(position=world.position)
    disguised = SimpleUploadedFile("bang.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ProblemError) as refused:
        actions.submit_application(
            actor=person, round_=announced, round_position=rp, documents=[("diploma", pdf()), ("diploma", disguised)],
            **form(),
        )  # fmt: skip
    assert refused.value.code == "file_type_not_allowed"
    with pytest.raises(ProblemError) as unknown:
        actions.submit_application(
            actor=person, round_=announced, round_position=rp, documents=[("selfie", pdf())], **form()
        )
    assert unknown.value.code == ErrorCode.DOCUMENT_KIND
    assert not Application.objects.filter(candidate=person).exists()
    assert not ApplicationDocument.objects.exists()

    application = actions.submit_application(
        actor=person, round_=announced, round_position=rp, documents=[("diploma", pdf())], **form()
    )
    [doc] = application.documents.all()
    assert (doc.kind, doc.content_type, len(doc.sha256)) == ("diploma", "application/pdf", 64)
    # Only the candidate and the staff running the round can read it.
    assert _as(person).get(f"/recruitment/document/{doc.pk}/").status_code == 200
    assert _as(world.hr_a).get(f"/recruitment/document/{doc.pk}/").status_code == 200
    assert _as(world.stranger).get(f"/recruitment/document/{doc.pk}/").status_code == 404


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_fee_is_recorded_once_by_the_staff_running_the_round(world, announced, apply):
    announced.fee = 500_000
    announced.save(update_fields=["fee"])
    application = apply()
    assert application.fee_amount == 500_000 and application.fee_paid_at is None
    with pytest.raises(ProblemError) as stranger:
        actions.record_fee_paid(actor=world.stranger, application=application, receipt="BL-1")
    assert stranger.value.status == 403
    with pytest.raises(ProblemError) as no_receipt:
        actions.record_fee_paid(actor=world.hr_a, application=application, receipt=" ")
    assert no_receipt.value.code == ErrorCode.RECEIPT_REQUIRED
    actions.record_fee_paid(actor=world.hr_a, application=application, receipt="BL-0001")
    with pytest.raises(ProblemError) as twice:
        actions.record_fee_paid(actor=world.hr_a, application=application, receipt="BL-0002")
    assert twice.value.code == ErrorCode.FEE_ALREADY_PAID
    application.refresh_from_db()
    assert (application.fee_receipt, application.fee_recorded_by) == ("BL-0001", world.hr_a)


def test_eligibility_follows_the_checks_listed_in_the_rules(world, announced, apply):
    rules = announced.rule_set
    rules.required_documents = [{"code": "diploma", "label": "Văn bằng", "mandatory": True}]
    rules.save(update_fields=["required_documents"])
    announced.fee = 500_000
    announced.save(update_fields=["fee"])
    unpaid = apply(documents=[("diploma", pdf())])
    no_diploma = apply()
    actions.record_fee_paid(actor=world.hr_a, application=no_diploma, receipt="BL-2")
    assert eligibility.problems(Application.objects.get(pk=unpaid.pk)) == [Ineligibility.FEE_UNPAID]
    assert eligibility.problems(Application.objects.get(pk=no_diploma.pk)) == [Ineligibility.DOCUMENTS]
    # A check taken out of the rules is no longer applied: the rules are data.
    rules.eligibility = [c for c in rules.eligibility if c["check"] != "fee_paid"]
    rules.save(update_fields=["eligibility"])
    assert eligibility.problems(Application.objects.get(pk=unpaid.pk)) == []


def test_a_round_from_plan_to_published_results(world):
    """Plan → approval → announcement (fee from Circular 92/2021) → applications with documents and fee →
    eligibility and the published list → computer-based round 1 → round 2 marks → ranking → results."""
    load_fees()
    rules = world.rules
    rules.required_documents = [{"code": "diploma", "label": "Văn bằng", "mandatory": True}]
    rules.save(update_fields=["required_documents"])
    round_ = actions.create_round(
        actor=world.hr_a, agency=world.agency_a, code="TD-FULL", name="Thi tuyển 2026", year=2026,
        positions=[(world.position, 1, Round2Form.WRITTEN)], rule_set=rules, expected_candidates=40,
    )  # fmt: skip
    assert round_.fee == 500_000 and round_.fee_schedule is not None
    actions.approve_plan(actor=world.leader_a, round_=round_)
    today = timezone.localdate()
    actions.announce(actor=world.hr_a, round_=round_, opens=today, closes=today + timedelta(days=30))
    council = [(world.marker1, CouncilRole.MARKER), (world.marker2, CouncilRole.MARKER)]
    actions.appoint_council(actor=world.hr_a, round_=round_, members=council)
    rp = round_.positions.get()
    people = {n: make_user(n, full_name=f"Ứng viên {n}") for n in ("an", "binh", "chau", "dung")}
    apps = {}
    for name, user in people.items():
        documents = [] if name == "dung" else [("diploma", pdf(f"{name}.pdf"))]
        priority = ["ethnic_minority"] if name == "binh" else []
        apps[name] = actions.submit_application(
            actor=user, round_=round_, round_position=rp, documents=documents, priority_categories=priority,
            **form(full_name=f"Ứng viên {name}"),
        )  # fmt: skip
        assert apps[name].fee_amount == 500_000
    for name in ("an", "binh", "dung"):  # chau never pays
        actions.record_fee_paid(actor=world.hr_a, application=apps[name], receipt=f"BL-{name}")
    assert selectors.eligible_list(round_) == []  # nothing public before the list is published

    actions.close_applications(actor=world.hr_a, round_=round_)
    assert actions.publish_eligible(actor=world.hr_a, round_=round_) == {"eligible": 2, "ineligible": 2}
    assert [a.full_name for a in selectors.eligible_list(round_)] == ["Ứng viên an", "Ứng viên binh"]
    public = Client().get(f"/recruitment/{round_.pk}/").content.decode()
    assert "Ứng viên an" in public and "Ứng viên chau" not in public
    assert apps["an"].citizen_id not in public
    assert Application.objects.get(pk=apps["chau"].pk).ineligibility == [Ineligibility.FEE_UNPAID]
    assert Application.objects.get(pk=apps["dung"].pk).ineligibility == [Ineligibility.DOCUMENTS]

    actions.open_round1(actor=world.hr_a, round_=round_)
    for name in ("an", "binh"):
        session = ExamSession.objects.get(application=apps[name])
        actions.start_session(actor=people[name], session=session)
        key = dict(Question.objects.filter(pk__in=session.question_ids).values_list("pk", "correct"))
        for seq, qid in enumerate(session.question_ids, start=1):
            actions.save_answer(actor=people[name], session=session, question_id=qid, choice=key[qid], seq=seq)
        assert actions.finish_session(actor=people[name], session=session).passed
    actions.open_round2(actor=world.hr_a, round_=round_)
    for name, score in (("an", D(80)), ("binh", D(76))):
        actions.enter_mark(actor=world.marker1, application=apps[name], score=score)
        actions.enter_mark(actor=world.marker2, application=apps[name], score=score)
    actions.announce_scores(actor=world.hr_a, round_=round_)
    actions.publish_results(actor=world.hr_a, round_=round_, today=round_.appeals_close + timedelta(days=1))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.RESULTS_PUBLISHED
    results = {n: Application.objects.get(pk=a.pk) for n, a in apps.items()}
    # binh 76 + 5 (ethnic minority) = 81 beats an's 80 for the one place.
    assert (results["binh"].total, results["binh"].result) == (D(81), Result.PASSED)
    assert (results["an"].total, results["an"].result) == (D(80), Result.FAILED)
    assert results["chau"].status == ApplicationStatus.INELIGIBLE
    public = Client().get(f"/recruitment/{round_.pk}/").content.decode()
    assert "81" in public and "Ứng viên binh" in public
