import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], timeout: float = 30, *, what: str = "") -> None:
    """Poll until ``condition`` holds, for what a real worker does in its own thread."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}" if what else "timed out")
        time.sleep(0.1)
