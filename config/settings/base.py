"""Settings shared by every environment. Production differs only through the environment (see config/env.py)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.get("SCENEBRIDGE_VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = env.get("DJANGO_SECRET_KEY") or "insecure-development-key-change-me"
DEBUG = env.flag("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.listing("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
INSTANCE_ID = env.get("SCENEBRIDGE_INSTANCE_ID") or "local"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ninja",
    "scenebridge.core",
    "scenebridge.accounts",
    "scenebridge.taxonomy",
    "scenebridge.scenarios",
    "scenebridge.catalog",
    "scenebridge.notifications",
    "scenebridge.reviews",
    "scenebridge.matching",
    "scenebridge.calls",
    "scenebridge.challenges",
    "scenebridge.pilots",
    "scenebridge.analytics",
    "scenebridge.opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "scenebridge.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "scenebridge.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scenebridge.accounts.context_processors.roles",
                "scenebridge.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'scenebridge.sqlite3'}",
        conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE") or 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Attachments: what owners may upload (checked by extension and by content).
ATTACHMENT_MAX_BYTES = env.integer("SCENEBRIDGE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env.get("DJANGO_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.get("DJANGO_DEFAULT_FROM_EMAIL") or "SceneBridge <noreply@scenebridge.local>"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tasks told (label, pk) after a scenario, offer or resource changes; see scenebridge/core/changes.py.
SCENEBRIDGE_CHANGE_LISTENERS: list[str] = ["scenebridge.matching.tasks.record_changed"]

# Security headers on by default, everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

NINJA_PAGINATION_PER_PAGE = 20
PAGE_SIZE_MAX = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("DJANGO_LOG_LEVEL") or "INFO"},
    "loggers": {"jieba": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

SCENEBRIDGE_NAME = _("SceneBridge")
