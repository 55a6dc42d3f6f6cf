"""The dossier state machine: national status codes, channels, and the allowed transitions.

The status table is code (DESIGN: "The status table is code, the steps are data"); a test tries every
(from, to) pair. Status and channel codes are those of the National Public Service Portal's dossier
sync (DongBoHoSoMC: TrangThaiHoSo 1–10, KenhThucHien 1–3).

Legal basis: the one-stop mechanism of Decree 61/2018/NĐ-CP (art. 19 receipt, art. 20 transfer to the
competent agency, art. 21 handling — supplements, refusal, apology for lateness — art. 22 return of
results), replaced from 1/7/2025 by Decree 118/2025/NĐ-CP, which keeps these steps; the article
numbers under Decree 118/2025 are still to be verified against its text and are cited here by subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role

D61 = "Decree 61/2018/NĐ-CP"
D118 = "Decree 118/2025/NĐ-CP"


class Status(models.IntegerChoices):
    """TrangThaiHoSo of the national portal."""

    NEW = 1, _("Newly registered")  # Mới đăng ký
    RECEIVED = 2, _("Received")  # Được tiếp nhận
    NOT_RECEIVED = 3, _("Not received")  # Không được tiếp nhận
    PROCESSING = 4, _("Being processed")  # Đang xử lý
    SUPPLEMENT = 5, _("Supplement requested")  # Yêu cầu bổ sung giấy tờ
    FINANCIAL = 6, _("Financial obligation requested")  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7, _("Withdrawn by the applicant")  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8, _("Processing stopped")  # Dừng xử lý
    DONE = 9, _("Processed")  # Đã xử lý xong
    RETURNED = 10, _("Result returned")  # Đã trả kết quả


# Statuses in which the clock is stopped: the time the applicant spends supplementing documents or
# paying is not counted (Decree 61/2018/NĐ-CP art. 21; Decree 118/2025/NĐ-CP).
PAUSED_STATUSES = frozenset({Status.SUPPLEMENT, Status.FINANCIAL})
# Statuses after which nothing more happens to the dossier.
FINAL_STATUSES = frozenset({Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
# Statuses in which the dossier is "in progress" for statistics (đang giải quyết).
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL})


class Channel(models.IntegerChoices):
    """KenhThucHien of the national portal."""

    IN_PERSON = 1, _("In person")  # Trực tiếp
    ONLINE = 2, _("Online")  # Trực tuyến
    POSTAL = 3, _("By post")  # Qua dịch vụ bưu chính công ích


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")  # công dân
    ORGANISATION = "organisation", _("Organisation")  # tổ chức, doanh nghiệp


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application document")  # thành phần hồ sơ
    SUPPLEMENT = "supplement", _("Supplementary document")  # hồ sơ bổ sung
    RESULT = "result", _("Result")  # kết quả giải quyết


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit online")  # nộp trực tuyến
    RECEIVE = "receive", _("Receive")  # tiếp nhận
    REFUSE = "refuse", _("Refuse to receive")  # từ chối tiếp nhận
    ASSIGN = "assign", _("Start processing")  # chuyển xử lý
    FORWARD = "forward", _("Forward to the next step")  # chuyển bước / liên thông
    SEND_BACK = "send_back", _("Send back to the previous step")  # trả lại bước trước
    REQUEST_SUPPLEMENT = "request_supplement", _("Request a supplement")  # yêu cầu bổ sung
    SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")  # nhận hồ sơ bổ sung
    REQUIRE_PAYMENT = "require_payment", _("Require the financial obligation")  # yêu cầu nghĩa vụ tài chính
    PAYMENT_DONE = "payment_done", _("Financial obligation fulfilled")  # đã thực hiện nghĩa vụ tài chính
    WITHDRAW = "withdraw", _("Withdraw")  # rút hồ sơ
    STOP = "stop", _("Stop processing")  # dừng xử lý
    FINISH = "finish", _("Finish processing")  # hoàn thành xử lý
    RETURN_RESULT = "return_result", _("Return the result")  # trả kết quả
    EXTEND = "extend", _("Apologise and set a new appointment")  # xin lỗi và hẹn lại
    ATTACH = "attach", _("Attach a document")  # đính kèm thành phần hồ sơ / kết quả


@dataclass(frozen=True)
class Rule:
    """An action: the statuses it starts from (None = no dossier yet), where it leads (None = same status),
    who may take it, and its legal basis."""

    sources: frozenset
    target: Status | None
    roles: frozenset
    basis: str
    # Other statuses the action leads to when the dossier's history says so (e.g. a supplement to a dossier
    # not yet received sends it back to the desk's "to receive" list).
    also: frozenset = frozenset()


_ANYONE_OFFICIAL = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})
_HANDLERS = frozenset({Role.SPECIALIST, Role.LEADER})
S = Status

RULES: dict[Action, Rule] = {
    Action.SUBMIT: Rule(
        frozenset({None}),
        S.NEW,
        frozenset({Role.CITIZEN}),
        "Decree 42/2022/NĐ-CP (online public services); " + D118 + ", online submission",
    ),
    Action.RECEIVE: Rule(
        frozenset({None, S.NEW}),
        S.RECEIVED,
        frozenset({Role.DESK_OFFICER}),
        D61 + " art. 19 (receipt); " + D118 + ", receipt of dossiers",
    ),
    Action.REFUSE: Rule(
        frozenset({None, S.NEW}),
        S.NOT_RECEIVED,
        frozenset({Role.DESK_OFFICER}),
        D61 + " art. 19(2) (refusal with reasons, form 03); " + D118,
    ),
    Action.ASSIGN: Rule(
        frozenset({S.RECEIVED}),
        S.PROCESSING,
        frozenset({Role.DESK_OFFICER}),
        D61 + " art. 20 (transfer to the competent agency); " + D118,
    ),
    Action.FORWARD: Rule(
        frozenset({S.PROCESSING}), None, _HANDLERS, D61 + " art. 21 (handling, inter-agency transfer); " + D118
    ),
    Action.SEND_BACK: Rule(frozenset({S.PROCESSING}), None, _HANDLERS, D61 + " art. 21; " + D118),
    Action.REQUEST_SUPPLEMENT: Rule(
        # From NEW: an online dossier found incomplete before receipt is not received; the applicant is told
        # what to complete (form 02) and the clock has not started.
        frozenset({S.NEW, S.RECEIVED, S.PROCESSING}),
        S.SUPPLEMENT,
        _ANYONE_OFFICIAL,
        D61 + " art. 19(2) (incomplete at receipt: guidance to complete it) and art. 21(3)(a) (one request, "
        "form 02); " + D118,
    ),
    Action.SUPPLEMENT_RECEIVED: Rule(
        frozenset({S.SUPPLEMENT}),
        S.PROCESSING,
        frozenset({Role.DESK_OFFICER, Role.SPECIALIST}),
        D61 + " art. 19(2), art. 21; " + D118,
        also=frozenset({S.NEW}),  # completed before receipt: back to the desk to receive
    ),
    Action.REQUIRE_PAYMENT: Rule(
        frozenset({S.PROCESSING}), S.FINANCIAL, _HANDLERS, D61 + " art. 21; " + D118 + ", financial obligations"
    ),
    Action.PAYMENT_DONE: Rule(
        frozenset({S.FINANCIAL}),
        S.PROCESSING,
        frozenset({Role.DESK_OFFICER, Role.SPECIALIST}),
        D61 + " art. 21; " + D118,
    ),
    Action.WITHDRAW: Rule(
        frozenset({S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}),
        S.WITHDRAWN,
        frozenset({Role.CITIZEN, Role.DESK_OFFICER}),
        D118 + ", withdrawal on request",
    ),
    Action.STOP: Rule(
        frozenset({S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}),
        S.STOPPED,
        frozenset({Role.LEADER}),
        D61 + " art. 21(3) (ineligible dossier returned with reasons); " + D118,
    ),
    Action.FINISH: Rule(
        frozenset({S.PROCESSING}),
        S.DONE,
        frozenset({Role.LEADER, Role.DESK_OFFICER}),
        D61
        + " art. 21 (decision of the competent person; the desk closes a process whose last step is its own); "
        + D118,
    ),
    Action.RETURN_RESULT: Rule(
        frozenset({S.DONE}), S.RETURNED, frozenset({Role.DESK_OFFICER}), D61 + " art. 22 (return of results); " + D118
    ),
    Action.EXTEND: Rule(
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}),
        None,
        frozenset({Role.LEADER}),
        D61 + " art. 21(3)(c) (apology and new appointment, form 04, once); " + D118,
    ),
    Action.ATTACH: Rule(
        frozenset({S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL, S.DONE}),
        None,
        frozenset({Role.CITIZEN, Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER}),
        D118 + ", electronic dossier components and results; Decree 45/2020/NĐ-CP (electronic procedures)",
    ),
}


def _graph() -> dict[Status | None, frozenset]:
    edges: dict[Status | None, set] = {}
    for rule in RULES.values():
        for source in rule.sources:
            target = rule.target if rule.target is not None else source
            edges.setdefault(source, set()).update({target, *rule.also})
    return {source: frozenset(targets) for source, targets in edges.items()}


# The status graph the rules allow: TRANSITIONS[from] = the statuses reachable in one action.
TRANSITIONS: dict[Status | None, frozenset] = _graph()


# Events that do not change the status, written by the system or by other apps through
# `actions.note_system_event` (kind → label). Apps register their own kinds in their AppConfig.ready().
SYSTEM_EVENTS: dict[str, str] = {"overdue": _("Passed its appointment")}


def register_system_event(kind: str, label) -> None:
    if kind in Action.values:
        raise ValueError(f"{kind!r} is an action, not a system event")
    SYSTEM_EVENTS[kind] = label


class ErrorCode(models.TextChoices):
    """Machine-readable problem codes of the dossiers app."""

    ILLEGAL_TRANSITION = "illegal_transition", _("This action is not allowed in the dossier's current status.")
    FORBIDDEN_ROLE = "forbidden_role", _("Your role does not allow this action.")
    OUT_OF_SCOPE = "out_of_scope", _("The dossier is not held by your agency.")
    NOT_HOLDER = "not_holder", _("Another officer holds this step.")
    HOLDER_NOT_ELIGIBLE = "holder_not_eligible", _("That officer cannot hold this step.")
    PROCEDURE_UNAVAILABLE = "procedure_unavailable", _("The procedure is not available.")
    NOT_ONLINE = "not_online", _("This procedure is not offered online.")
    NO_PROCESS = "no_process", _("The agency has no process for this procedure.")
    NO_NEXT_STEP = "no_next_step", _("There is no step to move to.")
    LAST_STEP_PENDING = "last_step_pending", _("The dossier has steps left to handle.")
    ALREADY_EXTENDED = "already_extended", _("The dossier was already extended once.")
    NO_APPOINTMENT = "no_appointment", _("The dossier has no appointment yet.")
    REASON_REQUIRED = "reason_required", _("A reason is required.")
    CODE_EXHAUSTED = "code_exhausted", _("No dossier code could be allocated; try again.")
    ATTACH_NOT_ALLOWED = "attach_not_allowed", _("You cannot add documents to this dossier now.")
    MISSING_DOCUMENTS = "missing_documents", _("A mandatory document is missing.")
