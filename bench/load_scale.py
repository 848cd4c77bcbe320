"""Fill an empty database with a register at national scale, for the benchmarks:
``python -m bench.load_scale --associations 2000`` (with ``bench.settings``, as ``make bench``
runs it)."""

import argparse
import sys
import time

import django


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_scale", description=__doc__)
    parser.add_argument("--associations", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=600, help="meetings this year")
    arguments = parser.parse_args(argv)

    from django.utils import timezone

    from bench.scale import CHAIR_EMAIL, STAFF_EMAIL, load_scale

    started = time.perf_counter()
    try:
        made = load_scale(
            associations=arguments.associations,
            meetings=arguments.meetings,
            today=timezone.localdate(),
        )
    except ValueError as error:
        sys.exit(str(error))
    counts = ", ".join(f"{n} {what}" for what, n in made.items())
    print(f"Skaldata: {counts} på {time.perf_counter() - started:.1f} s.")
    print(f"Inloggningar: {STAFF_EMAIL} (kansli), {CHAIR_EMAIL} (ordförande).")


if __name__ == "__main__":
    django.setup()
    main(sys.argv[1:])
