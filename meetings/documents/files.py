"""What an uploaded meeting file may be: a PDF or an office document, judged by its content
(not its name), and not too big."""

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    mimetype: str


# What staff and members attach to meetings: PDF, Word, Excel, PowerPoint, OpenDocument.
ACCEPTED = {
    kind.extension: kind
    for kind in (
        FileKind("pdf", "application/pdf"),
        FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        FileKind(
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text"),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        FileKind("odp", "application/vnd.oasis.opendocument.presentation"),
        FileKind("doc", "application/msword"),
        FileKind("xls", "application/vnd.ms-excel"),
        FileKind("ppt", "application/vnd.ms-powerpoint"),
    )
}
PDF_ONLY = {"pdf": ACCEPTED["pdf"]}
# The first bytes decide (as many as filetype reads); an office file's kind is read from the
# names of the first parts of its ZIP archive.
HEAD_BYTES = 8192


def file_name(title: str, kind: FileKind) -> str:
    """The name a document's file is downloaded by: its title, and the extension of its kind."""
    return f"{slugify(title)[:80] or 'dokument'}.{kind.extension}"


def file_kind(*, head: bytes, accepted: dict[str, FileKind] = ACCEPTED) -> FileKind:
    """The kind of a file from its first bytes; a ValidationError in Swedish if it is none of
    ``accepted`` (an HTML page renamed to .pdf, say)."""
    guess = filetype.guess(head)
    kind = accepted.get(guess.extension) if guess else None
    if kind is None:
        names = ", ".join(extension.upper() for extension in accepted)
        raise ValidationError(
            _("The file is not one of %(kinds)s (judged by its content, not its name).")
            % {"kinds": names}
        )
    return kind


def uploaded_file_kind(
    upload: UploadedFile, *, accepted: dict[str, FileKind] = ACCEPTED
) -> FileKind:
    """Check an upload's size and content; returns its kind."""
    limit = settings.MEETING_FILE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too big (%(size)s); at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return file_kind(head=head, accepted=accepted)


# A proxy (fullmakt) is often a scan or a photo.
PROXY = {
    **PDF_ONLY,
    "jpg": FileKind("jpg", "image/jpeg"),
    "png": FileKind("png", "image/png"),
}
