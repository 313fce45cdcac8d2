"""Settings for the benchmark: the project's own, plus the bench app and its URL.

Everything else (database, DEBUG, SECRET_KEY, ALLOWED_HOSTS) comes from the environment,
exactly as in production; bench/run.py sets it.
"""

import warnings

from baltic_quiz.settings import *  # noqa: F403
from baltic_quiz.settings import INSTALLED_APPS, STORAGES
from core.ratelimit import DEFAULTS as RATE_DEFAULTS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"

# Only HTML is requested, and no collectstatic runs: plain storage lets `{% static %}`
# render URLs without the manifest that production's storage needs.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# With DEBUG off Django would mail a 500's traceback to nobody; print it to stderr, which the
# bench keeps in bench-results/<run>-gunicorn.log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}

# No collectstatic runs, so WhiteNoise finds no STATIC_ROOT; that is expected here.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# Every simulated student comes from 127.0.0.1: the per-address abuse limits would measure
# the limiter, not the answer path.
RATE_LIMITS = {name: (10**9, seconds) for name, (_count, seconds) in RATE_DEFAULTS.items()}
