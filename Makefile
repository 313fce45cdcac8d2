# The two commands a new user needs: `make run` serves the site, `make test` runs every check.
# Both set themselves up (virtualenv, packages, database, translations) and are safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MO := locale/lv/LC_MESSAGES/django.mo
FIXTURES := fixtures/articles.yaml fixtures/history.yaml
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db lint pytest chromium redis messages clean

run: db
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(MO) chromium redis lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

setup: $(STAMP) $(MO)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Babel compiles the catalogue without GNU gettext, so no system package is needed.
$(MO): locale/lv/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --domain django --directory locale
	touch $@

# Migrating, loading the fixtures by natural key and syncing the question bank can all run
# any number of times. The quiz sets come last: they name questions of the bank.
db: $(STAMP) $(MO)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py loaddata $(FIXTURES)
	$(BIN)/python manage.py generate_questions
	$(BIN)/python manage.py loaddata fixtures/quizzes.yaml

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The cache tests run against a real Redis server, which they start themselves.
redis:
	@command -v redis-server >/dev/null || { \
		echo "Installing Debian's redis-server for the cache tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server; }

# For developers: extract new interface strings into the Latvian catalogue (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale lv --ignore .venv --ignore tests --ignore artifacts

clean:
	rm -rf $(VENV) staticfiles artifacts *.egg-info
