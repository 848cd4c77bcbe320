"""The official e-invoice rules, run with saxonche (Saxon-HE for Python; no Java).

``EINVOICE_RULES_DIR`` holds the publishers' files unchanged: the CEN EN 16931 rules for UBL as
XSLT, Peppol BIS Billing 3.0's Schematron (with the Swedish SE-R rules) and SchXslt, which
compiles that Schematron to XSLT once per process. Each run gives an SVRL report; a failed
assertion flagged ``fatal`` is a rejection, ``warning`` is advice.
"""

import functools
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from saxonche import PySaxonProcessor, PyXsltExecutable

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
CEN_XSLT = "en16931-ubl-1.3.16/EN16931-UBL-validation.xslt"
PEPPOL_SCH = "peppol-bis-billing-3.0.19/PEPPOL-EN16931-UBL.sch"
SCHEMATRON_COMPILER = "schxslt-1.10/xslt/2.0/pipeline-for-svrl.xsl"


class RulesMissing(FileNotFoundError):
    """The rule sets are not where ``EINVOICE_RULES_DIR`` points."""


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    flag: str
    text: str


class EinvoiceRules:
    """Both rule sets, compiled once; ``check`` runs them over one UBL document."""

    def __init__(self, rules_dir: Path) -> None:
        missing = [
            name
            for name in (CEN_XSLT, PEPPOL_SCH, SCHEMATRON_COMPILER)
            if not (rules_dir / name).is_file()
        ]
        if missing:
            raise RulesMissing(
                f"The e-invoice rule sets are not in {rules_dir} (missing: {', '.join(missing)}). "
                "Set EINVOICE_RULES_DIR to the folder that holds them."
            )
        self._processor = PySaxonProcessor(license=False)
        compiler = self._processor.new_xslt30_processor()
        pipeline = compiler.compile_stylesheet(stylesheet_file=str(rules_dir / SCHEMATRON_COMPILER))
        peppol_xslt = pipeline.transform_to_string(source_file=str(rules_dir / PEPPOL_SCH))
        self._stylesheets: list[PyXsltExecutable] = [
            compiler.compile_stylesheet(stylesheet_file=str(rules_dir / CEN_XSLT)),
            compiler.compile_stylesheet(stylesheet_text=peppol_xslt),
        ]

    def check(self, document: bytes) -> list[RuleFailure]:
        """Every failed assertion of both rule sets, fatal and warning."""
        node = self._processor.parse_xml(xml_text=document.decode("utf-8"))
        failures = []
        for stylesheet in self._stylesheets:
            report = ET.fromstring(stylesheet.transform_to_string(xdm_node=node).encode())
            failures.extend(
                RuleFailure(
                    rule=failed.get("id", ""),
                    flag=failed.get("flag", ""),
                    text=" ".join(failed.findtext(f"{SVRL}text", "").split()),
                )
                for failed in report.iter(f"{SVRL}failed-assert")
            )
        return failures

    def fatal(self, document: bytes) -> list[RuleFailure]:
        """The failures that make a receiver reject the document."""
        return [failure for failure in self.check(document) if failure.flag == "fatal"]


@functools.cache
def einvoice_rules() -> EinvoiceRules:
    """The rules of ``EINVOICE_RULES_DIR``, compiled on first use in this process."""
    return EinvoiceRules(Path(settings.EINVOICE_RULES_DIR))
