"""gunicorn settings for one app server of the site (`gunicorn -c deploy/gunicorn.conf.py`).

Every value can be set from the environment, so one file serves each app server of a site.
nginx stands in front and buffers slow clients, so plain sync workers are the right kind:
each holds one request at a time and needs no thread safety from the code.
"""

import multiprocessing
import os

wsgi_app = "baltic_quiz.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# About two workers per core: a worker waiting on the database lets another use the core.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# Load the project once in the master; workers fork with it already imported.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# nginx keeps connections to the app servers open (upstream keepalive).
keepalive = 75
# Restart a worker now and then so that slow leaks cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
# The client's address as nginx saw it, for the logs.
forwarded_allow_ips = "127.0.0.1"
