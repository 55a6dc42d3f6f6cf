"""The portal's writes: drafts of online applications, their files, the submission, the satisfaction survey.

Dossiers themselves change only through `dossiers/actions.py`: `submit_application` calls `submit` and
then `attach` for each file of the draft, all in one transaction, so a refused file or an invalid form
leaves nothing behind (no dossier, no documents) and the draft stays as it was.
"""

from __future__ import annotations

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.uploads import inspect_upload
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import DocumentKind, Status
from motcua.portal import jsonform
from motcua.portal.models import Draft, DraftFile, Survey

MAX_FILES_PER_DOCUMENT = 10


def save_draft(user, procedure, **changes) -> Draft:
    """Merge `changes` (agency, applicant, form, delivery, done …) into the user's draft of `procedure`."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                draft, _created = Draft.objects.get_or_create(user=user, procedure=procedure)
                draft.data = {**draft.data, **changes}
                draft.save(update_fields=["data", "updated_at"])
                return draft
        except IntegrityError:  # created concurrently by another request of the same user: update that one
            continue
    raise ProblemError("draft_conflict", _("Your draft changed meanwhile; try again."), status=409)


def mark_done(draft: Draft, step: str, done: bool = True) -> Draft:
    steps = [s for s in draft.data.get("done", []) if s != step] + ([step] if done else [])
    return save_draft(draft.user, draft.procedure, done=steps)


def add_draft_file(draft: Draft, *, file, required_document=None) -> DraftFile:
    """Keep an uploaded file on the draft after the checks every dossier document gets (size, true type)."""
    info = inspect_upload(file)
    if draft.files.filter(required_document=required_document).count() >= MAX_FILES_PER_DOCUMENT:
        raise ProblemError(
            "too_many_files",
            _("At most %(n)d files per document.") % {"n": MAX_FILES_PER_DOCUMENT},
            status=422,
            invalid_params=[InvalidParam("file", "too_many_files", _("Too many files"))],
        )
    name = (getattr(file, "name", "") or "document")[:300]
    with transaction.atomic():
        stored = DraftFile(
            draft=draft,
            required_document=required_document,
            name=name,
            sha256=info.sha256,
            size=info.size,
            content_type=info.content_type,
        )
        stored.file.save(name, file, save=False)
        stored.save()
        Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return stored


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def remove_draft_file(draft: Draft, pk: int) -> None:
    stored = draft.files.filter(pk=pk).first()
    if stored is None:
        return
    name = stored.file.name
    with transaction.atomic():
        stored.delete()
        transaction.on_commit(lambda: _delete_files([name]))


def discard_draft(draft: Draft) -> None:
    names = [f.file.name for f in draft.files.all()]
    with transaction.atomic():
        draft.delete()
        transaction.on_commit(lambda: _delete_files(names))


def _count(data: dict, key: str) -> int:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def submit_application(draft: Draft, *, actor):
    """Submit the draft as an online dossier through the dossier actions; returns the dossier.

    Raises ProblemError (nothing written) when the form, the applicant or any file is refused; a refused
    file's error names it as `documents.<draft file id>`.
    """
    procedure = draft.procedure
    data = draft.data
    agency = Agency.objects.filter(code=data.get("agency")).first()
    if agency is None:
        raise ProblemError(
            "invalid", _("Choose where to submit."), invalid_params=[InvalidParam("agency", "required", _("Required"))]
        )
    applicant = dict(data.get("applicant") or {})
    unit_code = applicant.pop("address_unit", "") or ""
    applicant["address_unit"] = AdministrativeUnit.objects.filter(code=unit_code).first() if unit_code else None
    form_data, _errors = jsonform.to_data(procedure.form_schema or {}, data.get("form") or {})
    if data.get("delivery"):
        form_data["delivery"] = data["delivery"]
    files = list(draft.files.select_related("required_document"))
    with transaction.atomic():
        dossier = dossier_actions.submit(
            None,
            actor=actor,
            procedure=procedure,
            agency=agency,
            applicant=applicant,
            form_data=form_data,
            pages=_count(form_data, "pages"),
            copies=_count(form_data, "copies"),
        )
        for stored in files:
            with stored.file.open("rb") as handle:
                try:
                    dossier = dossier_actions.attach(
                        dossier,
                        actor=actor,
                        file=File(handle, name=stored.name),
                        name=stored.name,
                        kind=DocumentKind.APPLICATION,
                        required_document=stored.required_document,
                    )
                except ProblemError as exc:
                    exc.invalid_params = [
                        InvalidParam(f"documents.{stored.pk}", p.code, p.reason) for p in exc.invalid_params
                    ]
                    raise
        names = [f.file.name for f in files]
        draft.delete()
        transaction.on_commit(lambda: _delete_files(names))
    return dossier


def rate_service(dossier, *, actor, answers: dict, comment: str = "") -> Survey:
    """The applicant rates a dossier whose result was returned, once."""
    if dossier.applicant_id != actor.pk:
        raise ProblemError("forbidden", _("Only the applicant rates the service."), status=403)
    if dossier.status != Status.RETURNED:
        raise ProblemError("not_returned", _("You can rate the service once the result is returned."), status=409)
    try:
        with transaction.atomic():
            return Survey.objects.create(
                dossier=dossier,
                respondent=actor,
                comment=comment.strip(),
                **{k: int(answers[k]) for k in Survey.CRITERIA},
            )
    except IntegrityError:
        raise ProblemError("already_rated", _("You have already rated this dossier."), status=409) from None
