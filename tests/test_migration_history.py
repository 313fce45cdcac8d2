"""Landed migrations are never edited; new ones are recorded (see tests/migration_history.py)."""

from tests.migration_history import migration_files, recorded

REFRESH = "record new ones with: .venv/bin/python -m tests.migration_history"


def test_no_recorded_migration_was_edited_or_removed():
    files, known = migration_files(), recorded()

    changed = [path for path, digest in known.items() if path in files and files[path] != digest]
    removed = [path for path in known if path not in files]

    assert not changed, (
        f"migrations that landed were edited: {changed}; put the edit back and write a new "
        "migration instead"
    )
    assert not removed, f"migrations that landed were removed or renamed: {removed}"


def test_every_migration_is_recorded():
    known = recorded()

    new = [path for path in migration_files() if path not in known]

    assert not new, f"migrations not yet recorded: {new}; {REFRESH}"
