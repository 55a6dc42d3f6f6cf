"""Feedback actions: who may do what, in which status, with the time limits counted in working days."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core.audit import verify_stream
from motcua.core.errors import ProblemError
from motcua.feedback import actions, selectors
from motcua.feedback.constants import Kind, Stage, Status
from motcua.feedback.models import FeedbackEvent, TimeLimit
from motcua.reform import metrics as reform_metrics


def at(*args):
    return timezone.make_aware(datetime(*args))


def codes(exc_info):
    return exc_info.value.code


def test_it_gives_a_follow_up_code_and_records_who_did_what(world, submit, routed):
    feedback = submit(actor=world.citizen)
    assert feedback.code.startswith("PA-") and len(feedback.code) == 16
    assert feedback.status == Status.RECEIVED and feedback.author_user == world.citizen
    actions.route(actor=world.reform, feedback=feedback, agency=world.agency_a, note="Thuộc Sở A")
    actions.answer(actor=world.leader_a, feedback=feedback, text="Đã chấn chỉnh.")
    actions.publish(actor=world.reform, feedback=feedback)
    events = list(feedback.events.order_by("seq"))
    assert [(e.kind, e.actor_id, e.to_status) for e in events] == [
        ("submitted", world.citizen.pk, "received"),
        ("routed", world.reform.pk, "routed"),
        ("answered", world.leader_a.pk, "answered"),
        ("published", world.reform.pk, "published"),
    ]
    assert verify_stream(FeedbackEvent, feedback).ok


def test_anonymous_is_allowed_only_for_conduct_reports(world, submit):
    with pytest.raises(ProblemError) as exc:
        submit(kind=Kind.REGULATION, anonymous=True)
    assert codes(exc) == "feedback_anonymous_not_allowed"
    feedback = submit(kind=Kind.CONDUCT, anonymous=True, actor=world.citizen)
    # Nothing that identifies the author is kept, not even the signed-in account.
    assert (feedback.author_name, feedback.author_phone, feedback.author_email, feedback.author_user) == (
        "",
        "",
        "",
        None,
    )
    assert feedback.events.get().actor is None


def test_a_named_author_must_leave_a_way_to_be_answered(world, submit):
    with pytest.raises(ProblemError) as exc:
        submit(author_phone="", author_email="")
    assert codes(exc) == "feedback_contact_required"
    # A signed-in citizen's account details fill in.
    world.citizen.phone = "0912000111"
    world.citizen.save()
    feedback = submit(actor=world.citizen, author_name="", author_phone="", author_email="")
    assert (feedback.author_name, feedback.author_phone) == ("Nguyễn Văn An", "0912000111")


def test_a_filled_honeypot_is_refused(world, submit):
    with pytest.raises(ProblemError) as exc:
        submit(honeypot="http://spam.example")
    assert codes(exc) == "feedback_spam_suspected"


def test_only_the_provinces_receiving_office_routes_and_rejects(world, submit):
    feedback = submit()
    for outsider in (world.leader_a, world.desk_a, world.citizen):
        with pytest.raises(ProblemError) as exc:
            actions.route(actor=outsider, feedback=feedback, agency=world.agency_a)
        assert exc.value.status == 403
        with pytest.raises(ProblemError):
            actions.reject(actor=outsider, feedback=feedback, reason="x")
    actions.route(actor=world.province_admin, feedback=feedback, agency=world.agency_b)
    assert feedback.status == Status.ROUTED and feedback.agency == world.agency_b


def test_an_officer_of_another_agency_cannot_answer(world, routed):
    with pytest.raises(ProblemError) as exc:
        actions.answer(actor=world.specialist_b, feedback=routed, text="Không phải việc của tôi")
    assert exc.value.status == 403
    with pytest.raises(ProblemError):  # a desk officer of the agency sees it but does not answer
        actions.answer(actor=world.desk_a, feedback=routed, text="…")
    routed.refresh_from_db()
    assert routed.status == Status.ROUTED


def test_an_officer_of_a_parent_agency_answers_for_its_branch(world, submit):
    feedback = actions.route(actor=world.reform, feedback=submit(), agency=world.agency_a_branch)
    actions.answer(actor=world.leader_a, feedback=feedback, text="Chi cục đã khắc phục.", legal_basis="NĐ 61/2018")
    assert feedback.status == Status.ANSWERED
    assert feedback.answer.agency == world.agency_a_branch and feedback.answer.answered_by == world.leader_a


def test_publish_needs_the_authors_consent(world, submit):
    feedback = actions.route(actor=world.reform, feedback=submit(consent_publish=False), agency=world.agency_a)
    actions.answer(actor=world.leader_a, feedback=feedback, text="Trả lời")
    with pytest.raises(ProblemError) as exc:
        actions.publish(actor=world.reform, feedback=feedback)
    assert codes(exc) == "feedback_no_consent"


def test_published_question_can_be_stripped_of_personal_details(world, routed):
    actions.answer(actor=world.leader_a, feedback=routed, text="Trả lời")
    actions.publish(actor=world.leader_a, feedback=routed, public_question="Câu hỏi không có tên người gửi")
    assert routed.status == Status.PUBLISHED and routed.public_question == "Câu hỏi không có tên người gửi"


def test_status_rules_hold(world, routed, submit):
    with pytest.raises(ProblemError) as exc:
        actions.publish(actor=world.reform, feedback=routed)  # not answered yet
    assert exc.value.status == 409
    with pytest.raises(ProblemError) as exc:
        actions.reject(actor=world.reform, feedback=submit(), reason="  ")
    assert codes(exc) == "feedback_invalid"
    actions.answer(actor=world.leader_a, feedback=routed, text="Trả lời")
    with pytest.raises(ProblemError) as exc:
        actions.reject(actor=world.reform, feedback=routed, reason="Khiếu nại")
    assert codes(exc) == "feedback_wrong_status"


def test_a_stale_page_gets_a_409(world, routed):
    old_version = routed.version
    actions.route(actor=world.reform, feedback=routed, agency=world.agency_b)
    with pytest.raises(ProblemError) as exc:
        actions.route(actor=world.reform, feedback=routed, agency=world.agency_a, version=old_version)
    assert exc.value.status == 409


def test_deadlines_and_overdue_are_counted_in_working_days(world, submit):
    # Received Friday 6/3/2026 09:00; the province routes at once; 10 working days to answer (data row).
    feedback = submit(at=at(2026, 3, 6, 9, 0))
    assert feedback.route_due_at == at(2026, 3, 11, 9, 0)  # 3 working days: Mon, Tue, Wed
    actions.route(actor=world.reform, feedback=feedback, agency=world.agency_a, at=at(2026, 3, 6, 9, 0))
    assert feedback.answer_due_at == at(2026, 3, 20, 9, 0)  # two weeks of working days, weekends skipped
    # 11 calendar days later (7 working days) it is not overdue — counted in calendar days it would be.
    assert selectors.open_state(feedback, at(2026, 3, 17, 10, 0)) == "in_time"
    assert selectors.open_state(feedback, at(2026, 3, 20, 10, 0)) == "overdue"
    inbox = selectors.inbox(world.leader_a, "overdue", now=at(2026, 3, 20, 10, 0))
    assert inbox.counts["overdue"] == 1 and inbox.rows[0][0] == feedback
    assert selectors.inbox(world.leader_a, now=at(2026, 3, 17, 10, 0)).counts["overdue"] == 0


def test_time_limits_are_data_with_effective_dates(world, submit):
    TimeLimit.objects.create(
        stage=Stage.ANSWER, kind="", working_days=Decimal(5), valid_from=datetime(2026, 6, 1).date(), source="test"
    )
    before = actions.route(
        actor=world.reform, feedback=submit(at=at(2026, 5, 4, 9)), agency=world.agency_a, at=at(2026, 5, 4, 9)
    )
    after = actions.route(
        actor=world.reform, feedback=submit(at=at(2026, 6, 1, 9)), agency=world.agency_a, at=at(2026, 6, 1, 9)
    )
    assert before.answer_due_at == at(2026, 5, 18, 9)  # 10 working days (the 2017 row)
    assert after.answer_due_at == at(2026, 6, 8, 9)  # 5 working days (the new row)


def test_the_reform_metric_reads_the_on_time_rate(world, submit):
    def answered(start, answer_at):
        fb = actions.route(actor=world.reform, feedback=submit(at=start), agency=world.agency_a, at=start)
        actions.answer(actor=world.leader_a, feedback=fb, text="Trả lời", at=answer_at)

    answered(at(2026, 3, 2, 9), at(2026, 3, 5, 9))  # on time
    answered(at(2026, 3, 2, 9), at(2026, 3, 31, 9))  # late
    actions.route(
        actor=world.reform, feedback=submit(at=at(2026, 3, 2, 9)), agency=world.agency_a, at=at(2026, 3, 2, 9)
    )  # still open, overdue by now
    reading = reform_metrics.read("feedback_on_time_rate", world.agency_a, 2026)
    assert reading.value == Decimal("33.33")
    assert reading.source.startswith("feedback: 1 of 3")
    assert reform_metrics.read("feedback_on_time_rate", world.agency_b, 2026) is None
