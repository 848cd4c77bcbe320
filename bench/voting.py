"""A vote at an annual meeting of the reference-scale database, over HTTP against gunicorn
(python -m bench.voting): 150 delegates, each on a phone of their own, send their ballots
within one second; then the vote is closed and every phone, asking what the meeting is at as
its page does, shows the result. Prints the ballots accepted, their latency, and the time from
closing to the result on every phone."""

import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings.annual.models import RollCallEntry  # noqa: E402
from meetings.decisions import services  # noqa: E402
from meetings.decisions.models import Ballot, Poll  # noqa: E402
from meetings.models import Meeting, MeetingDelegate, MeetingType  # noqa: E402
from meetings.services import meeting_times  # noqa: E402
from members.models import Association, Role  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8766
DELEGATES = 150
WORKERS = 2 * (os.cpu_count() or 2) + 1
POLL_EVERY = 0.7  # seconds: static/js/live.js


def _meeting() -> tuple[Meeting, Poll, list[tuple[str, int]]]:
    """Today's annual meeting with 150 delegates checked in, its standard agenda and an open
    vote on one item; returns the delegates' session keys and associations."""
    starts_at, ends_at, all_day = meeting_times(first_day=timezone.localdate())
    meeting = Meeting.objects.create(
        type=MeetingType.objects.get(code=MeetingType.Code.ANNUAL), title="Årsmöte (bench)",
        starts_at=starts_at, ends_at=ends_at, all_day=all_day,
    )  # fmt: skip
    chairs = (
        Role.objects.filter(
            kind=Role.Kind.CHAIR, association__in=Association.objects.members_on(meeting.first_day)
        )
        .select_related("person", "association")
        .order_by("association_id")[:DELEGATES]
    )
    phones = []
    for role in chairs:
        person = role.person
        if person.user_id is None:
            person.user = get_user_model().objects.create_user(email=person.email)
            person.save(update_fields=["user"])
        MeetingDelegate.objects.create(meeting=meeting, association=role.association, person=person)
        RollCallEntry.objects.create(
            meeting=meeting, association=role.association, person=person,
            checked_in_at=timezone.now(),
        )  # fmt: skip
        client = Client()
        client.force_login(person.user)
        phones.append((client.cookies["sessionid"].value, role.association_id))
    services.agenda_template_ensure()
    items = services.agenda_from_template(meeting=meeting)
    item = next(item for item in items if item.title.startswith("Beslut om ansvarsfrihet"))
    services.agenda_item_make_current(item=item, meeting=meeting)
    poll = services.poll_open(poll=services.poll_create(item=item, method=Poll.Method.SECRET))
    return meeting, poll, phones


class Phone:
    """One delegate's phone: its own connection, session and CSRF token."""

    def __init__(self, session: str, association: int, meeting: Meeting) -> None:
        self.session, self.association, self.meeting = session, association, meeting
        self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        self.csrf = ""

    def request(self, method: str, path: str, body: str = "") -> http.client.HTTPResponse:
        cookie = f"sessionid={self.session}" + (f"; csrftoken={self.csrf}" if self.csrf else "")
        headers = {"Cookie": cookie, "Host": f"{HOST}:{PORT}"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.body = response.read()
        return response

    def open_ballot(self) -> str:
        response = self.request("GET", f"/moten/mote/{self.meeting.pk}/rosta/")
        cookie = response.getheader("Set-Cookie") or ""
        self.csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        return (
            re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.body)
            .group(1)
            .decode()
        )

    def vote(self, token: str, poll: Poll, choice: int) -> tuple[float, int]:
        body = urlencode({"csrfmiddlewaretoken": token, "poll": poll.pk,
                          "association": self.association, "choice": choice})  # fmt: skip
        started = time.perf_counter()
        response = self.request("POST", f"/moten/mote/{self.meeting.pk}/rosta/", body)
        return time.perf_counter() - started, response.status

    def wait_for_result(self, seen: list[float]) -> None:
        """Ask what the meeting is at, as the page's script does, until the answer carries
        the result (which the script then shows in place); note when."""
        while True:
            state = self.request("GET", f"/moten/mote/{self.meeting.pk}/lage.json")
            if b'"status": "closed"' in state.body and b'"result"' in state.body:
                seen.append(time.perf_counter())
                return
            time.sleep(POLL_EVERY)


def _server() -> subprocess.Popen:
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "nns_portal.wsgi", "--bind",
         f"{HOST}:{PORT}", "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/bench/trivial", timeout=2)
            return gunicorn
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    meeting, poll, sessions = _meeting()
    yes = poll.options.get(label="Ja").pk
    gunicorn = _server()
    try:
        phones = [Phone(session, association, meeting) for session, association in sessions]
        tokens = [phone.open_ballot() for phone in phones]
        start, latencies, statuses = threading.Barrier(len(phones)), [], []

        def send(phone: Phone, token: str) -> None:
            start.wait()
            latency, status = phone.vote(token, poll, yes)
            latencies.append(latency)
            statuses.append(status)

        threads = [
            threading.Thread(target=send, args=pair) for pair in zip(phones, tokens, strict=True)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        all_in = time.perf_counter() - began
        accepted = Ballot.objects.filter(poll=poll).count()

        seen = []
        watchers = [
            threading.Thread(target=phone.wait_for_result, args=(seen,)) for phone in phones
        ]
        for watcher in watchers:
            watcher.start()
        time.sleep(1.5)  # the phones are asking
        closing = time.perf_counter()
        services.poll_close(poll=poll)
        closed_at = time.perf_counter()
        for watcher in watchers:
            watcher.join(timeout=30)
    finally:
        gunicorn.terminate()
        gunicorn.wait()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    delays = sorted(moment - closed_at for moment in seen)
    print(
        f"{len(phones)} ombud röstade samtidigt (sluten omröstning, {WORKERS} gunicorn-arbetare): "
        f"{accepted} röster registrerade, {statuses.count(302)} svar 302; alla inne på "
        f"{all_in:.2f} s; svarstid median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(
        f"Stängning och räkning {1000 * (closed_at - closing):.0f} ms; resultatet på "
        f"{len(delays)} av {len(phones)} telefoner (som frågar var {POLL_EVERY:g} s): median "
        f"{statistics.median(delays):.2f} s, max {delays[-1]:.2f} s efter stängningen"
    )
    assert accepted == len(phones) and set(statuses) == {302}, "a ballot was lost or refused"


if __name__ == "__main__":
    main()
