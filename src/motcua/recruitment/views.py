"""Portal and candidate screens of recruitment: announcements, the application form, my applications,
the exam page and the published results. Writes go through actions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.core.errors import ProblemError
from motcua.personnel.models import JobPosition
from motcua.recruitment import actions, selectors
from motcua.recruitment.constants import INELIGIBILITY_LABELS, CouncilRole, ErrorCode, Round2Form, RoundStatus
from motcua.recruitment.forms import ApplicationForm
from motcua.recruitment.models import ApplicationDocument, RecruitmentRound, RemarkRequest, RoundPosition


def round_list(request):
    rounds = selectors.public_rounds().prefetch_related("positions__position")
    return render(request, "recruitment/round_list.html", {"rounds": rounds})


def round_detail(request, pk):
    round_ = get_object_or_404(selectors.public_rounds().select_related("rule_set"), pk=pk)
    can_apply = round_.status == RoundStatus.ANNOUNCED
    form = None
    if can_apply and request.user.is_authenticated:
        form = ApplicationForm(request.POST or None, request.FILES or None, round_=round_)
        if request.method == "POST" and form.is_valid():
            round_position = get_object_or_404(RoundPosition, pk=form.cleaned_data["round_position"], round=round_)
            try:
                application = actions.submit_application(
                    actor=request.user,
                    round_=round_,
                    round_position=round_position,
                    documents=form.documents(),
                    **form.form_values(),
                )
            except ProblemError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("Your application was received."))
                return redirect("recruitment:application", application.pk)
    return render(
        request,
        "recruitment/round_detail.html",
        {
            "round": round_,
            "form": form,
            "can_apply": can_apply,
            "results": selectors.published_results(round_),
            "eligible": selectors.eligible_list(round_),
        },
    )


@login_required
def application_detail(request, pk):
    """The candidate's confirmation (giấy xác nhận đăng ký): what was received, the fee to pay, the documents;
    documents can be added while the round takes applications."""
    application = get_object_or_404(
        request.user.applications.select_related("round__rule_set", "round_position__position__agency"), pk=pk
    )
    if request.method == "POST" and request.FILES.get("file"):
        try:
            actions.add_document(
                actor=request.user,
                application=application,
                kind=request.POST.get("kind", ""),
                upload=request.FILES["file"],
            )
        except ProblemError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("The document was added."))
        return redirect("recruitment:application", application.pk)
    labels = {k["code"]: k.get("label", k["code"]) for k in application.round.rule_set.required_documents}
    return render(
        request,
        "recruitment/application.html",
        {
            "a": application,
            "documents": [(d, labels.get(d.kind, d.kind)) for d in application.documents.all()],
            "kinds": application.round.rule_set.required_documents,
            "accepting": application.round.status == RoundStatus.ANNOUNCED,
            "reasons": [INELIGIBILITY_LABELS.get(r, r) for r in application.ineligibility],
        },
    )


@login_required
def document(request, pk):
    """A stored document, served only to its candidate and to the staff running the round."""
    doc = get_object_or_404(ApplicationDocument.objects.select_related("application__round"), pk=pk)
    if doc.application.candidate_id != request.user.pk and not selectors.can_manage_round(
        request.user, doc.application.round
    ):
        raise Http404
    return FileResponse(doc.file.open("rb"), content_type=doc.content_type, filename=doc.name)


@login_required
def my_applications(request):
    applications = (
        request.user.applications.select_related("round", "round_position__position").prefetch_related("sessions").all()
    )
    return render(request, "recruitment/mine.html", {"applications": applications})


@login_required
def request_remark(request, pk):
    """The candidate asks for re-marking of their round-2 paper (POST from "My applications")."""
    application = get_object_or_404(request.user.applications, pk=pk)
    if request.method == "POST":
        try:
            actions.request_remark(actor=request.user, application=application, reason=request.POST.get("reason", ""))
        except ProblemError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Your re-marking request was received."))
    return redirect("recruitment:mine")


@login_required
def exam(request, pk):
    session = selectors.own_session(request.user, pk)
    if session is None:
        raise Http404
    i18n = {
        "saved": _("All answers saved"),
        "saving": _("Saving…"),
        "offline": _("No connection — your answers will be saved when it returns"),
        "answered": _("Answered %(n)s of %(total)s"),
        "confirm": _("Hand in your test now? You cannot change your answers afterwards."),
        "result": _("Your result: %(correct)s of %(total)s correct."),
        "passed": _("You pass round 1 and go on to round 2."),
        "failed": _("You do not reach the 50% needed to go on to round 2."),
        "time_over": _("The time is over."),
        "question": _("Question %(n)s"),
    }
    return render(
        request, "recruitment/exam.html", {"session": session, "application": session.application, "i18n": i18n}
    )


# ------------------------------------------------------------------------------- staff and council screens

STEPS = {
    RoundStatus.DRAFT: ("approve", gettext_lazy("Approve the plan")),
    RoundStatus.APPROVED: ("announce", gettext_lazy("Publish the announcement")),
    RoundStatus.ANNOUNCED: ("close-applications", gettext_lazy("Close applications")),
    RoundStatus.APPLICATIONS_CLOSED: ("publish-eligible", gettext_lazy("Check eligibility and publish the list")),
    RoundStatus.ELIGIBILITY_PUBLISHED: ("open-round1", gettext_lazy("Open the round-1 exam")),
    RoundStatus.ROUND1: ("open-round2", gettext_lazy("Close round 1 and open round 2")),
    RoundStatus.ROUND2: ("announce-scores", gettext_lazy("Announce round-2 scores and open re-marking requests")),
    RoundStatus.SCORES_ANNOUNCED: ("publish-results", gettext_lazy("Publish the results")),
}


def _run_step(request, round_, step):
    today = timezone.localdate()
    commands = {
        "approve": lambda: actions.approve_plan(actor=request.user, round_=round_),
        "announce": lambda: actions.announce(
            actor=request.user,
            round_=round_,
            opens=today,
            closes=_date(request.POST.get("closes")) or today + timedelta(days=30),
            text=request.POST.get("announcement", "").strip(),
        ),
        "close-applications": lambda: actions.close_applications(actor=request.user, round_=round_),
        "publish-eligible": lambda: actions.publish_eligible(actor=request.user, round_=round_),
        "open-round1": lambda: actions.open_round1(actor=request.user, round_=round_),
        "open-round2": lambda: actions.open_round2(actor=request.user, round_=round_),
        "rank": lambda: actions.compute_ranking(actor=request.user, round_=round_),
        "announce-scores": lambda: actions.announce_scores(actor=request.user, round_=round_),
        "publish-results": lambda: actions.publish_results(actor=request.user, round_=round_),
    }
    if step in commands:
        commands[step]()


@login_required
def manage_list(request):
    rounds = selectors.managed_rounds(request.user) if selectors.can_manage_any(request.user) else None
    council = RecruitmentRound.objects.filter(council__user=request.user).select_related("agency")
    if rounds is None and not council.exists():
        raise PermissionDenied
    vacancies = selectors.plannable_vacancies(request.user) if rounds is not None else []
    if request.method == "POST" and rounds is not None:
        chosen = [(v, int(request.POST.get(f"quota-{v.position_id}") or 0)) for v in vacancies]
        chosen = [(v, n) for v, n in chosen if n > 0]
        try:
            agency = selectors.home_agency(request.user)
            if agency is None:
                raise ProblemError(ErrorCode.NOT_ALLOWED.value, _("You are personnel staff of no agency."), status=403)
            positions = [(JobPosition.objects.get(pk=v.position_id), n, Round2Form.WRITTEN) for v, n in chosen]
            round_ = actions.create_round(
                actor=request.user,
                agency=agency,
                code=request.POST.get("code", "").strip() or f"TD-{timezone.now():%Y%m%d%H%M}",
                name=request.POST.get("name", "").strip() or _("Civil-servant recruitment"),
                year=timezone.localdate().year,
                positions=positions,
            )
        except ProblemError as exc:
            messages.error(request, exc.detail)
        else:
            return redirect("recruitment:manage", round_.pk)
    return render(
        request,
        "recruitment/manage_list.html",
        {"rounds": rounds, "council": council, "vacancies": vacancies},
    )


@login_required
def manage(request, pk):
    round_ = get_object_or_404(RecruitmentRound.objects.select_related("agency", "rule_set"), pk=pk)
    is_manager = selectors.can_manage_round(request.user, round_)
    role = selectors.council_role(request.user, round_)
    is_head = selectors.can_approve_round(request.user, round_)
    if not (is_manager or role or is_head):
        raise Http404
    if request.method == "POST":
        try:
            _post(request, round_)
        except ProblemError as exc:
            messages.error(request, exc.detail)
        return redirect("recruitment:manage", round_.pk)
    applications = (
        round_.applications.select_related("round_position__position")
        .prefetch_related("sessions", "marks", "documents")
        .order_by("round_position", "rank", "candidate_number", "pk")
    )
    kinds = {k["code"]: k.get("short") or k["code"] for k in round_.rule_set.required_documents}
    rows = []
    for a in applications:
        mine = next((m.score for m in a.marks.all() if m.marker_id == request.user.pk and m.part == "round2"), None)
        rows.append(
            {
                "a": a,
                "marks": len([m for m in a.marks.all() if m.part == "round2"]),
                "mine": mine,
                "reasons": [INELIGIBILITY_LABELS.get(r, r) for r in a.ineligibility],
                "documents": [(d, kinds.get(d.kind, d.kind)) for d in a.documents.all()],
            }
        )
    step = STEPS.get(round_.status)
    can_step = step and (is_head if step[0] == "approve" else is_manager)
    return render(
        request,
        "recruitment/manage.html",
        {
            "round": round_,
            "rows": rows,
            "step": step if can_step else None,
            "is_manager": is_manager,
            "role": role,
            "is_head": is_head,
            "marking": round_.status == RoundStatus.ROUND2,
            "ranking": round_.status in (RoundStatus.ROUND2, RoundStatus.SCORES_ANNOUNCED),
            "remarks": RemarkRequest.objects.filter(application__round=round_).select_related("application"),
            "council": round_.council.select_related("user").order_by("role", "user__username"),
            "council_roles": CouncilRole.choices,
            "taking": round_.status in (RoundStatus.ANNOUNCED, RoundStatus.APPLICATIONS_CLOSED),
            "statuses": RoundStatus.choices,
            "done": _done(round_.status),
            "default_close": timezone.localdate() + timedelta(days=30),
            "counts": _counts(applications),
        },
    )


def _post(request, round_):
    action = request.POST.get("action")
    if action == "step":
        _run_step(request, round_, request.POST.get("step"))
        return
    if action == "council":
        user = User.objects.filter(username=request.POST.get("username", "").strip()).first()
        if user is None:
            raise ProblemError(ErrorCode.NOT_A_USER.value, _("No user with that username."), status=400)
        role = CouncilRole(request.POST.get("role", CouncilRole.MARKER))
        actions.appoint_council(actor=request.user, round_=round_, members=[(user, role)])
        return
    application = get_object_or_404(round_.applications, pk=request.POST.get("application"))
    score = request.POST.get("score")
    if action == "mark":
        actions.enter_mark(actor=request.user, application=application, score=_decimal(score))
    elif action == "decide":
        actions.decide_score(
            actor=request.user, application=application, score=_decimal(score), reason=request.POST.get("reason", "")
        )
    elif action == "remark":
        remark = get_object_or_404(RemarkRequest, application=application)
        actions.decide_remark(
            actor=request.user, remark=remark, score=_decimal(score), decision=request.POST.get("reason", "")
        )
    elif action == "fee":
        actions.record_fee_paid(actor=request.user, application=application, receipt=request.POST.get("receipt", ""))
    elif action == "tie":
        actions.head_decides(
            actor=request.user,
            application=application,
            successful=request.POST.get("successful") == "1",
            reason=request.POST.get("reason", ""),
        )


def _done(status: str) -> set[str]:
    values = list(RoundStatus.values)
    return set(values[: values.index(status)])


def _counts(applications) -> dict:
    rows = list(applications)
    return {
        "applications": len(rows),
        "paid": sum(1 for a in rows if a.fee_paid_at or not a.fee_amount),
        "eligible": sum(1 for a in rows if a.status == "eligible"),
        "round1_passed": sum(1 for a in rows if a.round1_passed),
        "passed": sum(1 for a in rows if a.result == "passed"),
    }


def _date(raw):
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ProblemError(ErrorCode.BAD_TRANSITION.value, _("Give a date as YYYY-MM-DD.")) from None


def _decimal(raw):
    try:
        return Decimal((raw or "").replace(",", "."))
    except InvalidOperation:
        raise ProblemError(ErrorCode.SCORE_OUT_OF_RANGE.value, _("Give a score as a number.")) from None
