"""Every (from, to) pair of the national status codes: the allowed ones succeed, all others are refused.

EXPECTED is written out by hand from the one-stop rules (Decree 61/2018/NĐ-CP arts. 19–22, Decree
118/2025/NĐ-CP), independently of constants.RULES, so that a change to the table must be made twice.
"""

from datetime import timedelta

import pytest

from motcua.accounts.constants import Role
from motcua.core.errors import ProblemError
from motcua.core.testing import make_user
from motcua.dossiers import actions
from motcua.dossiers.constants import FINAL_STATUSES, RULES, TRANSITIONS, Action, ErrorCode, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import at

S = Status
EXPECTED = {
    None: {S.NEW, S.RECEIVED, S.NOT_RECEIVED},
    S.NEW: {S.NEW, S.RECEIVED, S.NOT_RECEIVED, S.SUPPLEMENT, S.WITHDRAWN},
    S.RECEIVED: {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.WITHDRAWN},
    S.PROCESSING: {S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL, S.WITHDRAWN, S.STOPPED, S.DONE},
    S.SUPPLEMENT: {S.SUPPLEMENT, S.PROCESSING, S.NEW, S.WITHDRAWN, S.STOPPED},
    S.FINANCIAL: {S.FINANCIAL, S.PROCESSING, S.WITHDRAWN, S.STOPPED},
    S.DONE: {S.DONE, S.RETURNED},
}


def test_the_status_table_is_the_one_the_rules_describe():
    assert {k: set(v) for k, v in TRANSITIONS.items()} == EXPECTED


def test_final_statuses_lead_nowhere_and_every_status_is_reachable():
    assert not FINAL_STATUSES & set(TRANSITIONS)
    reachable = set().union(*TRANSITIONS.values())
    assert reachable == set(Status)


KWARGS = {
    Action.SUBMIT: lambda dw: {"procedure": dw.procedure, "agency": dw.agency_a, "applicant": dw.applicant()},
    Action.RECEIVE: lambda dw: {"procedure": dw.procedure, "agency": dw.agency_a, "applicant": dw.applicant()},
    Action.REFUSE: lambda dw: {
        "procedure": dw.procedure,
        "agency": dw.agency_a,
        "applicant": dw.applicant(),
        "reason": "Sai thẩm quyền",
    },
    Action.REQUEST_SUPPLEMENT: lambda dw: {"reason": "Thiếu giấy tờ"},
    Action.REQUIRE_PAYMENT: lambda dw: {"amount": 100000},
    Action.STOP: lambda dw: {"reason": "Không đủ điều kiện"},
    Action.EXTEND: lambda dw: {"new_due_at": at("2026-04-30", "17:00"), "apology": "Xin lỗi ông/bà"},
    Action.SEND_BACK: lambda dw: {},
    Action.ATTACH: lambda dw: {"file": _pdf()},
}


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("giay-to.pdf", b"%PDF-1.4 test document", content_type="application/pdf")


def _dossier_in(dw, status: Status, omni) -> Dossier:
    """A dossier standing at `status`: newly submitted online, or at its first handling step."""
    if status == Status.NEW:
        return actions.submit(None, actor=omni, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant())
    dossier = dw.receive(actor=omni)
    dossier = actions.assign(dossier, actor=omni, now=at("2026-03-10", "09:00"))
    Dossier.objects.filter(pk=dossier.pk).update(status=status, applicant=omni)
    return Dossier.objects.get(pk=dossier.pk)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("source", [None, *Status])
def test_each_action_from_each_status(dw, action, source):
    rule = RULES[action]
    omni = make_user("omni")
    for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER):
        omni.memberships.create(agency=dw.agency_a, role=role)
    dossier = None if source is None else _dossier_in(dw, source, omni)
    kwargs = KWARGS.get(action, lambda dw: {})(dw)
    call = getattr(actions, action.value)
    if source is not None:
        kwargs.pop("procedure", None), kwargs.pop("agency", None), kwargs.pop("applicant", None)
    comment = "Trả lại để xem lại" if action == Action.SEND_BACK else ""
    now = at("2026-03-11", "10:00")
    if source not in rule.sources:
        with pytest.raises(ProblemError) as err:
            call(dossier, actor=omni, now=now, comment=comment, **kwargs)
        assert (err.value.code, err.value.status) == (ErrorCode.ILLEGAL_TRANSITION, 409)
        if dossier is not None:
            assert Dossier.objects.get(pk=dossier.pk).status == source
        return
    if action == Action.SEND_BACK:
        dossier = actions.forward(dossier, actor=omni, now=now - timedelta(hours=1))
    if action == Action.FINISH:
        # Finishing happens at the last step: walk there first.
        dossier = actions.forward(dossier, actor=omni, now=now - timedelta(hours=2))
        dossier = actions.forward(dossier, actor=omni, now=now - timedelta(hours=1))
    result = call(dossier, actor=omni, now=now, comment=comment, **kwargs)
    expected = rule.target if rule.target is not None else source
    assert Dossier.objects.get(pk=result.pk).status == expected
