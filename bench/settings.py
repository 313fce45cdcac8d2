"""Settings for the benchmark: the project's own, plus the bench app and its URL.

Everything else (database, DEBUG, SECRET_KEY, ALLOWED_HOSTS) comes from the environment,
exactly as in production; bench/run.py sets it.
"""

import warnings

from baltic_quiz.settings import *  # noqa: F403
from baltic_quiz.settings import INSTALLED_APPS, STORAGES

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
