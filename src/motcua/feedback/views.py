"""Portal and desk pages of feedback and petitions. Views parse, authorise and call one action; a ProblemError
from an action is shown beside the form, never as a 500."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import ProblemError
from motcua.divisions.selectors import agency_on
from motcua.feedback import actions, selectors
from motcua.feedback.constants import Kind, Status
from motcua.feedback.forms import (
    AnswerForm,
    FollowUpForm,
    PublishForm,
    RejectForm,
    RouteForm,
    SubmitForm,
    options_html,
)
from motcua.portal.forms import describe
from motcua.procedures.selectors import get_procedure

INBOX_TITLES = {
    "to_route": _("To route"),
    "to_answer": _("To answer"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "answered": _("Answered"),
    "rejected": _("Not handled"),
}


# --- public ------------------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def submit(request):
    """Anyone sends feedback; the follow-up code is shown on the next page."""
    form = SubmitForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        procedure = get_procedure(data["procedure_code"].strip()) if data["procedure_code"].strip() else None
        if data["procedure_code"].strip() and procedure is None:
            form.add_error("procedure_code", _("No procedure has this code."))
        else:
            try:
                feedback = actions.submit(
                    actor=request.user,
                    kind=data["kind"],
                    subject=data["subject"],
                    content=data["content"],
                    procedure=procedure,
                    dossier_code=data["dossier_code"],
                    concerned_agency=agency_on(data["concerned_agency"]) if data["concerned_agency"] else None,
                    author_name=data["author_name"],
                    author_phone=data["author_phone"],
                    author_email=data["author_email"],
                    anonymous=data["anonymous"],
                    consent_publish=data["consent_publish"],
                    honeypot=data["website"],
                )
            except ProblemError as exc:
                if exc.code == "feedback_spam_suspected":
                    # Tell a bot nothing useful: the same page a person sees, without a code.
                    return redirect("feedback:follow-up")
                for param in exc.invalid_params:
                    if param.name in form.fields:
                        form.add_error(param.name, param.reason)
                error = exc.detail
            else:
                request.session["feedback_sent"] = feedback.code
                return redirect(f"{reverse('feedback:follow-up')}?{urlencode({'code': feedback.code})}")
    return render(
        request,
        "feedback/submit.html",
        {
            "form": describe(form),
            "agency_options": options_html(form["concerned_agency"]),
            "error": error,
            "conduct": Kind.CONDUCT.value,
            "is_officer": request.user.is_authenticated and selectors.is_staff_reader(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def follow_up(request):
    """Status by follow-up code, and the answer once published: never the author's details."""
    form = FollowUpForm(request.GET or None)
    feedback = selectors.public_followup(form.data.get("code", "")) if form.is_bound else None
    just_sent = feedback is not None and request.session.get("feedback_sent") == feedback.code
    if just_sent:
        del request.session["feedback_sent"]
    return render(
        request,
        "feedback/follow_up.html",
        {"form": form, "code": form.data.get("code", "").strip(), "feedback": feedback, "just_sent": just_sent},
        status=404 if form.is_bound and feedback is None else 200,
    )


@require_GET
def published(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.published(q), 10).get_page(request.GET.get("page"))
    return render(request, "feedback/published.html", {"page": page, "q": q})


# --- desk ------------------------------------------------------------------------------------------------------
def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.is_staff_reader(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
@require_GET
def inbox(request, key: str = ""):
    router = selectors.is_router(request.user)
    key = key or ("to_route" if router else "to_answer")
    if key not in selectors.INBOX_KEYS:
        raise Http404
    box = selectors.inbox(request.user, key, q=request.GET.get("q", "").strip())
    page = Paginator(box.rows, 50).get_page(request.GET.get("page"))
    tabs = [(k, INBOX_TITLES[k], box.counts[k]) for k in selectors.INBOX_KEYS if router or k != "to_route"]
    return render(
        request,
        "feedback/inbox.html",
        {"tabs": tabs, "key": key, "title": INBOX_TITLES[key], "page": page, "q": request.GET.get("q", "")},
    )


FORMS = {"route": RouteForm, "answer": AnswerForm, "publish": PublishForm, "reject": RejectForm}


def _route_default(feedback) -> str:
    """The agency the route form proposes: the current one, else the one the author named."""
    agency = feedback.agency or feedback.concerned_agency
    return agency.code if agency else ""


def _offered(user, feedback) -> list[str]:
    router = selectors.is_router(user)
    answerer = selectors.can_answer(user, feedback)
    offered = []
    if router and feedback.status in (Status.RECEIVED, Status.ROUTED):
        offered += ["route", "reject"]
    if answerer and feedback.status == Status.ROUTED:
        offered.insert(0, "answer")
    if (router or answerer) and feedback.status == Status.ANSWERED and feedback.consent_publish:
        offered.append("publish")
    return offered


@staff_required
@require_http_methods(["GET", "POST"])
def handle(request, code: str):
    """One item for officers: content, author (unless anonymous), history, and the actions they may take."""
    feedback = selectors.for_staff(request.user, code)
    if feedback is None:
        raise Http404
    offered = _offered(request.user, feedback)
    initial = {"version": feedback.version}
    forms = {
        name: FORMS[name](
            initial=initial
            | ({"public_question": feedback.content} if name == "publish" else {})
            | ({"agency": _route_default(feedback)} if name == "route" else {}),
            prefix=name,
        )
        for name in offered
    }
    error = ""
    status = 200
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        if action not in offered:
            raise Http404
        form = forms[action] = FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                if action == "route":
                    agency = agency_on(data["agency"])
                    if agency is None:
                        raise Http404
                    actions.route(
                        actor=request.user, feedback=feedback, agency=agency, note=data["note"], version=version
                    )
                elif action == "answer":
                    actions.answer(actor=request.user, feedback=feedback, version=version, **data)
                elif action == "publish":
                    actions.publish(actor=request.user, feedback=feedback, version=version, **data)
                else:
                    actions.reject(actor=request.user, feedback=feedback, version=version, **data)
            except ProblemError as exc:
                error, status = exc.detail, exc.status
            else:
                messages.success(request, _("Saved."))
                return redirect("feedback:handle", code=feedback.code)
        else:
            status = 400
    calendars: dict = {}
    return render(
        request,
        "feedback/handle.html",
        {
            "feedback": feedback,
            "state": selectors.open_state(feedback, timezone.now(), calendars),
            "events": selectors.events_of(feedback),
            "forms": [(name, describe(f)) for name, f in forms.items()],
            "agency_options": options_html(forms["route"]["agency"]) if "route" in forms else "",
            "error": error,
        },
        status=status,
    )


@require_GET
def mine(request):
    """A signed-in citizen's own feedback (anonymous reports are not linked to any account)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = selectors.visible(request.user).filter(author_user=request.user).order_by("-received_at")
    return render(request, "feedback/mine.html", {"rows": rows})
