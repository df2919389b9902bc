"""The embedded default: SQLite under var/, debug pages, console e-mail."""

from config import env
from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR

DEBUG = env.flag("DJANGO_DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)
