"""The official e-invoice rule sets on a machine that does not have them: fetched from their
publishers' releases and accepted only if every file has the SHA-256 pinned below.

Each release is one download (a ZIP archive or a single file). A file is taken from it by its
content, not its path inside the archive, and put where ``einvoice_rules.py`` reads it; so the
pins, not the archive's layout, decide what is used. A download that is missing or gives other
bytes fails with the file and the hashes, and nothing half-fetched is left behind.
"""

import hashlib
import io
import shutil
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RuleFile:
    path: str  # where it goes, inside the rules folder
    sha256: str


@dataclass(frozen=True)
class Release:
    name: str
    url: str
    files: tuple[RuleFile, ...]


CEN = "en16931-ubl-1.3.16"
PEPPOL = "peppol-bis-billing-3.0.19"
SCHXSLT = "schxslt-1.10/xslt/2.0"

# SchXslt's compiler: the pipeline and the stylesheets it includes.
SCHXSLT_FILES = {
    "compile-for-svrl.xsl": "9f64f1ea1164094f1b6dd20d67b40af8b124f3a3579fa2dec07c64359cc108b3",
    "compile/api-2.0.xsl": "d4df046564af3ba3d9f10976e29cbea1a6c45c746e3e53efcea8377c42c3c8e9",
    "compile/compile-2.0.xsl": "5f24b8b28be50d650542c5113185ed55983beeaad061eddc4b966ca354751a57",
    "compile/functions.xsl": "e7d96717677ac768a72edda3b9f45e67c40476525247906271c42b652cf3b397",
    "compile/templates.xsl": "afd07c44eeb70b8e9daf0feb1319ca655468f06543437c8ecf0e5a232b3038c8",
    "expand.xsl": "97bc8bee61b23592fe4937f261b47cb0e3725c25516084a9788d33e102cbba79",
    "include.xsl": "ab6f9359c7a1a17a589568d91bab766f53fc98064beb8cc976e6e3319afb2b24",
    "pipeline-for-svrl.xsl": "64a535e6d0f0baa809f987d27d9e5b825d420e9ebda7344ef53edf136cdd42fa",
    "pipeline.xsl": "d0189741f5e6119b76b6914413e1a7c92427efef6f2ecb9b2c34e833c533ec1f",
    "svrl.xsl": "d2d8ea16cdbb6b0d0efd6d39955459ebcdf511000c24dda38220961f1d7e2611",
    "version.xsl": "58e1b29b21df2be5233739fa9787fe2316b0438d03cad380e17acd3af4481582",
}

RELEASES = (
    Release(
        "CEN EN 16931 validation artefacts 1.3.16 (UBL)",
        "https://github.com/ConnectingEurope/eInvoicing-EN16931/releases/download/"
        "validation-1.3.16/en16931-ubl-1.3.16.zip",
        (
            RuleFile(
                f"{CEN}/EN16931-UBL-validation.xslt",
                "39f9d282867f1a49e7708d9e29a53da89643e1ee56f10cec1ebcf1277595fcbd",
            ),
        ),
    ),
    Release(
        "Peppol BIS Billing 3.0.19",
        "https://raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch/"
        "PEPPOL-EN16931-UBL.sch",
        (
            RuleFile(
                f"{PEPPOL}/PEPPOL-EN16931-UBL.sch",
                "2840f5158f7bbdbf3b3f5d2ea391b9ac9e649e1fdbba8502bd8c15ec52924f23",
            ),
        ),
    ),
    Release(
        "SchXslt 1.10 (XSLT only)",
        "https://github.com/schxslt/schxslt/releases/download/v1.10/schxslt-1.10-xslt-only.zip",
        tuple(RuleFile(f"{SCHXSLT}/{name}", sha256) for name, sha256 in SCHXSLT_FILES.items()),
    ),
)

Download = Callable[[str], bytes]


class RulesFetchFailed(RuntimeError):
    """A release could not be fetched, or did not hold the pinned files."""


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def rules_missing(*, folder: Path) -> list[str]:
    """The pinned files that are not in ``folder`` with their pinned content."""
    return [
        rule.path
        for release in RELEASES
        for rule in release.files
        if not (folder / rule.path).is_file()
        or _sha256((folder / rule.path).read_bytes()) != rule.sha256
    ]


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def _by_content(content: bytes) -> dict[str, bytes]:
    """Every file a download holds (the members of a ZIP, or the file itself), by SHA-256."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return {_sha256(content): content}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = (archive.read(info) for info in archive.infolist() if not info.is_dir())
        return {_sha256(member): member for member in members}


def rules_fetch(*, into: Path, download: Download = _download) -> list[str]:
    """Fetch every release into ``into``; returns the files written. Nothing is written unless
    every pinned file was found."""
    found: dict[str, bytes] = {}
    for release in RELEASES:
        try:
            files = _by_content(download(release.url))
        except OSError as error:
            raise RulesFetchFailed(
                f"{release.name}: {release.url} could not be fetched ({error})."
            ) from error
        for rule in release.files:
            if rule.sha256 not in files:
                raise RulesFetchFailed(
                    f"{release.name} ({release.url}) holds no file with the SHA-256 of "
                    f"{rule.path} ({rule.sha256})."
                )
            found[rule.path] = files[rule.sha256]
    into.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="einvoice-rules-", dir=into.parent))
    for path, content in found.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(content)
    shutil.rmtree(into, ignore_errors=True)
    staging.rename(into)
    return sorted(found)
