"""A Celery worker as production runs it (prefork, one process per core), for one benchmark."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_worker() -> subprocess.Popen:
    celery = Path(sys.executable).parent / "celery"
    process = subprocess.Popen(
        [str(celery), "-A", "nns_portal", "worker", "--pool", "prefork",
         "--concurrency", str(os.cpu_count() or 2), "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,  # the banner; warnings and errors go to standard error
    )  # fmt: skip
    from nns_portal.celery import app

    for _ in range(60):
        if app.control.ping(timeout=1):
            return process
        time.sleep(1)
    process.terminate()
    raise RuntimeError("The Celery worker did not answer.")


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=60)


def wait_until(condition, *, timeout: float, every: float = 0.2) -> float:
    """Seconds until ``condition()`` held; RuntimeError after ``timeout``."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"Not done after {timeout:.0f} s.")
        time.sleep(every)
    return time.perf_counter() - started
