"""A task that holds its worker for a while, for the broker-loss test (loaded with --include)."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.hold")
def hold(*, seconds: float, log: str, label: str) -> None:
    with Path(log).open("a") as file:
        file.write(f"started {label}\n")
    time.sleep(seconds)
    with Path(log).open("a") as file:
        file.write(f"finished {label}\n")
