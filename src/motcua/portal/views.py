"""The public e-portal: home, catalogue, procedure pages, online submission, my dossiers, lookup.

Views parse, authorise and call one action (DESIGN.md); a ProblemError from an action is shown beside
the fields it names, never as a 500.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import ProblemError
from motcua.divisions.selectors import communes_of, current_province, portal_summary
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import RULES, Action, DocumentKind, Status
from motcua.dossiers.selectors import events_of, public_dossier
from motcua.payments.registry import registry as payment_registry
from motcua.payments.selectors import open_obligations
from motcua.portal import actions, jsonform
from motcua.portal.forms import (
    AgencyForm,
    ApplicantForm,
    DeliveryForm,
    ReviewForm,
    SurveyForm,
    UploadForm,
    WithdrawForm,
    describe,
)
from motcua.portal.models import Survey
from motcua.portal.selectors import (
    draft_of,
    filter_agencies,
    headline_figures,
    my_dossier,
    my_dossiers,
    my_drafts,
    procedure_for_application,
    process_groups,
    published_information,
    receiving_agencies,
    timeliness_board,
)
from motcua.postal.selectors import shipments_for
from motcua.procedures.constants import OnlineLevel, ProcedureStatus
from motcua.procedures.selectors import FilterError, fields_with_counts, get_procedure, search_procedures

LOGIN = "portal:login"
PAGE_SIZE = 20


def home(request):
    """The province's e-portal home page."""
    context = {"summary": portal_summary(), "figures": _figures(), "fields": fields_with_counts()[:12]}
    return render(request, "portal/home.html", context)


FIGURES_SECONDS = 300  # the year's figures are one aggregate over every dossier of the year: computed at most
# every five minutes per process, not on every visit to the home page


def _figures(year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    key = f"portal:figures:{settings.MOTCUA_PROVINCE_CODE}:{year}"
    return cache.get_or_set(key, lambda: headline_figures(year), FIGURES_SECONDS)


@require_GET
def lookup(request, code: str | None = None):
    """Public lookup of a dossier by its code (the receipt's QR code points here): status and dates only."""
    if code is None and request.GET.get("code"):
        return redirect("portal:lookup-code", code=request.GET["code"].strip())
    dossier = public_dossier(code) if code else None
    context = {"code": code, "dossier": dossier, "statuses": Status, "nav": "lookup"}
    return render(request, "portal/lookup.html", context, status=404 if code and dossier is None else 200)


# --- sign-in -----------------------------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    """One sign-in page for everyone: citizens land on their dossiers, officers on their desk."""

    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        from motcua.desk.selectors import is_officer

        return reverse("desk:queue") if is_officer(self.request.user) else reverse("portal:my-dossiers")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


# --- catalogue ---------------------------------------------------------------------------------------------
LEVELS = [("province", gettext_lazy("Province level")), ("commune", gettext_lazy("Commune level"))]


@require_GET
def catalogue(request):
    """Browse and search the procedures (diacritics-insensitive), filtered by field, level, agency, online."""
    q = request.GET.get("q", "").strip()[:200]
    filters = {name: request.GET.get(name, "").strip() for name in ("field", "level", "agency", "online")}
    notice = ""
    try:
        results = search_procedures(
            q, field=filters["field"], level=filters["level"], agency=filters["agency"], online_level=filters["online"]
        )
    except FilterError:
        notice = _("A filter was not recognised and was left out.")
        filters = dict.fromkeys(filters, "")
        results = search_procedures(q)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "q": q,
        "filters": filters,
        "notice": notice,
        "page": page,
        "query": query.urlencode(),
        "fields": fields_with_counts(),
        "levels": LEVELS,
        "agencies": filter_agencies(),
        "online_levels": [(OnlineLevel.FULL, OnlineLevel.FULL.label), (OnlineLevel.PARTIAL, OnlineLevel.PARTIAL.label)],
        "filtered": bool(q or any(filters.values())),
        "nav": "catalogue",
    }
    partial = request.headers.get("HX-Target") == "results" and not request.headers.get("HX-History-Restore-Request")
    if request.headers.get("HX-Request") and partial:
        return render(request, "portal/_results.html", context)
    return render(request, "portal/catalogue.html", context)


def _offered_online(procedure) -> bool:
    return (
        procedure.online_level != OnlineLevel.NONE
        and procedure.status == ProcedureStatus.ACTIVE
        and procedure.is_valid_on(timezone.localdate())
    )


def _fees(procedure, pages: int = 1, copies: int = 1) -> tuple[list[dict], int, bool]:
    rows, total, open_amount = [], 0, False
    for item in procedure.fees.all():
        amount = item.compute(pages=pages, copies=copies)
        rows.append({"item": item, "amount": amount})
        if amount is None:
            open_amount = True
        else:
            total += int(amount)
    return rows, total, open_amount


@require_GET
def procedure(request, code: str):
    """Everything the law requires to be public about a procedure, and the way to submit it online."""
    found = get_procedure(code)
    if found is None:
        raise Http404(code)
    groups = process_groups(found)
    fees, total, open_amount = _fees(found)
    context = {
        "procedure": found,
        "groups": groups,
        "fees": fees,
        "fee_total": total,
        "fee_open": open_amount,
        "online": _offered_online(found) and bool(groups),
        "in_force": found.status == ProcedureStatus.ACTIVE and found.is_valid_on(timezone.localdate()),
        "documents": list(found.documents.all()),
        "performers": list(found.performers.all()),
        "nav": "catalogue",
    }
    return render(request, "portal/procedure.html", context)


# --- the online submission wizard ----------------------------------------------------------------------------
STEP_AGENCY, STEP_APPLICANT, STEP_FORM, STEP_DOCUMENTS, STEP_DELIVERY, STEP_REVIEW = (
    "noi-nop",
    "nguoi-nop",
    "to-khai",
    "giay-to",
    "nhan-ket-qua",
    "xem-lai",
)
STEP_LABELS = {
    STEP_AGENCY: gettext_lazy("Where to submit"),
    STEP_APPLICANT: gettext_lazy("Applicant"),
    STEP_FORM: gettext_lazy("Declaration form"),
    STEP_DOCUMENTS: gettext_lazy("Documents"),
    STEP_DELIVERY: gettext_lazy("Result delivery"),
    STEP_REVIEW: gettext_lazy("Review and submit"),
}


def _steps(procedure) -> list[str]:
    steps = [STEP_AGENCY, STEP_APPLICANT]
    if procedure.form_schema:
        steps.append(STEP_FORM)
    if procedure.documents.all():
        steps.append(STEP_DOCUMENTS)
    return [*steps, STEP_DELIVERY, STEP_REVIEW]


class Wizard:
    """What every step needs: the procedure, the user's draft (possibly not yet saved), the steps."""

    def __init__(self, request, code: str, step: str):
        found = procedure_for_application(code)
        if found is None:
            raise Http404(code)
        self.request = request
        self.procedure = found
        self.steps = _steps(found)
        if step not in self.steps:
            raise Http404(step)
        self.step = step
        self.draft = draft_of(request.user, found)
        self.data = self.draft.data if self.draft else {}

    @property
    def done(self) -> set[str]:
        return set(self.data.get("done", []))

    def next_step(self) -> str:
        return self.steps[min(self.steps.index(self.step) + 1, len(self.steps) - 1)]

    def url(self, step: str) -> str:
        return reverse("portal:apply-step", kwargs={"code": self.procedure.code, "step": step})

    def save(self, valid: bool, **changes):
        done = [s for s in self.data.get("done", []) if s != self.step] + ([self.step] if valid else [])
        self.draft = actions.save_draft(self.request.user, self.procedure, **changes, done=done)
        self.data = self.draft.data

    def after_post(self, valid: bool):
        """Continue to the next step, or stay on this one (errors, or "save draft" pressed)."""
        if valid and "save" not in self.request.POST:
            return redirect(self.url(self.next_step()))
        if "save" in self.request.POST:
            messages.success(self.request, _("Your draft is saved. You can come back to it from “My dossiers”."))
        return None

    def render(self, template: str, context: dict, status: int = 200):
        steps = [
            {"slug": s, "label": STEP_LABELS[s], "url": self.url(s), "done": s in self.done, "current": s == self.step}
            for s in self.steps
        ]
        base = {
            "procedure": self.procedure,
            "draft": self.draft,
            "step": self.step,
            "steps": steps,
            "step_number": self.steps.index(self.step) + 1,
            "step_count": len(self.steps),
            "step_label": STEP_LABELS[self.step],
            "action_url": self.url(self.step),
            "validating": "_validate" in self.request.POST,
        }
        if isinstance(context.get("form"), forms.Form):
            describe(context["form"])
        return render(self.request, template, {"nav": "catalogue", **base, **context}, status=status)


def _validating(request) -> bool:
    """An inline check of the fields (HTMX, on change): answer with errors, save nothing."""
    return request.method == "POST" and "_validate" in request.POST


@login_required(login_url=LOGIN)
@require_GET
def apply(request, code: str):
    """Start or resume an online application: go to the first step not yet completed."""
    found = procedure_for_application(code)
    if found is None:
        raise Http404(code)
    if not (_offered_online(found) and receiving_agencies(found)):
        messages.error(request, _("This procedure cannot be submitted online. See where to submit it below."))
        return redirect("portal:procedure", code=code)
    draft = draft_of(request.user, found)
    done = set(draft.data.get("done", [])) if draft else set()
    steps = _steps(found)
    first = next((s for s in steps if s not in done), steps[-1])
    return redirect("portal:apply-step", code=code, step=first)


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def apply_step(request, code: str, step: str):
    wizard = Wizard(request, code, step)
    if not _offered_online(wizard.procedure):
        return redirect("portal:apply", code=code)
    handler = {
        STEP_AGENCY: _step_agency,
        STEP_APPLICANT: _step_applicant,
        STEP_FORM: _step_form,
        STEP_DOCUMENTS: _step_documents,
        STEP_DELIVERY: _step_delivery,
        STEP_REVIEW: _step_review,
    }[step]
    return handler(request, wizard)


def _step_agency(request, wizard: Wizard):
    agencies = receiving_agencies(wizard.procedure)
    if request.method == "POST":
        form = AgencyForm(request.POST, agencies=agencies)
        valid = form.is_valid()
        if not _validating(request):
            wizard.save(valid, agency=request.POST.get("agency", "")[:60])
            response = wizard.after_post(valid)
            if response:
                return response
    else:
        initial = wizard.data.get("agency") or (agencies[0].code if len(agencies) == 1 else "")
        form = AgencyForm(initial={"agency": initial}, agencies=agencies)
    return wizard.render("portal/apply/agency.html", {"form": form, "agency_count": len(agencies)})


def _applicant_initial(user) -> dict:
    return {
        "kind": "person",
        "name": user.get_full_name() or "",
        "citizen_id": user.citizen_id or "",
        "phone": user.phone or "",
        "email": user.email or "",
    }


def _units():
    province = current_province()
    return communes_of(province).order_by("name") if province else []


def _step_applicant(request, wizard: Wizard):
    units = _units()
    if request.method == "POST":
        form = ApplicantForm(request.POST, units=units)
        valid = form.is_valid()
        if not _validating(request):
            entered = {name: request.POST.get(name, "").strip() for name in form.fields}
            wizard.save(valid, applicant=entered)
            response = wizard.after_post(valid)
            if response:
                return response
    else:
        form = ApplicantForm(initial=wizard.data.get("applicant") or _applicant_initial(request.user), units=units)
    return wizard.render("portal/apply/applicant.html", {"form": form})


def _step_form(request, wizard: Wizard):
    schema = wizard.procedure.form_schema or {}
    if request.method == "POST":
        raw = jsonform.raw_from_post(schema, request.POST)
        _data, errors = jsonform.validate(schema, raw)
        if not _validating(request):
            wizard.save(not errors, form=raw)
            response = wizard.after_post(not errors)
            if response:
                return response
    else:
        raw, errors = wizard.data.get("form") or {}, {}
    items = jsonform.build(schema, raw, errors)
    return wizard.render(
        "portal/apply/form.html",
        {
            "items": items,
            "error_count": len(errors),
            "invalid": [leaf for leaf in jsonform.leaves(items) if leaf.errors],
            "title": schema.get("title", ""),
        },
    )


def _document_slots(wizard: Wizard, errors: dict | None = None) -> list[dict]:
    errors = errors or {}
    files = list(wizard.draft.files.all()) if wizard.draft else []
    return [
        {
            "document": doc,
            "files": [f for f in files if f.required_document_id == doc.pk],
            "errors": errors.get(doc.pk, []),
        }
        for doc in wizard.procedure.documents.all()
    ]


def _missing_documents(wizard: Wizard) -> list:
    return [s["document"] for s in _document_slots(wizard) if s["document"].mandatory and not s["files"]]


def _step_documents(request, wizard: Wizard):
    errors: dict[int, list[str]] = {}
    status = 200
    if request.method == "POST":
        was_done = STEP_DOCUMENTS in wizard.done
        if wizard.draft is None:
            wizard.save(False)
        if "upload" in request.POST:
            doc = wizard.procedure.documents.filter(pk=request.POST.get("upload")).first()
            if doc is None:
                raise Http404("document")
            form = UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                errors[doc.pk] = [_("Choose a file to upload.")]
            else:
                try:
                    actions.add_draft_file(wizard.draft, file=form.cleaned_data["file"], required_document=doc)
                except ProblemError as exc:
                    name = form.cleaned_data["file"].name
                    errors[doc.pk] = [f"{name}: {p.reason}" for p in exc.invalid_params] or [exc.detail]
                    status = 200 if request.headers.get("HX-Request") else 422
        elif "remove" in request.POST:
            actions.remove_draft_file(wizard.draft, int(request.POST.get("remove") or 0))
        if "upload" in request.POST or "remove" in request.POST:
            wizard.draft = draft_of(request.user, wizard.procedure)
            # A step completed stays completed while every required document still has a file.
            wizard.save(was_done and not _missing_documents(wizard))
            wizard.draft = draft_of(request.user, wizard.procedure)
        else:
            missing = _missing_documents(wizard)
            for doc in missing:
                errors[doc.pk] = [_("Upload this document: it is required.")]
            wizard.save(not missing)
            response = wizard.after_post(not missing)
            if response:
                return response

    context = {
        "slots": _document_slots(wizard, errors),
        "max_mb": settings.MAX_UPLOAD_BYTES // 1_048_576,
        "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt",
        "error_count": len(errors),
    }
    return wizard.render("portal/apply/documents.html", context, status=status)


def _step_delivery(request, wizard: Wizard):
    postal = wizard.procedure.postal_allowed
    if request.method == "POST":
        form = DeliveryForm(request.POST, postal_allowed=postal)
        valid = form.is_valid()
        if not _validating(request):
            method = request.POST.get("method", "")
            entered = {"method": method, "address": request.POST.get("address", "").strip() if method == "post" else ""}
            wizard.save(valid, delivery=entered)
            response = wizard.after_post(valid)
            if response:
                return response
    else:
        initial = wizard.data.get("delivery") or {"method": "desk"}
        form = DeliveryForm(initial=initial, postal_allowed=postal)
    return wizard.render("portal/apply/delivery.html", {"form": form, "postal": postal})


SECTION_OF = {"applicant": STEP_APPLICANT, "agency": STEP_AGENCY, "documents": STEP_DOCUMENTS, "file": STEP_DOCUMENTS}


def _problem_rows(wizard: Wizard, exc: ProblemError) -> list[dict]:
    """Rows of the review page's error summary: which step to fix and why."""
    schema = wizard.procedure.form_schema or {}
    rows = []
    for p in exc.invalid_params:
        head = p.name.split(".", 1)[0]
        step = SECTION_OF.get(head)
        if step is None:
            step = STEP_FORM if STEP_FORM in wizard.steps and head != "procedure" else None
        reason = jsonform.message(schema, p.name, p.code) if step == STEP_FORM else p.reason
        rows.append(
            {
                "step": step,
                "label": STEP_LABELS.get(step, ""),
                "url": wizard.url(step) if step else "",
                "reason": reason,
                "name": p.name,
            }
        )
    if not rows:
        rows.append({"step": None, "label": "", "url": "", "reason": exc.detail, "name": ""})
    return rows


def _step_review(request, wizard: Wizard):
    procedure = wizard.procedure
    schema = procedure.form_schema or {}
    data = wizard.data
    form_data, _errors = jsonform.to_data(schema, data.get("form") or {})
    pages = form_data.get("pages") if isinstance(form_data.get("pages"), int) else 1
    copies = form_data.get("copies") if isinstance(form_data.get("copies"), int) else 1
    fees, total, open_amount = _fees(procedure, pages=pages or 1, copies=copies or 1)
    incomplete = [{"label": STEP_LABELS[s], "url": wizard.url(s)} for s in wizard.steps[:-1] if s not in wizard.done]
    problems: list[dict] = []
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not incomplete:
        try:
            dossier = actions.submit_application(wizard.draft, actor=request.user)
        except ProblemError as exc:
            problems = _problem_rows(wizard, exc)
        else:
            return redirect("portal:submitted", code=dossier.code)
    agency = next((a for a in receiving_agencies(procedure) if a.code == data.get("agency")), None)
    applicant = data.get("applicant") or {}
    unit = next((u for u in _units() if u.code == applicant.get("address_unit")), None) if applicant else None
    context = {
        "form": form,
        "incomplete": incomplete,
        "problems": problems,
        "agency": agency,
        "applicant": applicant,
        "unit": unit,
        "form_rows": jsonform.display(schema, form_data),
        "slots": _document_slots(wizard),
        "delivery": data.get("delivery") or {},
        "fees": fees,
        "fee_total": total,
        "fee_open": open_amount,
        "urls": {s: wizard.url(s) for s in wizard.steps},
    }
    return wizard.render("portal/apply/review.html", context, status=422 if problems else 200)


@login_required(login_url=LOGIN)
@require_POST
def discard_draft(request, code: str):
    found = procedure_for_application(code)
    draft = draft_of(request.user, found) if found else None
    if draft is not None:
        actions.discard_draft(draft)
        messages.success(request, _("The draft was deleted."))
    return redirect("portal:my-dossiers")


# --- my dossiers -----------------------------------------------------------------------------------------------
@login_required(login_url=LOGIN)
@require_GET
def dossier_list(request):
    page = Paginator(my_dossiers(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_dossiers.html", {"page": page, "drafts": my_drafts(request.user), "nav": "mine"})


def _mine_or_404(request, code: str):
    dossier = my_dossier(request.user, code)
    if dossier is None:
        raise Http404(code)
    return dossier


EVENT_DETAILS = {
    Action.REQUEST_SUPPLEMENT: ("reason", "documents"),
    Action.REFUSE: ("reason",),
    Action.STOP: ("reason",),
    Action.WITHDRAW: ("reason",),
    Action.EXTEND: ("apology",),
    Action.REQUIRE_PAYMENT: ("reason", "amount"),
    Action.ATTACH: ("name",),
}


def _timeline(dossier) -> list[dict]:
    rows = []
    for event in events_of(dossier):
        try:
            action = Action(event.kind)
            label = action.label
        except ValueError:
            action, label = None, _("The appointment passed") if event.kind == "overdue" else event.kind
        if action == Action.ATTACH and (event.data or {}).get("kind") == DocumentKind.RESULT:
            label = _("Result attached")
        details = []
        for key in EVENT_DETAILS.get(action, ()):
            value = (event.data or {}).get(key)
            if value:
                details.append(", ".join(value) if isinstance(value, list) else str(value))
        if action == Action.EXTEND and (event.data or {}).get("new_due_at"):
            details.append(_("New appointment: %(at)s") % {"at": event.data["new_due_at"][:10]})
        previous = rows[-1] if rows else None
        if action == Action.ATTACH and previous and previous.get("attach") and label == previous["label_one"]:
            # Several files attached together read as one line of the history.
            previous["details"].extend(details)
            previous["label"] = _("Documents attached (%(n)d)") % {"n": len(previous["details"])}
            continue
        rows.append(
            {
                "label": label,
                "label_one": label,
                "attach": action == Action.ATTACH,
                "at": event.at,
                "status": Status(event.to_status).label
                if event.to_status and event.to_status != event.from_status
                else "",
                "status_code": event.to_status,
                "step": event.step.name if event.step_id and action in (Action.FORWARD, Action.ASSIGN) else "",
                "details": details,
            }
        )
    return rows[::-1]


def _papers(dossier, timeline_kinds: set[str]) -> list[dict]:
    from motcua.dossiers.paperwork.constants import Paper

    available = []
    if dossier.received_at and Action.RECEIVE in timeline_kinds:
        available.append(Paper.RECEIPT)
    if Action.REQUEST_SUPPLEMENT in timeline_kinds:
        available.append(Paper.SUPPLEMENT_REQUEST)
    if dossier.status == Status.NOT_RECEIVED:
        available.append(Paper.REFUSAL)
    if dossier.extended:
        available.append(Paper.APOLOGY)
    if dossier.status == Status.STOPPED:
        available.append(Paper.STOP_NOTICE)
    return [
        {"label": p.label, "url": reverse("v1:dossier-paper", kwargs={"code": dossier.code, "form": p.value})}
        for p in available
    ]


def _can_withdraw(dossier) -> bool:
    return dossier.status in RULES[Action.WITHDRAW].sources


@login_required(login_url=LOGIN)
@require_GET
def dossier_detail(request, code: str):
    dossier = _mine_or_404(request, code)
    return render(request, "portal/dossier.html", _dossier_context(dossier))


def _dossier_context(dossier, **extra) -> dict:
    kinds = set(dossier.events.values_list("kind", flat=True))
    supplement_request = (
        dossier.events.filter(kind=Action.REQUEST_SUPPLEMENT).order_by("-seq").first()
        if dossier.status == Status.SUPPLEMENT
        else None
    )
    documents = [
        {"doc": d, "url": reverse("v1:dossier-document", kwargs={"code": dossier.code, "pk": d.pk})}
        for d in dossier.documents.select_related("required_document").order_by("uploaded_at", "id")
    ]
    return {
        "dossier": dossier,
        "timeline": _timeline(dossier),
        "papers": _papers(dossier, kinds),
        "documents": documents,
        "form_rows": jsonform.display(dossier.procedure.form_schema or {}, dossier.form_data),
        "delivery": (dossier.form_data or {}).get("delivery") or {},
        "can_withdraw": _can_withdraw(dossier),
        "can_supplement": dossier.status == Status.SUPPLEMENT,
        "obligations": open_obligations(dossier),
        "payment_providers": payment_registry.choices(),
        "shipments": shipments_for(dossier),
        "supplement_request": supplement_request,
        "can_rate": dossier.status == Status.RETURNED and not Survey.objects.filter(dossier=dossier).exists(),
        "rated": Survey.objects.filter(dossier=dossier).first(),
        "upload_form": UploadForm(),
        "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt",
        "nav": "mine",
        **extra,
    }


@login_required(login_url=LOGIN)
@require_GET
def submitted(request, code: str):
    dossier = _mine_or_404(request, code)
    return render(request, "portal/submitted.html", {"dossier": dossier, "nav": "mine"})


@login_required(login_url=LOGIN)
@require_POST
def supplement(request, code: str):
    """The applicant uploads a supplementary document while a supplement is requested (status 5)."""
    dossier = _mine_or_404(request, code)
    form = UploadForm(request.POST, request.FILES)
    errors = []
    if not form.is_valid():
        errors = [_("Choose a file to upload.")]
    else:
        try:
            dossier_actions.attach(
                dossier, actor=request.user, file=form.cleaned_data["file"], kind=DocumentKind.SUPPLEMENT
            )
        except ProblemError as exc:
            errors = [p.reason for p in exc.invalid_params] or [exc.detail]
    if not errors:
        messages.success(request, _("Your document was added. The agency will continue with your dossier."))
        return redirect("portal:dossier", code=code)
    dossier = _mine_or_404(request, code)
    return render(request, "portal/dossier.html", _dossier_context(dossier, upload_errors=errors), status=422)


@login_required(login_url=LOGIN)
@require_POST
def pay(request, code: str):
    """Start an online payment of what the dossier owes through the provider the applicant picked, and send
    them to the provider's page (gateway, VietQR transfer page or the demo simulator)."""
    from motcua.payments.actions import request_payment

    dossier = _mine_or_404(request, code)
    try:
        payment = request_payment(
            dossier,
            actor=request.user,
            purpose=request.POST.get("purpose", ""),
            provider=request.POST.get("provider", ""),
        )
    except ProblemError as exc:
        messages.error(request, exc.detail)
        return redirect("portal:dossier", code=code)
    return redirect(payment.redirect_url)


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def withdraw(request, code: str):
    """Ask for confirmation, then withdraw the dossier (công dân yêu cầu rút hồ sơ)."""
    dossier = _mine_or_404(request, code)
    if not _can_withdraw(dossier):
        messages.error(request, _("This dossier can no longer be withdrawn."))
        return redirect("portal:dossier", code=code)
    error = ""
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                dossier_actions.withdraw(
                    dossier,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except ProblemError as exc:
                error = exc.detail
            else:
                messages.success(request, _("Your dossier was withdrawn."))
                return redirect("portal:dossier", code=code)
    else:
        form = WithdrawForm(initial={"version": dossier.version})
    return render(
        request,
        "portal/withdraw.html",
        {"dossier": dossier, "form": describe(form), "error": error, "nav": "mine"},
        status=409 if error else 200,
    )


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def rate(request, code: str):
    """The satisfaction survey of a returned dossier (time, attitude, publicity, ease, cost)."""
    dossier = _mine_or_404(request, code)
    if dossier.status != Status.RETURNED or Survey.objects.filter(dossier=dossier).exists():
        return redirect("portal:dossier", code=code)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.rate_service(
                dossier, actor=request.user, answers=form.cleaned_data, comment=form.cleaned_data["comment"]
            )
        except ProblemError as exc:
            error = exc.detail
        else:
            messages.success(request, _("Thank you for rating the service."))
            return redirect("portal:dossier", code=code)
    return render(
        request, "portal/rate.html", {"dossier": dossier, "form": describe(form), "error": error, "nav": "mine"}
    )


# --- published information -------------------------------------------------------------------------------------
@require_GET
def timeliness(request):
    """The public timeliness board: per agency, dossiers finished on time and late this year."""
    year = timezone.localdate().year
    return render(
        request, "portal/timeliness.html", {"rows": timeliness_board(year), "year": year, "nav": "timeliness"}
    )


@require_GET
def published(request):
    """Published information: the year's figures, the timeliness board, the province's reform plan and the PAR
    rankings (công khai)."""
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    context = {"figures": _figures(chosen), "nav": "published", **published_information(chosen)}
    return render(request, "portal/published.html", context)
