# The two commands a new user needs: `make run` serves the site, `make test` runs every check.
# Both set themselves up (virtualenv, packages, database, translations) and are safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MO := locale/lv/LC_MESSAGES/django.mo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db lint pytest chromium redis messages migrations-manifest mutation clean

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

# Migrating and loading the shipped content can run any number of times: load_content creates
# only what is missing and never changes what is there, so edits made in the admin survive.
# (`manage.py reset_content` puts the shipped content back on purpose.)
db: $(STAMP) $(MO)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_content

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

# Record new migration files in tests/migrations.sha256 (landed ones are never rewritten).
migrations-manifest: $(STAMP)
	$(BIN)/python -m tests.migration_history

# Mutation testing of the generators, the answer store, the ownership selectors and the admin
# forms ([tool.mutmut] in pyproject.toml), in a copy of the tree so that nothing here changes.
# Slow: one worker, stopped after MUTATION_TIMEOUT seconds. Pick mutants with MUTANTS, e.g.
# make mutation MUTANTS='quizzes.forms.*'
MUTATION_DIR ?= /tmp/baltic-mutation
MUTATION_TIMEOUT ?= 3600
MUTANTS ?=
mutation: $(STAMP) $(MO)
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	git ls-files -z | xargs -0 cp --parents -t $(MUTATION_DIR)
	cp $(MO) $(MUTATION_DIR)/$(MO)
	ln -s $(abspath $(VENV)) $(MUTATION_DIR)/.venv
	cd $(MUTATION_DIR) && timeout $(MUTATION_TIMEOUT) $(BIN)/mutmut run --max-children 1 $(MUTANTS); \
		$(BIN)/mutmut results --all true | tail -n 20

clean:
	rm -rf $(VENV) staticfiles artifacts mutants *.egg-info
