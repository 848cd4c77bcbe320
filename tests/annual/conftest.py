import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from meetings.models import MeetingDelegate
from tests.factories import annual_meeting

# With the statutes' defaults (35, 28 and 7 days) and "now" 24 November 2026: the notice goes
# out on 30 November, motions are due by the end of 7 December, papers on 28 December.
ANNUAL_DAY = datetime.date(2027, 1, 4)


@pytest.fixture
def annual(scene):
    return annual_meeting(ANNUAL_DAY)


@pytest.fixture
def delegates(scene, annual):
    """Alfa's delegate is its chair, Beta's its director: neither needs a proxy."""
    return [
        MeetingDelegate.objects.create(meeting=annual, association=scene.a, person=scene.chair_a),
        MeetingDelegate.objects.create(
            meeting=annual, association=scene.b, person=scene.director_b
        ),
    ]


def pdf_upload(name: str = "handling.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", "application/pdf")


def xlsx_upload(name: str = "budget.xlsx") -> SimpleUploadedFile:
    content = io.BytesIO()
    Workbook().save(content)
    return SimpleUploadedFile(name, content.getvalue(), "application/octet-stream")


def html_renamed(name: str = "handling.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"
    )
