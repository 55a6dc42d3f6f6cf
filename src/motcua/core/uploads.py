"""Checks every uploaded file gets before it is stored: size, and type judged by content, not by name.

A file is accepted when its leading bytes identify one of the allowed formats and its extension names
that same format (a renamed executable or a PDF called .jpg is refused: "disguised file").
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidParam, ProblemError

# format → (MIME type, accepted extensions)
FORMATS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}),
}
DOCUMENT_FORMATS = frozenset(FORMATS)


@dataclass(frozen=True)
class UploadInfo:
    sha256: str
    size: int
    content_type: str
    format: str


def _sniff(head: bytes, upload) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return "docx"
                    if any(n.startswith("xl/") for n in names):
                        return "xlsx"
        except zipfile.BadZipFile:
            return None
    return None


def _problem(code: str, detail: str, status: int = 422) -> ProblemError:
    return ProblemError(code, detail, status=status, invalid_params=[InvalidParam("file", code, detail)])


def inspect_upload(upload, *, allowed=DOCUMENT_FORMATS, max_bytes: int | None = None) -> UploadInfo:
    """Size, SHA-256 and true type of `upload` (a Django UploadedFile or any binary file object with a name)."""
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > limit:
        raise _problem("file_too_large", _("The file is larger than %(mb).0f MB.") % {"mb": limit / 1_048_576}, 413)
    if size == 0:
        raise _problem("file_empty", _("The file is empty."))
    upload.seek(0)
    head = upload.read(16)
    kind = _sniff(head, upload)
    if kind is None or kind not in allowed:
        raise _problem("file_type_not_allowed", _("Accepted files: %(kinds)s.") % {"kinds": ", ".join(sorted(allowed))})
    extension = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if extension not in FORMATS[kind][1]:
        raise _problem(
            "file_type_mismatch", _("The file's name does not match its content (%(kind)s).") % {"kind": kind}
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    upload.seek(0)
    return UploadInfo(digest.hexdigest(), size, FORMATS[kind][0], kind)
