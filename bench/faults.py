"""`make faults`: the portal's jobs under injected faults, against a real prefork worker, real
beat, Redis, PostgreSQL and a local SMTP server (python -m bench.faults; about ten minutes).

Each scenario prints what was expected, what the SMTP server received, duplicates (by
Message-ID), recipients lost, and the time from the fault to the last delivery:

1. a letter's fan-out task lost with the broker (Redis emptied before a worker took it);
2. the worker killed (SIGKILL) just after an invoice run issued its invoices, before e-mailing;
3. one RCPT in five answered "451 try again" while a meeting's invitations go out;
4. PostgreSQL restarted while a letter's e-mails are being sent;
5. Redis restarted empty while the workers (as docker-compose.yml runs them: mail and
   housekeeping, bulk) send a letter, with nothing to restart them;
6. the bulk worker killed early in an invoice run's e-mailing and started again at once;
7. the bulk worker killed during a letter's fan-out and left down until the office's warning
   shows, then started again.

It needs the local PostgreSQL (it creates and drops ``nns_faults``) and root for scenario 4
(``pg_ctlcluster``); it runs a Redis server of its own (``redis-server``), which scenario 5
restarts. Not part of ``make test``.
"""

import datetime
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

from bench import sink

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "nns_faults"
ASSOCIATIONS = int(os.environ.get("FAULTS_ASSOCIATIONS", "100"))
PORT = sink.free_port()


class RedisServer:
    """A Redis of the benchmark's own, which a scenario may restart (empty)."""

    def __init__(self) -> None:
        self.port = sink.free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("Redis did not start.")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


REDIS_SERVER = RedisServer()
REDIS_SERVER.start()
REDIS = REDIS_SERVER.url
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "CELERY_BROKER_URL": f"{REDIS}/7",
        "CACHE_URL": f"{REDIS.replace('redis://', 'rediscache://')}/8",
        "EMAIL_URL": f"smtp://127.0.0.1:{PORT}",
        # Retries 10, 20, 40 … s apart rather than minutes, so that scenario 3 drains in minutes.
        "OUTBOX_RETRY_BASE_SECONDS": "10",
        # A queue is reported silent after 90 s without its worker (scenario 7), not 5 minutes.
        "WORKER_SILENT_SECONDS": "90",
    }
)


def _prepare() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    for command in (
        ["manage.py", "migrate", "--noinput", "-v0"],
        ["-m", "bench.load_scale", "--associations", str(ASSOCIATIONS), "--meetings", "20"],
    ):
        subprocess.run([sys.executable, *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    redis.Redis.from_url(f"{REDIS}/7").flushdb()


_prepare()

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.worker import wait_until  # noqa: E402
from budget.invoicing.emails import invoice_address  # noqa: E402
from budget.invoicing.services import invoice_run_start  # noqa: E402
from budget.models import FeeSchedule, InvoiceRun  # noqa: E402
from meetings.letters.services import letter_send  # noqa: E402
from meetings.models import Invitation, Letter, Meeting, MeetingType  # noqa: E402
from meetings.tasks import send_invitations  # noqa: E402
from members.models import User  # noqa: E402
from nns_portal.health import silent_queues  # noqa: E402
from nns_portal.models import OutboxMessage  # noqa: E402

CELERY = Path(sys.executable).parent / "celery"
# The register's own meetings stay out of the way: beat would invite to them.
Meeting.objects.update(status=Meeting.Status.CANCELLED)


def _safely(condition):
    """The condition, as False while the database is away."""

    def check() -> bool:
        try:
            return condition()
        except OperationalError:
            connections.close_all()
            return False

    return check


def _start(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(CELERY), "-A", "nns_portal", *arguments, "--loglevel", "WARNING"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def _worker(*queues: str) -> subprocess.Popen:
    """A prefork worker of two processes, for the given queues (all three without)."""
    chosen = ("-Q", ",".join(queues)) if queues else ()
    return _start("worker", "--pool", "prefork", "--concurrency", "2", "--without-gossip",
                  "--without-mingle", *chosen)  # fmt: skip


def _compose_workers() -> tuple[subprocess.Popen, subprocess.Popen]:
    """The workers as docker-compose.yml runs them: mail and housekeeping, and bulk."""
    return _worker("mail", "housekeeping"), _worker("bulk")


def _beat(schedule: Path) -> subprocess.Popen:
    return _start("beat", "--schedule", str(schedule))


def _kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=90)


class Refusing(sink.Counting):
    """Answers one RCPT in five with a temporary refusal."""

    def __init__(self, share: float) -> None:
        super().__init__()
        self.share, self.refused, self.random = share, 0, random.Random(7)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.random.random() < self.share:
            self.refused += 1
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _report(name: str, expected: set[str], received: sink.Counting, fault_at: float) -> None:
    drained = time.perf_counter() - fault_at
    lost = len(expected - set(received.recipients))
    print(
        f"{name}: väntade {len(expected)}, levererade {received.received},"
        f" dubbletter {received.duplicates}, förlorade {lost}, tömt {drained:.0f} s efter felet"
    )


def _wait_for(expected: set[str], received: sink.Counting, *, timeout: float) -> None:
    try:
        wait_until(lambda: expected <= set(received.recipients), timeout=timeout, every=0.5)
    except RuntimeError:
        missing = sorted(expected - set(received.recipients))
        print(f"   inte klart efter {timeout:.0f} s; saknas {len(missing)}: {missing[:3]}")
    time.sleep(5)  # anything sent twice arrives now


def _letter(title: str) -> Letter:
    board = Meeting.objects.filter(type__code=MeetingType.Code.BOARD).order_by("starts_at").first()
    return Letter.objects.create(board_meeting=board, title=title, body="Hej alla!")


def _letter_recipients(letter: Letter) -> set[str]:
    return set(
        OutboxMessage.objects.filter(key__startswith=f"letter:{letter.pk}:").values_list(
            "to", flat=True
        )
    )


def lost_fan_out(schedule: Path) -> None:
    from meetings.letters.selectors import letter_recipients

    controller, received = sink.start(PORT)
    letter = _letter("Brev (förlorad uppgift)")
    letter_send(letter=letter)  # the fan-out task waits in Redis: no worker runs yet
    redis.Redis.from_url(f"{REDIS}/7").flushdb()  # … and is lost
    fault_at = time.perf_counter()
    expected = {p.email for p in letter_recipients(on=timezone.localdate())} - {""}
    worker, beat = _worker(), _beat(schedule)
    try:
        _wait_for(expected, received, timeout=600)
    finally:
        _stop(beat)
        _stop(worker)
        controller.stop()
    _report("1. Brevets uppgift förlorad i Redis", expected, received, fault_at)


def _next_fee_year() -> int:
    year = FeeSchedule.objects.order_by("-year").values_list("year", flat=True).first() + 1
    FeeSchedule.objects.create(
        **{
            **{
                f.name: getattr(FeeSchedule.objects.get(year=year - 1), f.name)
                for f in FeeSchedule._meta.concrete_fields
                if f.name not in ("id", "year")
            },
            "year": year,
        }
    )
    from members.models import Association, AssociationYear

    AssociationYear.objects.bulk_create(
        AssociationYear(association=a, year=year, total_budget=1_000_000)
        for a in Association.objects.exclude(joined_on=None)
    )
    return year


def _killed_run(schedule: Path, *, name: str, early_in_mailing: bool) -> None:
    """An invoice run whose bulk worker is killed (and started again at once, as Docker does):
    just after the invoices were issued, or once the first invoice e-mail has arrived."""
    controller, received = sink.start(PORT)
    year = _next_fee_year()
    other, worker = _compose_workers() if early_in_mailing else (None, _worker())
    beat = _beat(schedule)
    run = invoice_run_start(
        fee_year=year, issued_on=timezone.localdate(), send_by_email=True, user=None
    )
    try:
        if early_in_mailing:
            wait_until(lambda: received.received > 0, timeout=600, every=0.05)
        else:
            wait_until(
                lambda: InvoiceRun.objects.get(pk=run.pk).status != InvoiceRun.Status.RUNNING,
                timeout=300,
                every=0.05,
            )
        _kill(worker)
        fault_at = time.perf_counter()
        worker = _worker("bulk") if early_in_mailing else _worker()
        invoices = run.invoices.select_related("association")
        addresses = {invoice_address(invoice.association) for invoice in invoices} - {""}
        _wait_for(addresses, received, timeout=900)
        wait_until(
            lambda: InvoiceRun.objects.get(pk=run.pk).status == InvoiceRun.Status.FINISHED,
            timeout=300,
        )
    finally:
        for process in (beat, worker, other):
            if process:
                _stop(process)
        controller.stop()
    _report(name, addresses, received, fault_at)


def killed_run(schedule: Path) -> None:
    _killed_run(
        schedule, name="2. Arbetaren dödad när körningen utfärdat fakturorna",
        early_in_mailing=False,
    )  # fmt: skip


def killed_early_in_mailing(schedule: Path) -> None:
    _killed_run(
        schedule, name="6. Bulkarbetaren dödad tidigt i fakturornas e-post, startad genast",
        early_in_mailing=True,
    )  # fmt: skip


def transient_refusals(schedule: Path) -> None:
    handler = Refusing(0.2)
    controller = sink.Controller(handler, hostname="127.0.0.1", port=PORT, data_size_limit=0)
    controller.start()
    starts = timezone.now() + datetime.timedelta(days=40)
    meeting = Meeting.objects.create(
        type=MeetingType.objects.get(code=MeetingType.Code.MONTHLY),
        title="Månadsträff (451)",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    worker, beat = _worker(), _beat(schedule)
    fault_at = time.perf_counter()
    send_invitations.delay(meeting.pk)
    try:
        wait_until(lambda: Invitation.objects.filter(meeting=meeting).exists(), timeout=300)
        expected = set(
            Invitation.objects.filter(meeting=meeting).values_list("person__email", flat=True)
        )
        _wait_for(expected, handler, timeout=1200)
    finally:
        _stop(beat)
        _stop(worker)
        controller.stop()
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    _report("3. Var femte mottagare avvisad med 451", expected, handler, fault_at)
    print(f"   avvisningar {handler.refused}, misslyckade rader {failed}")


def database_restart(schedule: Path) -> None:
    controller, received = sink.start(PORT)
    letter = _letter("Brev (databasen startas om)")
    worker, beat = _worker(), _beat(schedule)
    letter_send(letter=letter)
    connections.close_all()
    try:
        wait_until(lambda: len(_letter_recipients(letter)) > 0, timeout=300, every=0.05)
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
        )
        fault_at = time.perf_counter()
        connections.close_all()
        wait_until(
            _safely(lambda: Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT),
            timeout=600,
        )
        expected = _letter_recipients(letter)
        _wait_for(expected, received, timeout=900)
    finally:
        _stop(beat)
        _stop(worker)
        controller.stop()
    _report("4. PostgreSQL omstartad under utskicket", expected, received, fault_at)


def redis_restarted(schedule: Path) -> None:
    controller, received = sink.start(PORT)
    letter = _letter("Brev (Redis omstartad)")
    workers, beat = _compose_workers(), _beat(schedule)
    letter_send(letter=letter)
    try:
        wait_until(lambda: received.received > 0, timeout=300, every=0.05)
        REDIS_SERVER.stop()  # while the workers hold tasks; nothing restarts them
        REDIS_SERVER.start()  # back, and empty
        fault_at = time.perf_counter()
        wait_until(lambda: Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT,
                   timeout=600)  # fmt: skip
        expected = _letter_recipients(letter)
        _wait_for(expected, received, timeout=900)
        alive = sum(worker.poll() is None for worker in workers)
    finally:
        for process in (beat, *workers):
            if process.poll() is None:
                _stop(process)
        controller.stop()
    _report("5. Redis omstartad tom under utskicket", expected, received, fault_at)
    print(f"   arbetare vid liv efteråt: {alive} av {len(workers)}")


def worker_down_until_warned(schedule: Path) -> None:
    controller, received = sink.start(PORT)
    letter = _letter("Brev (bulkarbetaren borta)")
    staff = User.objects.filter(is_staff=True).values_list("email", flat=True).first()
    (mail, bulk), beat = _compose_workers(), _beat(schedule)
    wait_until(lambda: not silent_queues() and _heard_from_every_queue(), timeout=180)
    letter_send(letter=letter)
    try:
        wait_until(lambda: len(_letter_recipients(letter)) > 0, timeout=300, every=0.02)
        _kill(bulk)  # during the fan-out; nothing restarts it
        fault_at = time.perf_counter()
        wait_until(lambda: any(silent.queue == "bulk" for silent in silent_queues()), timeout=600)
        shown = time.perf_counter() - fault_at
        wait_until(lambda: received.recipients[staff] > 0, timeout=600)
        mailed = time.perf_counter() - fault_at
        bulk = _worker("bulk")
        wait_until(lambda: Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT,
                   timeout=600)  # fmt: skip
        expected = _letter_recipients(letter)
        _wait_for(expected, received, timeout=900)
    finally:
        for process in (beat, mail, bulk):
            _stop(process)
        controller.stop()
    _report("7. Bulkarbetaren borta under utskicket tills varningen syns", expected, received,
            fault_at)  # fmt: skip
    print(
        f"   varningen på kansliets sidor {shown:.0f} s efter felet, e-posten till kansliet"
        f" {mailed:.0f} s efter ({received.recipients[staff]} st.)"
    )


def _heard_from_every_queue() -> bool:
    from nns_portal.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.filter(queue__in=("mail", "bulk", "housekeeping")).count() == 3


def main() -> None:
    schedule = Path("/tmp") / f"nns-faults-beat-{os.getpid()}"
    started = time.perf_counter()
    print(f"# Felinjicering: {ASSOCIATIONS} förbund, arbetare prefork ×2, beat, Redis, PostgreSQL")
    scenarios = (
        lost_fan_out, killed_run, transient_refusals, database_restart, redis_restarted,
        killed_early_in_mailing, worker_down_until_warned,
    )  # fmt: skip
    # FAULTS_SCENARIOS=4 runs only the fourth (numbered as printed).
    chosen = os.environ.get("FAULTS_SCENARIOS", "1,2,3,4,5,6,7").split(",")
    for scenario in [scenarios[int(n) - 1] for n in chosen]:
        OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)  # earlier scenarios' rows
        scenario(schedule)
    print(f"Allt på {time.perf_counter() - started:.0f} s.")


try:
    main()
finally:
    REDIS_SERVER.stop()
