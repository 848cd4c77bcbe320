"""Where e-invoices go: one small class, chosen by ``EINVOICE_TRANSPORT``.

NNS has no contract with a Peppol access point yet, so the default writes each document into a
folder for upload to its bookkeeping system or access point. An access point plugs in as
another class with the same ``deliver`` (see README.md).
"""

import os
import tempfile
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class EinvoiceTransport(Protocol):
    name: str

    def deliver(self, *, number: str, receiver: str, document: bytes) -> str:
        """Hand over one UBL document for ``receiver`` (a Peppol id); return a receipt (a path,
        a message id). Handing over the same number again must not make a second invoice."""


class FolderTransport:
    """Writes ``<number>.xml`` into ``EINVOICE_FOLDER``, whole or not at all (a temporary file
    renamed into place), so that an upload never picks up half a document. Writing the same
    number again replaces the file with the same bytes."""

    name = "folder"

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or settings.EINVOICE_FOLDER)

    def deliver(self, *, number: str, receiver: str, document: bytes) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{number}.xml"
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{number}-")
        with os.fdopen(handle, "wb") as file:
            file.write(document)
        os.replace(temporary, target)
        return str(target)


def einvoice_transport() -> EinvoiceTransport:
    return import_string(settings.EINVOICE_TRANSPORT)()
