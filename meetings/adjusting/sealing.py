"""Sealing the published minutes: a PAdES signature over the whole PDF, so that any PDF reader
shows whether the file was changed after signing.

The sealer is pluggable (``MINUTES_SEALER``, a dotted path to a class with ``name`` and
``seal(pdf=…, reason=…) -> bytes``), like the e-invoice transport: the default seals with
NNS's own certificate and key (``MINUTES_SEAL_CERT``, ``MINUTES_SEAL_KEY``), the approvals
being the portal's own record; a signing provider (BankID through a signing service, say)
is one such class that sends the PDF to the provider and returns what it signed."""

import datetime
import io
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

SEAL_FIELD = "NNS-justering"
SELF_SIGNED_NAME = "NNS-portalen (självsignerat, för demo och test)"


class Sealer(Protocol):
    name: str

    def seal(self, *, pdf: bytes, reason: str) -> bytes: ...


def self_signed_seal(directory: Path) -> tuple[Path, Path]:
    """A certificate and key of the portal's own, made once in ``directory``: for the demo
    and the tests, never for production (``MINUTES_SEAL_SELF_SIGNED``)."""
    key_file, cert_file = directory / "seal-key.pem", directory / "seal-cert.pem"
    if key_file.exists() and cert_file.exists():
        return key_file, cert_file
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NNS"),
            x509.NameAttribute(NameOID.COMMON_NAME, SELF_SIGNED_NAME),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_cert_sign=True,
                crl_sign=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def seal_files() -> tuple[Path, Path]:
    """The key and certificate to seal with, from the settings (or self-signed if allowed)."""
    if settings.MINUTES_SEAL_KEY and settings.MINUTES_SEAL_CERT:
        return Path(settings.MINUTES_SEAL_KEY), Path(settings.MINUTES_SEAL_CERT)
    if not settings.MINUTES_SEAL_SELF_SIGNED:
        raise ImproperlyConfigured(
            "MINUTES_SEAL_KEY and MINUTES_SEAL_CERT name NNS's key and certificate for "
            "sealing the minutes."
        )
    return self_signed_seal(Path(settings.MINUTES_SEAL_SELF_SIGNED_DIR))


class PortalSealer:
    """NNS's own seal: PAdES baseline (B-B) with the certificate and key of the settings."""

    name = "NNS-portalens sigill (PAdES)"

    def seal(self, *, pdf: bytes, reason: str) -> bytes:
        key_file, cert_file = seal_files()
        passphrase = settings.MINUTES_SEAL_KEY_PASSPHRASE.encode() or None
        signer = signers.SimpleSigner.load(
            key_file=str(key_file), cert_file=str(cert_file), key_passphrase=passphrase
        )
        metadata = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location="Sverige",
            name="Nationella nätverket för samordningsförbund",
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def sealer() -> Sealer:
    return import_string(settings.MINUTES_SEALER)()
