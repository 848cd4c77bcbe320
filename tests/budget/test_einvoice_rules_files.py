"""The official rules on a machine without them: fetched, checked by SHA-256, put in place."""

import io
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from budget.invoicing.einvoice_rules import EinvoiceRules
from budget.invoicing.einvoice_rules_files import (
    RELEASES,
    RulesFetchFailed,
    rules_fetch,
    rules_missing,
)

HERE = Path(settings.EINVOICE_RULES_DIR)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def publishers(tamper: str = "") -> dict[str, bytes]:
    """What each release's URL gives: its files in an archive of another layout than ours
    (or the one file), from the rules this machine has; ``tamper`` changes one file."""

    def content(path: str) -> bytes:
        data = (HERE / path).read_bytes()
        return data + b"<!-- changed -->" if path == tamper else data

    downloads = {}
    for release in RELEASES:
        if release.url.endswith(".zip"):
            downloads[release.url] = _zip(
                {
                    f"release/{i}/{Path(r.path).name}": content(r.path)
                    for i, r in enumerate(release.files)
                }
                | {"release/README.txt": b"not needed"}
            )
        else:
            [only] = release.files
            downloads[release.url] = content(only.path)
    return downloads


def test_the_rules_this_machine_has_are_the_pinned_ones():
    assert rules_missing(folder=HERE) == []


def test_fetched_rules_are_put_in_place_and_judge_an_invoice(tmp_path):
    folder = tmp_path / "rules"
    downloads = publishers()

    written = rules_fetch(into=folder, download=downloads.__getitem__)

    assert rules_missing(folder=folder) == []
    assert len(written) == sum(len(release.files) for release in RELEASES)
    example = HERE / "peppol-bis-billing-3.0.19" / "examples" / "base-example.xml"
    assert EinvoiceRules(folder).fatal(example.read_bytes()) == []


def test_a_download_with_other_bytes_is_refused_and_nothing_is_left(tmp_path):
    folder = tmp_path / "rules"
    tampered = RELEASES[2].files[3].path
    downloads = publishers(tamper=tampered)

    with pytest.raises(RulesFetchFailed, match=tampered):
        rules_fetch(into=folder, download=downloads.__getitem__)

    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_publisher_is_named(tmp_path):
    def offline(url: str) -> bytes:
        raise OSError("no route to host")

    with pytest.raises(RulesFetchFailed, match="could not be fetched"):
        rules_fetch(into=tmp_path / "rules", download=offline)


def test_the_command_leaves_rules_that_are_in_place():
    out = StringIO()
    call_command("fetch_einvoice_rules", stdout=out)
    assert "finns i" in out.getvalue()
