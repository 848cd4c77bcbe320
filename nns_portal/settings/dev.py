"""Development: SQLite in ./var, tasks in-process, mail written to ./var/mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
