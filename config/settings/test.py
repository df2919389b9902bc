"""Settings for the test suite: fast hashing, immediate tasks, files under a temporary folder."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="scenebridge-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MATCHING_EMBEDDER = ""  # tests inject a tiny deterministic embedder; the real model never loads here
MATCHING_INDEX_DIR = Path(tempfile.mkdtemp(prefix="scenebridge-match-index-"))
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
