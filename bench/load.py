"""Throughput and latency of five pages under wrk at 32 connections against gunicorn, each next
to a trivial Django view on the same server (python -m bench.load)."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django

django.setup()

from bench.pages import client_of  # noqa: E402
from bench.scale import CHAIR_EMAIL, STAFF_EMAIL  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.1:8765"
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = 32
WORKERS = 2 * (os.cpu_count() or 2) + 1
ALL_PAGES = [
    ("Trivial vy", "", "/bench/trivial"),
    ("Mina möten", CHAIR_EMAIL, "/moten/"),
    ("Mina fakturor", CHAIR_EMAIL, "/fakturor/"),
    ("Mötesplanen 2026", "", "/moten/plan/2026/"),
    ("Admin: förbund", STAFF_EMAIL, "/admin/members/association/"),
    ("Admin: fakturor", STAFF_EMAIL, "/admin/budget/invoice/"),
]
# BENCH_PAGES="Mina möten" measures only those (beside the trivial view, always first).
CHOSEN = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
PAGES = [
    page for index, page in enumerate(ALL_PAGES) if not CHOSEN or index == 0 or page[0] in CHOSEN
]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str, seconds: int = SECONDS) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)),
    }


def main() -> None:
    cookies = {"": ""}
    for email in {CHAIR_EMAIL, STAFF_EMAIL}:
        cookies[email] = client_of(email).cookies["sessionid"].value
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "nns_portal.wsgi", "--bind", ADDRESS,
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://{ADDRESS}/bench/trivial", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        rows = []
        for name, email, path in PAGES:
            url = f"http://{ADDRESS}{path}"
            wrk(url, cookies[email], seconds=2)  # every worker has loaded the page once
            rows.append((name, wrk(url, cookies[email])))
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    base = rows[0][1]
    print(f"gunicorn {WORKERS} sync-arbetare, wrk {CONNECTIONS} förbindelser, {SECONDS} s per sida")
    print(f"{'Sida':<20} {'förfr./s':>9} {'p50 ms':>8} {'p99 ms':>8}   kvot: förfr./s  p50  p99")
    for name, figures in rows:
        print(
            f"{name:<20} {figures['rps']:>9.0f} {figures['p50']:>8.1f} {figures['p99']:>8.1f}"
            f" {base['rps'] / figures['rps']:>16.1f} {figures['p50'] / base['p50']:>4.0f}"
            f" {figures['p99'] / base['p99']:>4.0f}"
        )


if __name__ == "__main__":
    main()
