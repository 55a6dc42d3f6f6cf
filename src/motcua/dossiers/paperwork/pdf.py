"""PDFs of the one-stop paperwork (Circular 03/2025/TT-VPCP, Annex I, forms 01–06) rendered with WeasyPrint.

`render_paper(dossier, form)` builds the form's context from the dossier, its steps and its events, renders
`dossiers/paperwork/<form>.html` and prints it to PDF. A form exists only once its event exists (no apology
for a dossier never extended): otherwise `PaperNotAvailable` (a 404 problem, `paper_not_available`).

No network: WeasyPrint gets a URL fetcher that serves `data:` URIs and the font files only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import ProblemError
from motcua.core.webhooks import public_base_url
from motcua.dossiers.constants import Action, DocumentKind
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.paperwork import text
from motcua.dossiers.paperwork.constants import CIRCULAR, CIRCULAR_2018, FORMS, ErrorCode, Paper
from motcua.workdays.selectors import calendar_for_agency, compiled_calendar

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = {  # @font-face of the templates: (weight, style) → DejaVu Serif file (Vietnamese glyphs)
    ("normal", "normal"): "DejaVuSerif.ttf",
    ("bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
}


class PaperNotAvailable(ProblemError):
    pass


def not_available(dossier: Dossier, form: Paper) -> PaperNotAvailable:
    return PaperNotAvailable(
        ErrorCode.PAPER_NOT_AVAILABLE,
        _("Dossier %(code)s has no “%(paper)s”.") % {"code": dossier.code, "paper": Paper(form).label},
        status=404,
    )


# --- the public lookup and its QR code ---------------------------------------------------------------------
def lookup_url(code: str) -> str:
    """The portal's public lookup page of a dossier (tra cứu hồ sơ), printed as a QR code on the receipt."""
    return f"{public_base_url()}/tra-cuu/{code}"


def qr_data_uri(url: str) -> str:
    """An SVG QR code of `url` as a data URI (no file, no network)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


# --- WeasyPrint ------------------------------------------------------------------------------------------
def font_dir() -> Path:
    return Path(getattr(settings, "MOTCUA_PDF_FONT_DIR", DEFAULT_FONT_DIR))


def font_faces() -> list[dict]:
    """@font-face rules for the templates; empty when the files are missing (the family name then resolves
    through fontconfig, which finds DejaVu Serif wherever the system installed it)."""
    folder = font_dir()
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = folder / name
        if path.is_file():
            faces.append({"weight": weight, "style": style, "url": path.as_uri()})
    return faces


def url_fetcher():
    """A WeasyPrint URL fetcher that serves `data:` URIs and the configured font files, and refuses
    everything else: http(s), other files (no network fetches, nothing read from outside the fonts)."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    fonts = font_dir().resolve()

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(fonts):
                    raise ValueError(f"paperwork PDFs read no file but the fonts: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=url_fetcher(), base_url=font_dir().as_uri() + "/").write_pdf()


# --- the contexts of the forms ------------------------------------------------------------------------------
def _last_event(dossier: Dossier, action: Action) -> DossierEvent | None:
    return (
        DossierEvent.objects.filter(dossier=dossier, kind=action.value).select_related("actor").order_by("-seq").first()
    )


def _processing_time(procedure) -> str:
    unit = text.TIME_UNITS.get(procedure.time_unit, procedure.time_unit)
    if procedure.time_unit == "same_day":
        return "Trong ngày"
    value = procedure.time_value
    number = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} {unit}"


def _documents(dossier: Dossier) -> tuple[list[dict], bool]:
    """The papers received: the dossier's stored documents, else the procedure's list as checked at the desk."""
    stored = list(
        dossier.documents.filter(kind=DocumentKind.APPLICATION).select_related("required_document").order_by("id")
    )
    if stored:
        rows = []
        for doc in stored:
            form = doc.required_document.form if doc.required_document_id else ""
            rows.append({"name": doc.name, "form": text.DOCUMENT_FORMS.get(form, "Bản điện tử"), "copies": 1})
        return rows, False
    rows = [
        {"name": req.name, "form": text.DOCUMENT_FORMS.get(req.form, req.form), "copies": req.copies}
        for req in dossier.procedure.documents.order_by("position", "id")
    ]
    return rows, True


def _base(dossier: Dossier, form: Paper, *, desk: bool, issued_at) -> dict:
    info = FORMS[form]
    agency = dossier.receiving_agency if desk else dossier.handling_agency
    return {
        "dossier": dossier,
        "form": form.value,
        "info": info,
        "circular": CIRCULAR,
        "circular_2018": CIRCULAR_2018,
        "fonts": font_faces(),
        "agency": agency,
        "receiving_agency": dossier.receiving_agency,
        "header": text.header(agency, desk=desk),
        "place_date": f"{text.place_name(agency)}, {text.vn_date(issued_at)}",
        "applicant": {
            "name": dossier.applicant_name,
            "address": text.applicant_address(dossier),
            "phone": dossier.phone,
            "email": dossier.email,
            "citizen_id": dossier.applicant_citizen_id,
        },
        "procedure": dossier.procedure,
        "title": f"{info.title} — {dossier.code}",
    }


def _receipt(dossier: Dossier) -> dict:
    event = _last_event(dossier, Action.RECEIVE)
    if event is None or dossier.received_at is None:
        raise not_available(dossier, Paper.RECEIPT)
    documents, checked_at_desk = _documents(dossier)
    url = lookup_url(dossier.code)
    return {
        **_base(dossier, Paper.RECEIPT, desk=True, issued_at=dossier.received_at),
        "documents": documents,
        "checked_at_desk": checked_at_desk,
        "processing_time": _processing_time(dossier.procedure),
        "received_at": text.vn_datetime(dossier.received_at),
        "due_at": text.vn_datetime(dossier.original_due_at or dossier.due_at),
        "channel": text.CHANNELS.get(dossier.channel, ""),
        "officer": text.person(event.actor),
        "lookup_url": url,
        "qr": qr_data_uri(url),
        "ledger_number": dossier.sequence,
    }


def _supplement(dossier: Dossier) -> dict:
    event = _last_event(dossier, Action.REQUEST_SUPPLEMENT)
    if event is None:
        raise not_available(dossier, Paper.SUPPLEMENT_REQUEST)
    return {
        **_base(dossier, Paper.SUPPLEMENT_REQUEST, desk=True, issued_at=event.at),
        "reason": event.data.get("reason", ""),
        "requested": [d for d in event.data.get("documents") or [] if str(d).strip()],
        "officer": text.person(event.actor),
        "contact_phone": dossier.receiving_agency.phone,
    }


def _refusal(dossier: Dossier) -> dict:
    event = _last_event(dossier, Action.REFUSE)
    if event is None:
        raise not_available(dossier, Paper.REFUSAL)
    return {
        **_base(dossier, Paper.REFUSAL, desk=True, issued_at=event.at),
        "reason": event.data.get("reason", ""),
        "officer": text.person(event.actor),
    }


def _apology(dossier: Dossier) -> dict:
    event = _last_event(dossier, Action.EXTEND)
    if event is None:
        raise not_available(dossier, Paper.APOLOGY)
    new_due = event.data.get("new_due_at")
    new_due = datetime.fromisoformat(new_due) if new_due else dossier.due_at
    return {
        **_base(dossier, Paper.APOLOGY, desk=False, issued_at=event.at),
        "apology": event.data.get("apology", ""),
        "received_on": text.vn_date(dossier.received_at),
        "first_due": text.vn_datetime(dossier.original_due_at),
        "new_due": text.vn_datetime(new_due),
        "signer": text.person(event.actor),
    }


def _stop(dossier: Dossier) -> dict:
    event = _last_event(dossier, Action.STOP)
    if event is None:
        raise not_available(dossier, Paper.STOP_NOTICE)
    return {
        **_base(dossier, Paper.STOP_NOTICE, desk=False, issued_at=event.at),
        "reason": event.data.get("reason", ""),
        "received_on": text.vn_date(dossier.received_at),
        "signer": text.person(event.actor),
    }


@dataclass
class SheetRow:
    number: int
    step: str
    agency: str
    given_by: str
    received_by: str
    handed_at: str
    allotted: str
    due: str
    finished: str
    result: str
    note: str


def _hours(value) -> str:
    number = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{number} giờ" if value else ""


def control_rows(dossier: Dossier, now=None) -> list[SheetRow]:
    """One row per step: who handed the dossier over and who took it, when, the step's allotted time and due
    date, when it finished and whether early, on time or late — judged on the step agency's calendar."""
    now = now or timezone.now()
    steps = list(dossier.steps.select_related("agency", "holder").order_by("started_at", "id"))
    calendars: dict[int, object] = {}
    rows = []
    previous_holder = None
    for index, step in enumerate(steps, start=1):
        if step.agency_id not in calendars:
            calendars[step.agency_id] = compiled_calendar(calendar_for_agency(step.agency))
        calendar = calendars[step.agency_id]
        if step.finished_at is not None:
            result = (
                text.TIMELINESS[calendar.classify_finished(step.due_at, step.finished_at).value]
                if step.due_at is not None
                else "Hoàn thành"
            )
        else:
            result = "Quá hạn (đang xử lý)" if step.due_at is not None and step.due_at < now else "Đang xử lý"
        given = text.person(previous_holder) if index > 1 else f"Người nộp hồ sơ: {dossier.applicant_name}"
        rows.append(
            SheetRow(
                number=index,
                step=step.name,
                agency=step.agency.name,
                given_by=given,
                received_by=text.person(step.holder) or "(chưa phân công)",
                handed_at=text.short_datetime(step.started_at),
                allotted=_hours(step.allotted_hours),
                due=text.short_datetime(step.due_at),
                finished=text.short_datetime(step.finished_at),
                result=result,
                note=text.STEP_OUTCOMES.get(step.outcome, step.outcome),
            )
        )
        previous_holder = step.holder
    return rows


def _control_sheet(dossier: Dossier) -> dict:
    if dossier.received_at is None or not dossier.steps.exists():
        raise not_available(dossier, Paper.CONTROL_SHEET)
    # Cơ quan chủ trì: the agency whose process the dossier follows; cơ quan phối hợp: the other step agencies.
    lead = dossier.process.agency if dossier.process_id else dossier.receiving_agency
    partners = []
    for step in dossier.steps.select_related("agency").order_by("started_at", "id"):
        if step.agency_id != lead.pk and step.agency.name not in partners:
            partners.append(step.agency.name)
    returned = _last_event(dossier, Action.RETURN_RESULT)
    overall = text.TIMELINESS.get(dossier.timeliness, "")
    return {
        **_base(dossier, Paper.CONTROL_SHEET, desk=True, issued_at=dossier.received_at),
        "rows": control_rows(dossier),
        "lead_agency": lead.name,
        "partner_agencies": partners,
        "received_at": text.short_datetime(dossier.received_at),
        "due_at": text.short_datetime(dossier.due_at),
        "first_due_at": text.short_datetime(dossier.original_due_at),
        "extended": dossier.extended,
        "finished_at": text.short_datetime(dossier.finished_at),
        "returned_at": text.short_datetime(dossier.returned_at),
        "returned_by": text.person(returned.actor) if returned is not None else "",
        "overall": overall,
        "status": text.STATUSES.get(dossier.status, ""),
    }


CONTEXTS = {
    Paper.RECEIPT: _receipt,
    Paper.SUPPLEMENT_REQUEST: _supplement,
    Paper.REFUSAL: _refusal,
    Paper.APOLOGY: _apology,
    Paper.STOP_NOTICE: _stop,
    Paper.CONTROL_SHEET: _control_sheet,
}


def paper_context(dossier: Dossier, form: str) -> dict:
    """The template context of `form` for `dossier`; raises PaperNotAvailable when its event is missing."""
    form = Paper(form)
    dossier = (
        Dossier.objects.select_related(
            "procedure",
            "process__agency",
            "receiving_agency__parent",
            "receiving_agency__unit",
            "handling_agency__parent",
            "handling_agency__unit",
            "address_unit__parent__parent",
        ).get(pk=dossier.pk)
        if dossier.pk
        else dossier
    )
    return CONTEXTS[form](dossier)


def paper_html(dossier: Dossier, form: str) -> str:
    return render_to_string(f"dossiers/paperwork/{Paper(form).value}.html", paper_context(dossier, form))


def render_paper(dossier: Dossier, form: str) -> bytes:
    """The PDF of `form` (a `Paper` value) for `dossier`."""
    return html_to_pdf(paper_html(dossier, form))
