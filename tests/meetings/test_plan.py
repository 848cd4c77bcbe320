"""The yearly plan: the data file equals the document, imports are atomic, the page shows it."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from meetings.plan_file import PLAN_FILE, PLAN_KIND
from nns_portal.tabular.imports import ImportRejected, import_apply, import_preview

# The meeting plans 2026 and 2027 (January–April) at the end of seeds/001, line by line:
# day, last day, local times (None: all day), title.
DOCUMENT = [
    ("2026-01-21", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-01-29", None, "13.00-15.00", "Månadsmöte"),
    ("2026-02-02", None, "17.30-19.00", "Ordförandeträff"),
    ("2026-02-26", None, "13.00-15.00", "Månadsmöte"),
    ("2026-03-12", None, "9.00-12.00", "Revisionsmöte AU"),
    ("2026-03-12", None, "13.00-16.30", "Styrelsemöte"),
    ("2026-03-26", None, "13.00-15.00", "Månadsmöte"),
    ("2026-04-15", "2026-04-16", None, "Årsmöte och konferens"),
    ("2026-04-15", None, None, "Konstituerande styrelsemöte"),
    ("2026-04-30", None, "13.00-15.00", "Månadsmöte"),
    ("2026-05-13", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-05-25", None, "17.30-19.00", "Ordförandeträff"),
    ("2026-05-28", None, "13.00-15.00", "Månadsmöte"),
    ("2026-06-17", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-06-25", None, "13.00-15.00", "Månadsmöte"),
    ("2026-08-19", None, None, "Planeringsdag"),
    ("2026-08-20", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-08-27", None, "13.00-15.00", "Månadsmöte"),
    ("2026-09-16", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-09-24", None, "13.00-15.00", "Månadsmöte"),
    ("2026-09-28", None, "17.30-19.00", "Ordförandeträff"),
    ("2026-10-14", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-10-29", None, "13.00-15.00", "Månadsmöte"),
    ("2026-11-19", None, None, "Medlemsmöte"),
    ("2026-11-26", None, "13.00-15.00", "Månadsmöte"),
    ("2026-12-10", None, "8.30-12.00", "Styrelsemöte"),
    ("2026-12-14", None, "17.30-19.00", "Ordförandeträff"),
    ("2027-01-20", None, "8.30-12.00", "Styrelsemöte"),
    ("2027-01-28", None, "13.00-15.00", "Månadsmöte"),
    ("2027-02-01", None, "17.30-19.00", "Ordförandeträff"),
    ("2027-02-02", None, None, "Genomgång årsbokslut med revisorer"),
    ("2027-02-25", None, "13.00-15.00", "Månadsmöte"),
    ("2027-03-10", None, "9.00-12.00", "Revisionsmöte"),
    ("2027-03-10", None, "13.00-16.30", "Styrelsemöte"),
    ("2027-03-25", None, "13.00-15.00", "Månadsmöte"),
    ("2027-04-07", None, None, "Årsmöte"),
    ("2027-04-07", None, None, "Konstituerande styrelsemöte"),
    ("2027-04-29", None, "13.00-15.00", "Månadsmöte"),
]


def _as_document(meeting: Meeting) -> tuple:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    times = None if meeting.all_day else f"{start:%-H.%M}-{end:%-H.%M}"
    last = meeting.last_day.isoformat() if meeting.last_day != meeting.first_day else None
    return (meeting.first_day.isoformat(), last, times, meeting.title)


@pytest.fixture
def loaded(db):
    import_apply(kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name)


def test_the_plan_file_loaded_equals_the_document(loaded):
    meetings = Meeting.objects.order_by("starts_at", "pk")
    assert [_as_document(m) for m in meetings] == DOCUMENT
    board = Meeting.objects.get(title="Styrelsemöte", starts_at__date=datetime.date(2027, 1, 20))
    assert board.agenda == "Utkast bokslut och verksamhetsberättelse"
    assert board.type.code == "styrelsemote"


def test_loading_it_again_changes_nothing(loaded):
    preview = import_preview(
        kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name
    )
    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, len(DOCUMENT))
    import_apply(kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name)
    assert Meeting.objects.count() == len(DOCUMENT)


def test_a_bad_file_is_rejected_whole_with_errors_per_line(db):
    content = (
        "datum;typ;titel;start;slut;till\n"
        "2026-01-21;Styrelsemöte;Styrelsemöte;8.30;12.00;\n"
        "2026-13-01;Månadsmöte;Månadsmöte;13.00;15.00;\n"
        "2026-02-02;Fikamöte;Fika;17.30;19.00;\n"
        "2026-02-03;Månadsmöte;Månadsmöte;25.00;15.00;\n"
        "2026-02-04;Månadsmöte;Månadsmöte;15.00;13.00;\n"
        "2026-02-05;Områdesträff;Områdesträff;13.00;15.00;\n"
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_apply(kind=PLAN_KIND, content=content, filename="plan.csv")
    lines = {error.line: error.message for error in rejected.value.errors}
    assert set(lines) == {3, 4, 5, 6, 7}
    assert "2026-13-01 är inte ett datum" in lines[3]
    assert "Okänd mötestyp Fikamöte" in lines[4]
    assert "25.00 är inte en tid" in lines[5]
    assert "Mötet måste sluta efter att det har börjat." in lines[6]
    assert "En områdesträff behöver sitt område." in lines[7]
    assert Meeting.objects.count() == 0


def test_the_plan_page_shows_the_year_by_month(client, loaded):
    page = client.get(reverse("meetings:plan_year", kwargs={"year": 2026}))
    assert page.status_code == 200
    text = page.text
    assert "Mötesplan 2026" in text
    for month in ("Januari", "Februari", "Mars", "April", "December"):
        assert f">{month}</h2>" in text
    assert ">8.30–12.00<" in text and ">15–16<" in text
    assert "Genomgång årsbokslut" not in text  # that is 2027
    members_meeting = Meeting.objects.get(title="Medlemsmöte")  # where its motions are
    assert f'<a href="/moten/mote/{members_meeting.pk}/">Medlemsmöte</a>' in text
    assert "Genomgång årsbokslut" in client.get("/moten/plan/2027/").text


def test_the_plan_page_is_rendered_once_per_version_of_the_plan(client, loaded):
    url = reverse("meetings:plan_year", kwargs={"year": 2026})
    client.get(url)
    with CaptureQueriesContext(connection) as kept:
        assert "Styrelsemöte" in client.get(url).text
    assert len(kept) == 1  # only the plan's version: the months come from the cache
    meeting = Meeting.objects.filter(starts_at__year=2026).order_by("starts_at").first()
    meeting.title = "Styrelsemöte (nytt rum)"
    services.meeting_save(meeting=meeting, notify=False)
    assert "Styrelsemöte (nytt rum)" in client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the months in the reader's language
    assert ">January</h2>" in client.get(url).text
