"""`make bench-quick`: three ratios to the stack's floor in under two minutes, for a developer
after a change (the full figures are `make bench`'s, in bench/RESULTS.md):

- an invoice PDF next to WeasyPrint's blank page;
- *Mina möten* under wrk next to a trivial Django view on the same gunicorn;
- about 1,000 invitations through Celery, Redis and the outbox next to smtplib over one
  connection.
"""

import os
import time

from bench.run import PYTHON, fresh_database, run, template

ASSOCIATIONS = 100  # ten people each: about 1,000 invitations to a monthly meeting
DATABASE = f"nns_bench_{ASSOCIATIONS}"


def main() -> None:
    started = time.perf_counter()
    template()
    fresh_database(DATABASE, ASSOCIATIONS)
    os.environ.update({"BENCH_PDF_ROUNDS": "10", "BENCH_PAGES": "Mina möten", "BENCH_SECONDS": "5"})
    print("\nPDF:")
    print(run([PYTHON, "-m", "bench.pdf"], DATABASE))
    print("\nEn sida under last:")
    print(run([PYTHON, "-m", "bench.load"], DATABASE))
    print(f"\nUtskick ({ASSOCIATIONS} förbund):")
    print(run([PYTHON, "-m", "bench.fan_out"], DATABASE))
    print(f"\nAllt på {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
