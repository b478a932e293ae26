"""Django settings for Kurs, read from environment variables.

Defaults are safe for production (DEBUG off, secure cookies when not debugging);
`KURS_DEBUG=1` relaxes them for development. Only the settings below are meant to
change between installations.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KURS_VAR_DIR", BASE_DIR / "var"))
# Holds the default SQLite database and collected static files.
# A read-only installation sets KURS_VAR_DIR or a database URL instead.
with contextlib.suppress(OSError):
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("KURS_DEBUG", False)

SECRET_KEY = os.environ.get("KURS_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("KURS_INSECURE_DEFAULT_KEY", False):
        raise ImproperlyConfigured(
            "Set KURS_SECRET_KEY to a long random string (or KURS_DEBUG=1 for development)."
        )
    # Development and the demo only: a fixed key is fine where nothing is secret.
    SECRET_KEY = "kurs-insecure-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("KURS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KURS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "kurs.orgs",
    "kurs.goals",
    "kurs.strategy",
    "kurs.coach",
    "kurs.transfer",
    "kurs.notify",
    "django_tasks",
    "django_tasks_db",
    "kurs.api",
    "kurs.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's saved language beats the browser's.
    "kurs.orgs.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kurs.urls"
WSGI_APPLICATION = "kurs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kurs" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("KURS_DATABASE_URL", f"sqlite:///{VAR_DIR / 'kurs.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a check-in is written; IMMEDIATE avoids
    # "database is locked" when two writers upgrade their locks at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_okrs"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kurs" / "locale"]
FORMAT_MODULE_PATH = ["kurs.formats"]
LANGUAGE_COOKIE_NAME = "kurs_language"
TIME_ZONE = env_str("KURS_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project's own assets (kurs.css, vendored htmx); `kurs` itself is not an app.
STATICFILES_DIRS = [BASE_DIR / "kurs" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests render templates without running collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_SECURE = env_bool("KURS_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("KURS_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env_str("KURS_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("KURS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KURS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

NINJA_PAGINATION_PER_PAGE = 100

# Where people open Kurs: the links in emails point here (no request to take it from).
BASE_URL = env_str("KURS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email (check-in reminders, the weekly update) goes out through SMTP.
EMAIL_BACKEND = env_str("KURS_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("KURS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("KURS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("KURS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KURS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KURS_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("KURS_EMAIL_SSL", False)
EMAIL_TIMEOUT = 30
EMAIL_FILE_PATH = env_str("KURS_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("KURS_EMAIL_FROM", "Kurs <kurs@localhost>")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of KURS_EMAIL_STARTTLS and KURS_EMAIL_SSL.")

# Background work runs in `kurs worker`, from a queue in the database: no extra server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The weekly leadership update goes out on this weekday (0 = Monday, 4 = Friday).
UPDATE_WEEKDAY = int(env_str("KURS_UPDATE_WEEKDAY", "4"))
