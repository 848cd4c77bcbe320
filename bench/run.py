"""`make bench`: builds the scale databases on PostgreSQL, then runs every benchmark.

Each benchmark runs in a process of its own against the database it needs, with the portal's
production settings (``bench.settings``). Figures go to standard output; bench/RESULTS.md
records them with the machine they were taken on.
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
TEMPLATE = "nns_bench_template"


def environment(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{SERVER}/{database}",
        "CELERY_BROKER_URL": f"{REDIS}/5",
        "CACHE_URL": f"{REDIS.replace('redis://', 'rediscache://')}/6",
    }


def run(command: list[str], database: str) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=environment(database), capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def fresh_database(name: str, associations: int) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    load = [PYTHON, "-m", "bench.load_scale", "--associations", str(associations)]
    print(f"  {name}: {run(load, name).splitlines()[0]}")
    with psycopg.connect(f"{SERVER}/{name}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # as autovacuum would, some time after a bulk load


def template() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{TEMPLATE}"')
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], TEMPLATE)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], TEMPLATE)


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk saknas: apt-get install wrk")
    for db in (5, 6):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}: {os.cpu_count()} kärnor,"
          f" Python {platform.python_version()}, {platform.platform()}")  # fmt: skip
    started = time.perf_counter()
    print("Skaldatabaser:")
    template()
    for associations in (10, 1000, 2000):
        fresh_database(f"nns_bench_{associations}", associations)
    print("\nFrågor per sida (10 och 1 000 förbund):")
    small = json.loads(run([PYTHON, "-m", "bench.queries"], "nns_bench_10"))
    large = json.loads(run([PYTHON, "-m", "bench.queries"], "nns_bench_1000"))
    for name in small:
        flag = "" if small[name] == large[name] else "  <- växer"
        print(f"  {name:<26} {small[name]:>4} {large[name]:>6}{flag}")
    outputs = {}
    for key, title, module, database in STEPS:
        print(f"\n{title}:")
        outputs[key] = run([PYTHON, "-m", module], database)
        print(outputs[key])
    print("\nMålen (#19): mätt, golvet bredvid, målet")
    for line in goals(outputs, queries=large):
        print(f"  {line}")
    print(f"\nAllt på {time.perf_counter() - started:.0f} s.")


# (key, title, module, database) of each benchmark after the query counts.
STEPS = [
    ("load", "Sidor under last (2 000 förbund)", "bench.load", "nns_bench_2000"),
    ("pdf", "PDF", "bench.pdf", "nns_bench_2000"),
    ("run", "Faktureringskörning (2 000 förbund)", "bench.invoice_run", "nns_bench_2000"),
    ("people", "Import av personer (2 000 förbund, 20 000 personer)", "bench.people_import",
     "nns_bench_2000"),
    ("einvoice", "E-faktura (Peppol BIS Billing 3.0)", "bench.einvoice", "nns_bench_2000"),
    ("bgmax", "Bankgirots betalningsfil (BgMax, 20 000 betalningar)", "bench.payments_import",
     "nns_bench_2000"),
    ("sie", "Bokföringen (SIE 4, 100 000 transaktioner)", "bench.sie_import", "nns_bench_2000"),
    ("fan_out", "Utskick (1 000 förbund, 10 000 personer)", "bench.fan_out", "nns_bench_1000"),
    ("voting", "Omröstning på årsmötet (2 000 förbund, 150 ombud)", "bench.voting",
     "nns_bench_2000"),
]  # fmt: skip
# The goals of issue #19: (figure, how it is read from the output, goal, "max" or "min").
PAGE_GOALS = [("Mina möten", 8), ("Mina fakturor", 8), ("Mötesplanen 2026", 15),
              ("Admin: fakturor", 30)]  # fmt: skip


def _number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1).replace(",", ".")) if found else None


def goals(outputs: dict[str, str], *, queries: dict[str, int]) -> list[str]:
    """Each of #19's figures as measured, beside its floor and goal, and whether it is met."""

    def row(name: str, now: float | None, floor: str, goal: float, fewer: bool) -> str:
        if now is None:
            return f"{name}: ej mätt"
        met = now <= goal if fewer else now >= goal
        return f"{name}: {now:g} ({floor}); mål {'≤' if fewer else '≥'} {goal:g}: " + (
            "uppnått" if met else "EJ uppnått"
        )

    fan_out = _number(r"kvot ([\d.]+);", outputs["fan_out"])
    pdf = _number(r"kvot ([\d.]+)", outputs["pdf"])
    mailed = _number(r"med PDF och e-post till alla: ([\d.]+) s", outputs["run"])
    lines = [
        row("Utskick ÷ smtplib (gånger)", fan_out, "golv: smtplib över en förbindelse", 3, True),
        row("Faktura-PDF ÷ tom sida (gånger)", pdf, "golv: WeasyPrints tomma sida", 2, True),
        row("Fakturering av 2 000 med PDF och e-post (s)", mailed, "inget golv", 60, True),
    ]
    for page, fraction in PAGE_GOALS:
        ratio = _number(rf"^{re.escape(page)}\s+\S+\s+\S+\s+\S+\s+([\d.]+)", outputs["load"])
        lines.append(
            row(f"{page}: trivial vy ÷ sidan (förfr./s)", ratio, "golv: trivial vy", fraction, True)
        )
    lines.append(
        row("Frågor på Admin: ett förbund", queries.get("Admin: ett förbund"),
            "oberoende av antalet roller", 15, True)
    )  # fmt: skip
    return lines


if __name__ == "__main__":
    main()
