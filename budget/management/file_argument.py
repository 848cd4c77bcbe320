"""The file a management command is given on its command line."""

from pathlib import Path

from django.core.management.base import CommandError


def read_file_argument(path: Path) -> bytes:
    """The file's bytes, or the reason it cannot be read, in Swedish."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Filen {path} kan inte läsas: {error.strerror}.") from error
