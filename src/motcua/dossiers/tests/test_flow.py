"""The one-stop flow, action by action, as the desk, the specialist and the leader live it."""

from datetime import timedelta

import pytest

from motcua.core.audit import verify_stream
from motcua.core.errors import ProblemError
from motcua.dossiers import actions
from motcua.dossiers.constants import Channel, ErrorCode, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.conftest import at


def test_receiving_in_person_codes_the_dossier_and_sets_the_appointment(dw):
    dossier = dw.receive()
    assert dossier.status == Status.RECEIVED
    assert dossier.channel == Channel.IN_PERSON
    # Code: receiving agency code - yyMMdd - daily sequence (national portal convention).
    assert dossier.code == f"{dw.agency_a.code}-260310-0001"
    # 3 working days from Tue 10/3/2026 08:00 = 24 working hours → Fri 13/3 08:00.
    assert dossier.due_at == at("2026-03-13", "08:00")
    assert dossier.current_step.name == "Bước 1" and dossier.holder == dw.desk_a


def test_daily_sequence_counts_per_agency_and_day(dw):
    codes = [dw.receive().code for _ in range(3)]
    next_day = dw.receive(now=at("2026-03-11")).code
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]
    assert next_day.endswith("-260311-0001")


def test_a_dossier_received_after_hours_counts_from_the_next_opening(dw):
    dossier = dw.receive(now=at("2026-03-10", "17:30"))
    # Counting starts Wed 11/3 07:00; 24 working hours later is the close of Fri 13/3 (a due date at the
    # end of a window stays there rather than rolling to Monday's opening).
    assert dossier.due_at == at("2026-03-13", "17:00")


def test_the_whole_flow_to_the_result_and_its_chained_history(dw):
    dossier = dw.receive()
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), to_user=dw.specialist_a)
    assert dossier.status == Status.PROCESSING and dossier.holder == dw.specialist_a
    assert dossier.current_step.position == 2
    # Step 2 has 12 working hours from Tue 09:00: 2.5 h + 3.5 h on Tuesday, 4.5 h Wednesday morning,
    # and the last 1.5 h from 13:30 → Wed 15:00.
    assert dossier.current_step.due_at == at("2026-03-11", "15:00")
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-11", "10:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-11", "11:00"), to_user=dw.leader_a)
    assert dossier.current_step.position == 4
    dossier = actions.finish(dossier, actor=dw.leader_a, now=at("2026-03-12", "09:00"))
    assert dossier.status == Status.DONE and dossier.timeliness == "early"
    dossier = actions.return_result(dossier, actor=dw.desk_a, now=at("2026-03-12", "10:00"))
    assert dossier.status == Status.RETURNED
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    assert [e.kind for e in events] == ["receive", "assign", "forward", "forward", "finish", "return_result"]
    assert events[-1].to_status == Dossier.objects.get(pk=dossier.pk).status
    assert verify_stream(DossierEvent, dossier.pk).ok


def test_finishing_on_the_due_day_is_on_time_and_after_it_is_late(dw):
    on_time = dw.receive()
    late = dw.receive()
    for d, when in ((on_time, at("2026-03-13", "07:30")), (late, at("2026-03-13", "08:30"))):
        d = actions.assign(d, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
        d = actions.forward(d, actor=dw.specialist_a, now=at("2026-03-10", "10:00"))
        d = actions.forward(d, actor=dw.specialist_a, now=at("2026-03-10", "11:00"))
        actions.finish(d, actor=dw.leader_a, now=when)
    assert Dossier.objects.get(pk=on_time.pk).timeliness == "on_time"
    assert Dossier.objects.get(pk=late.pk).timeliness == "late"


def test_time_waiting_for_a_supplement_is_not_counted(dw):
    dossier = dw.receive()
    dossier = actions.request_supplement(
        dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), reason="Thiếu bản sao giấy khai sinh"
    )
    assert dossier.status == Status.SUPPLEMENT
    # Paused from Tue 09:00 to Thu 09:00: 16 working hours are added to the appointment.
    dossier = actions.supplement_received(dossier, actor=dw.desk_a, now=at("2026-03-12", "09:00"))
    assert dossier.status == Status.PROCESSING
    assert dossier.due_at == at("2026-03-17", "08:00")
    assert dossier.original_due_at == dossier.due_at


def test_an_apology_extends_once_and_the_dossier_still_counts_late(dw):
    dossier = dw.receive()
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    new_due = at("2026-03-18", "17:00")
    dossier = actions.extend(dossier, actor=dw.leader_a, now=at("2026-03-12"), new_due_at=new_due, apology="Xin lỗi")
    assert dossier.due_at == new_due and dossier.extended
    with pytest.raises(ProblemError) as err:
        actions.extend(dossier, actor=dw.leader_a, new_due_at=new_due + timedelta(days=2), apology="Lần hai")
    assert err.value.code == ErrorCode.ALREADY_EXTENDED
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-16"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-16", "09:00"))
    dossier = actions.finish(dossier, actor=dw.leader_a, now=at("2026-03-17"))
    assert dossier.timeliness == "late"


def test_an_inter_agency_step_hands_the_dossier_to_the_other_agency(dw):
    dossier = dw.receive(procedure=dw.inter_procedure)
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    assert dossier.handling_agency == dw.agency_b
    with pytest.raises(ProblemError) as err:
        actions.forward(dossier, actor=dw.specialist_a)
    assert err.value.code == ErrorCode.OUT_OF_SCOPE
    dossier = actions.forward(dossier, actor=dw.specialist_b, now=at("2026-03-10", "10:00"))
    assert dossier.handling_agency == dw.agency_b and dossier.current_step.position == 3


def test_a_stale_version_is_refused_and_changes_nothing(dw):
    dossier = dw.receive()
    stale = Dossier.objects.get(pk=dossier.pk)
    actions.assign(dossier, actor=dw.desk_a)
    with pytest.raises(ProblemError) as err:
        actions.request_supplement(stale, actor=dw.desk_a, reason="x")
    assert (err.value.code, err.value.status) == ("stale_version", 409)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


@pytest.mark.parametrize(
    ("who", "code"),
    [("desk_b", ErrorCode.OUT_OF_SCOPE), ("citizen", ErrorCode.FORBIDDEN_ROLE), ("reform", ErrorCode.FORBIDDEN_ROLE)],
)
def test_only_the_desk_of_the_receiving_agency_hands_a_dossier_over(dw, who, code):
    dossier = dw.receive()
    with pytest.raises(ProblemError) as err:
        actions.assign(dossier, actor=getattr(dw, who))
    assert err.value.code == code and err.value.status == 403
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_refusal_needs_a_reason_and_leaves_a_record(dw):
    with pytest.raises(ProblemError) as err:
        actions.refuse(
            None, actor=dw.desk_a, reason=" ", procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
        )
    assert err.value.code == ErrorCode.REASON_REQUIRED
    assert not Dossier.objects.exists()
    refused = actions.refuse(
        None,
        actor=dw.desk_a,
        reason="Không thuộc thẩm quyền",
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    assert refused.status == Status.NOT_RECEIVED


def test_online_submission_then_receipt_by_the_desk(dw):
    dossier = actions.submit(
        None,
        actor=dw.citizen,
        now=at("2026-03-09", "20:00"),
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    assert dossier.status == Status.NEW and dossier.channel == Channel.ONLINE and dossier.due_at is None
    dossier = actions.receive(dossier, actor=dw.desk_a, now=at("2026-03-10", "08:00"))
    assert dossier.status == Status.RECEIVED and dossier.due_at == at("2026-03-13", "08:00")


def test_an_incomplete_online_dossier_is_sent_back_to_complete_before_receipt(dw):
    """Decree 61/2018/NĐ-CP art. 19(2): the desk asks the applicant to complete an online dossier instead of
    receiving it; the clock starts only at the receipt that follows the supplement."""
    dossier = actions.submit(
        None,
        actor=dw.citizen,
        now=at("2026-03-09", "20:00"),
        procedure=dw.procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    dossier = actions.request_supplement(
        dossier, actor=dw.desk_a, now=at("2026-03-10", "08:00"), reason="Thiếu giấy chứng sinh"
    )
    assert dossier.status == Status.SUPPLEMENT and dossier.received_at is None and dossier.due_at is None
    dossier = actions.supplement_received(dossier, actor=dw.desk_a, now=at("2026-03-16", "09:00"))
    assert dossier.status == Status.NEW and dossier.due_at is None  # back on the desk's list, no clock yet
    assert dossier.pauses.get().ended_at == at("2026-03-16", "09:00")
    dossier = actions.receive(dossier, actor=dw.desk_a, now=at("2026-03-16", "10:00"))
    assert dossier.status == Status.RECEIVED and dossier.due_at == at("2026-03-19", "10:00")
    kinds = list(dossier.events.order_by("seq").values_list("kind", "to_status"))
    assert kinds == [("submit", 1), ("request_supplement", 5), ("supplement_received", 1), ("receive", 2)]


def test_the_applicant_may_withdraw_but_a_stranger_may_not(dw):
    dossier = actions.submit(
        None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    with pytest.raises(ProblemError) as err:
        actions.withdraw(dossier, actor=dw.stranger)
    assert err.value.code == ErrorCode.FORBIDDEN_ROLE
    assert actions.withdraw(dossier, actor=dw.citizen).status == Status.WITHDRAWN


def test_bad_submissions_write_nothing(dw):
    from motcua.procedures.constants import OnlineLevel, ProcedureStatus

    dw.procedure.status = ProcedureStatus.SUSPENDED
    dw.procedure.save()
    dw.inter_procedure.online_level = OnlineLevel.NONE
    dw.inter_procedure.save()
    cases = [
        (dw.procedure, dw.applicant(), ErrorCode.PROCEDURE_UNAVAILABLE),
        (dw.inter_procedure, dw.applicant(), ErrorCode.NOT_ONLINE),
    ]
    for procedure, applicant, code in cases:
        with pytest.raises(ProblemError) as err:
            actions.submit(None, actor=dw.citizen, procedure=procedure, agency=dw.agency_a, applicant=applicant)
        assert err.value.code == code
    dw.procedure.status = ProcedureStatus.ACTIVE
    dw.procedure.save()
    with pytest.raises(ProblemError) as err:
        actions.submit(
            None,
            actor=dw.citizen,
            procedure=dw.procedure,
            agency=dw.agency_a,
            applicant=dw.applicant(citizen_id="12345"),
        )
    assert err.value.invalid_params[0].name == "applicant.citizen_id"
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_a_step_is_given_only_to_an_officer_of_its_agency_and_role(dw):
    dossier = dw.receive()
    with pytest.raises(ProblemError) as err:
        actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_b)
    assert err.value.code == ErrorCode.HOLDER_NOT_ELIGIBLE
    assert err.value.invalid_params[0].name == "to_user"
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_fees_are_computed_from_the_procedure_fee_items(dw):
    from decimal import Decimal

    from motcua.procedures.constants import FeeKind
    from motcua.procedures.tests.factories import FeeFactory

    FeeFactory(procedure=dw.procedure, kind=FeeKind.PER_PAGE, amount=Decimal(2000))  # e.g. certification per page
    FeeFactory(procedure=dw.procedure, kind=FeeKind.SET_LOCALLY, amount=None)  # left to the desk
    dossier = actions.submit(
        None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant(), pages=3
    )
    assert dossier.fee_total == Decimal(6000)


def test_subscribers_see_each_event_inside_the_transaction_and_lose_it_on_rollback(dw):
    seen = []

    def record(dossier, event):
        seen.append((dossier.code, event.kind))

    actions.subscribe(record)
    try:
        dossier = dw.receive()
        assert seen == [(dossier.code, "receive")]
        with pytest.raises(ProblemError):
            actions.finish(dossier, actor=dw.leader_a)  # illegal from status 2: no event, no call
        assert len(seen) == 1
    finally:
        actions.EVENT_SUBSCRIBERS.remove(record)


def test_the_desk_cannot_finish_a_dossier_whose_last_step_is_the_leaders(dw):
    dossier = actions.assign(dw.receive(), actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "10:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "11:00"))
    with pytest.raises(ProblemError) as err:
        actions.finish(dossier, actor=dw.desk_a)
    assert err.value.code == ErrorCode.FORBIDDEN_ROLE
    assert actions.finish(dossier, actor=dw.leader_a).status == Status.DONE
