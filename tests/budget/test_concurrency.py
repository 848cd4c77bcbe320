"""Several processes issuing the same year's invoices at the same moment, on PostgreSQL.

Runs of one year are refused while one is under way (test_issuing), but invoices are also
issued by credit-and-reissue and from the command line: the number series must hold whatever
issues them at once."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection, transaction

from budget.models import FeeSchedule, Invoice
from tests.factories import AssociationFactory, AssociationYearFactory
from tests.waiting import wait_until

PROCESSES = 4
ASSOCIATIONS = 150


def _waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is cached per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


ISSUE_ALL = """
import datetime
from budget.invoicing import services
for association in list(services.invoice_run_candidates(fee_year=2026)):
    try:
        services.invoice_issue(
            association=association, fee_year=2026, issued_on=datetime.date(2026, 2, 2),
            issued_by="",
        )
    except services.AlreadyInvoiced:
        pass
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_one_invoice_each_and_an_unbroken_series(invoicing):
    for _ in range(ASSOCIATIONS):
        AssociationYearFactory(association=AssociationFactory())
    members = ASSOCIATIONS + 2  # and Alfa and Beta of the scene
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nns_portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
    }
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", ISSUE_ALL]
    # Hold the year's lock until every process waits for it, so that all of them start
    # issuing at the same moment instead of the first finishing before the last has started.
    # (Which of them then issues how many is up to PostgreSQL's lock queue: often one wins
    # every race, so the runs' shares are not asserted, only the series they leave.)
    with transaction.atomic():
        FeeSchedule.objects.select_for_update().get(year=2026)
        runs = [
            subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        try:
            wait_until(lambda: _waiting_for_a_lock() == PROCESSES, timeout=120)
        except AssertionError:
            for run in runs:
                run.kill()
            raise
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0] * PROCESSES, outputs

    invoices = Invoice.objects.filter(fee_year=2026)
    assert invoices.count() == members
    assert invoices.values("association").distinct().count() == members
    assert sorted(invoices.values_list("sequence", flat=True)) == list(range(1, members + 1))
    assert {invoice.number for invoice in invoices} == {
        f"2026-{n:04d}" for n in range(1, members + 1)
    }
