"""Settings for Baltic Entente Quiz, read from the environment.

DATABASE_URL  database (default: SQLite file db.sqlite3 beside manage.py)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" to turn debug on (default: on for local development)
DEBUG_TECHNICAL_404  "true" for Django's technical 404 page while DEBUG is on
ALLOWED_HOSTS comma-separated host names
HTTPS         "true" when the site is served over HTTPS: secure cookies, HSTS, SSL redirect
TRUSTED_PROXIES  how many reverse proxies stand in front (default 0); see core/clients.py
STATIC_ROOT   where collectstatic puts the static files (default: staticfiles/ beside manage.py)
REDIS_URL     a Redis server for the cache shared by every server (default: a local cache)
DATABASE_POOL_SIZE  PostgreSQL connections per process, pooled (default 8; 0: no pool)
ADMINS        comma-separated addresses mailed on every server error, e.g. "Ops <ops@example.org>"
EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL, SERVER_EMAIL   outgoing mail
The README lists the rest.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# With DEBUG on, Django's technical 404 page instead of the site's own (baltic_quiz.not_found).
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "history",
    "quizzes",
    "classrooms",
    "live",
    "accounts",
    "core",
]

MIDDLEWARE = [
    # Outermost, so it sees the final answer after the language and slash redirects.
    "baltic_quiz.not_found.SiteNotFoundMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.HeadersMiddleware",
    # django-csp's, building the one policy once.
    "core.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a form body: see core/middleware.py.
    "core.middleware.FormCharsetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "baltic_quiz.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "baltic_quiz.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers and threads write at once: WAL lets readers run beside a
    # writer, IMMEDIATE takes the write lock up front instead of failing on
    # upgrade, and the timeout makes a busy writer wait rather than error.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, not shared in-memory SQLite: that one reports "table is locked"
    # to concurrent writers instead of making them wait, unlike the real database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    )

# PostgreSQL: a bounded pool of connections per process (psycopg's, built into Django) instead
# of one persistent connection per thread. Under ASGI every request runs its synchronous code in
# a thread of its own, so a room of phones opening their event streams at once opened a
# connection each and ran PostgreSQL out of them; from the pool they take turns with a few.
# DATABASE_POOL_SIZE=0 goes back to a persistent connection per thread (CONN_MAX_AGE).
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "8"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL_SIZE:
    # The pool keeps the connections: Django closing one hands it back.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        # A request waits this long for a connection, then fails (500) rather than hang.
        "timeout": 10,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for everything shared between requests: cached pages, rate-limit counters. Several
# servers must share it, so production sets REDIS_URL; without it each process has its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "baltic",
            # Every question of the bank has an entry (quizzes/question_cache.py), beside the
            # pages and the rate-limit counters: more than the default 300.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# How long a cached read-only page may live. Saving a fact invalidates it at once in the cache
# it was saved through; with a local cache, other processes see the change within this time.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("lv", _("Latvian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-month English dates (Django's "en" is American); see baltic_quiz/formats/.
FORMAT_MODULE_PATH = ["baltic_quiz.formats"]
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Learners sign in on the site; teachers use the admin's own sign-in page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quizzes:progress"
LOGOUT_REDIRECT_URL = "quizzes:home"

# Password-reset mail goes to the console unless a real backend is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quiz@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([os.environ.get("ADMINS", "")])
    if address
]

# Errors go to stderr with their tracebacks whatever DEBUG says, so that gunicorn, systemd or
# a container log keeps them; with DEBUG off each server error is also mailed to the ADMINS (if
# any). With DEBUG on, the development server's console shows everything from INFO up.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "require_debug_true": {"()": "django.utils.log.RequireDebugTrue"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "level": "INFO",
            "filters": ["require_debug_true"],
            "class": "logging.StreamHandler",
        },
        "errors": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "logging.StreamHandler",
            "formatter": "plain",
        },
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "django": {
            "handlers": ["console", "errors", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console", "errors"], "level": "WARNING"},
}

# Served over HTTPS (directly or behind a proxy that terminates it): every cookie is
# Secure, plain HTTP is redirected and browsers are told to remember HTTPS (HSTS).
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 31536000)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of the site (nginx: 1). Only then are X-Forwarded-For (the
# client's address, for rate limits) and X-Forwarded-Proto (HTTPS) believed, and only the
# entries the proxies themselves wrote.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXIES", 0))
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Origins allowed to POST (needed behind HTTPS); by default every allowed host over HTTPS.
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS",
    ",".join(f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")),
)

# Every cookie with explicit flags. The CSRF token reaches HTMX through the page itself,
# so no script needs to read its cookie.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

# Content-Security-Policy: nothing inline, nothing from elsewhere. htmx is told (in
# base.html) not to inject its indicator styles nor to evaluate code from attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# `manage.py purge_anonymous_learners` (run it from cron) deletes anonymous learners idle
# this long, with everything they did.
ANONYMOUS_LEARNER_IDLE_DAYS = float(os.environ.get("ANONYMOUS_LEARNER_IDLE_DAYS", 30))

# Limits on what a client can repeat, as (count, seconds) by name; the defaults (and what
# each one counts) are in core/ratelimit.py. They are kept in the "default" cache.
# RATE_LIMITS="login_account=5/900,signup_address=10/3600" overrides some from the environment.
RATE_LIMITS: dict[str, tuple[int, int]] = {
    name.strip(): tuple(int(part) for part in rule.split("/", 1))
    for name, _, rule in (item.partition("=") for item in env_list("RATE_LIMITS"))
}
