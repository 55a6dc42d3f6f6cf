"""The officer desk: queues, a dossier's page with the actions the officer may take, receipt at the counter.

Views parse, authorise and call one action from dossiers.actions; they never write the ORM themselves.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for, user_roles
from motcua.core.errors import ProblemError
from motcua.desk import selectors
from motcua.desk.forms import ActionForm, ReceiveForm
from motcua.dossiers import actions
from motcua.dossiers.actions import target_step
from motcua.dossiers.constants import RULES, Action
from motcua.dossiers.selectors import dossier_for, events_of
from motcua.postal.selectors import shipments_for
from motcua.procedures.selectors import get_procedure, search_procedures
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

# Actions offered as buttons on a dossier's page (submitting and attaching have their own screens).
DESK_ACTIONS = [a for a in Action if a not in (Action.SUBMIT, Action.ATTACH)]
HANDOVERS = (Action.ASSIGN, Action.FORWARD, Action.SEND_BACK)
QUEUE_TITLES = {
    "to_receive": _("Online, to receive"),
    "mine": _("Held by me"),
    "agency": _("In progress in my agencies"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "done": _("Ready to hand back"),
}


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.is_officer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@officer_required
def queue(request, key: str = "mine"):
    if key not in selectors.QUEUES:
        raise Http404
    page = Paginator(selectors.queue(request.user, key), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows, calendars = [], {}  # one compiled calendar per agency on the page, not per row
    for dossier in page:
        state = ""
        if dossier.due_at and dossier.status in (2, 4, 5, 6):
            agency = dossier.handling_agency
            if agency.pk not in calendars:
                calendars[agency.pk] = compiled_calendar(calendar_for_agency(agency))
            state = calendars[agency.pk].classify_open(dossier.due_at, now)
        rows.append({"dossier": dossier, "state": state})
    context = {
        "queues": [(q, QUEUE_TITLES[q.key]) for q in selectors.queues(request.user, now)],
        "leads": bool(agency_ids_for(request.user, {Role.LEADER, Role.AGENCY_ADMIN})),
        "key": key,
        "title": QUEUE_TITLES[key],
        "rows": rows,
        "page": page,
    }
    return render(request, "desk/queue.html", context)


def _available_actions(user, dossier) -> list[dict]:
    """The actions the officer's roles allow in the dossier's status, with where a hand-over would go; a
    hand-over with no step to go to, and finishing before the last step, are not offered."""
    roles = user_roles(user)
    offered = []
    for action in DESK_ACTIONS:
        if dossier.status not in RULES[action].sources or not roles & {r.value for r in RULES[action].roles}:
            continue
        handover = selectors.handover(dossier, action) if action in HANDOVERS else None
        if action in HANDOVERS and handover is None:
            continue
        if action == Action.FINISH and target_step(dossier, Action.FORWARD) is not None:
            continue
        offered.append({"action": action, "handover": handover})
    return offered


@officer_required
def dossier(request, code: str):
    found = dossier_for(request.user, code)
    if found is None:
        raise Http404
    context = {
        "dossier": found,
        "steps": found.steps.select_related("agency", "holder").order_by("started_at", "id"),
        "events": events_of(found),
        "documents": found.documents.order_by("uploaded_at"),
        "shipments": shipments_for(found),
        "actions": _available_actions(request.user, found),
        "form": ActionForm(initial={"version": found.version}),
    }
    return render(request, "desk/dossier.html", context)


def _action_kwargs(action: Action, data: dict) -> dict:
    users = get_user_model().objects
    if action in HANDOVERS:
        name = (data.get("to_user") or "").strip()
        holder = users.filter(username=name, is_active=True).first() if name else None
        if name and holder is None:
            raise ProblemError("unknown_user", _("No officer has the login %(u)s.") % {"u": name})
        return {"to_user": holder}
    if action in (Action.REFUSE, Action.REQUEST_SUPPLEMENT, Action.STOP):
        return {"reason": data.get("reason") or ""}
    if action == Action.WITHDRAW:
        return {"reason": data.get("reason") or ""}
    if action == Action.REQUIRE_PAYMENT:
        return {"amount": data.get("amount") or 0, "reason": data.get("reason") or ""}
    if action == Action.PAYMENT_DONE:
        return {"reference": data.get("comment") or ""}
    if action == Action.EXTEND:
        if not data.get("new_due_at"):
            raise ProblemError("invalid", _("Give the new appointment."))
        return {"new_due_at": data["new_due_at"], "apology": data.get("apology") or ""}
    return {}


@require_POST
@officer_required
def act(request, code: str, action: str):
    found = dossier_for(request.user, code)
    if found is None:
        raise Http404
    try:
        name = Action(action)
    except ValueError as exc:
        raise Http404 from exc
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the form."))
        return redirect("desk:dossier", code=code)
    data = form.cleaned_data
    comment = data.get("comment") or ""
    try:
        kwargs = _action_kwargs(name, data)
        getattr(actions, name.value)(found, actor=request.user, version=data["version"], comment=comment, **kwargs)
    except ProblemError as problem:
        details = "; ".join(p.reason for p in problem.invalid_params)
        messages.error(request, f"{problem.detail} {details}".strip())
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": name.label})
        if dossier_for(request.user, code) is None:  # handed to an agency outside the officer's scope
            messages.info(request, _("%(code)s has left your agencies.") % {"code": code})
            return redirect("desk:queue")
    return redirect("desk:dossier", code=code)


@officer_required
def receive(request):
    """Receipt at the counter: find the procedure, enter the applicant, tick the papers, print the receipt."""
    from motcua.divisions.models import Agency

    # The desks where the officer sits (their own memberships, not the sub-agencies they may oversee).
    desks = Agency.objects.filter(memberships__user=request.user, memberships__role=Role.DESK_OFFICER).order_by("name")
    if not desks:
        raise Http404
    procedure = get_procedure(request.GET.get("procedure") or request.POST.get("procedure") or "")
    query = request.GET.get("q", "")
    results = search_procedures(query)[:20] if query and procedure is None else []
    form = ReceiveForm(request.POST or None, procedure=procedure, initial={"procedure": getattr(procedure, "code", "")})
    agency = desks.filter(pk=request.POST.get("agency") or request.GET.get("agency")).first() or desks.first()
    if request.method == "POST" and procedure is not None and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.receive(
                None,
                actor=request.user,
                procedure=procedure,
                agency=agency,
                channel=data["channel"],
                documents_checked=data["documents_checked"],
                applicant={k: data[k] for k in ("name", "citizen_id", "phone", "email", "address_street")},
            )
        except ProblemError as problem:
            for param in problem.invalid_params:
                field = param.name.split(".")[-1]
                form.add_error(field if field in form.fields else None, param.reason)
            if not problem.invalid_params:
                form.add_error(None, problem.detail)
        else:
            messages.success(request, _("Received: %(code)s.") % {"code": created.code})
            return redirect(reverse("desk:dossier", args=[created.code]) + "?receipt=1")
    context = {
        "procedure": procedure,
        "results": results,
        "query": query,
        "form": form,
        "desks": desks,
        "agency": agency,
    }
    return render(request, "desk/receive.html", context)


@officer_required
def lateness(request):
    """Leaders: overdue and due-soon dossiers by agency and by the officer holding them, apology letters,
    and who held dossiers when they went overdue."""
    board = selectors.leader_board(request.user)
    if not board["led"]:
        raise Http404
    return render(request, "desk/lateness.html", board)
