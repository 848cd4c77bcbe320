import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Poll until ``condition`` holds, for what a real worker does in its own thread."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)
