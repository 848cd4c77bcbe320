"""Batches whose items fail alone: one item's failure does not hold the others back."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

logger = logging.getLogger(__name__)


class ItemFailures:
    """Each item of a batch is tried on its own: a failure is logged and the batch goes on.
    ``raise_first`` raises the first failure once the batch is done, so that the task still
    ends as failed and is seen (what is left is picked up by the job that resumes it)."""

    def __init__(self) -> None:
        self.errors: list[Exception] = []

    @contextmanager
    def item(self, description: str) -> Iterator[None]:
        try:
            yield
        except Exception as error:  # one item's failure, whatever it is, stays its own
            logger.exception("%s failed", description)
            self.errors.append(error)

    def raise_first(self) -> None:
        if self.errors:
            raise self.errors[0]
