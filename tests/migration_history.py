"""The manifest of landed migrations: one `sha256  path` line per migration file.

A migration that has landed is history: databases out there have run it as it was, so it is
never edited, renamed or removed; a change is a new migration. `tests/test_migration_history.py`
fails when a recorded file changed or went missing, and when a migration file is not recorded.

Record new migration files (and only new ones; recorded lines are never rewritten):

    .venv/bin/python -m tests.migration_history      # or: make migrations-manifest
"""

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "migrations.sha256"


def migration_files() -> dict[str, str]:
    """Hash every migration file of the project's apps, by its path from the project root."""
    return {
        path.relative_to(ROOT).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(ROOT.glob("*/migrations/[0-9]*.py"))
    }


def recorded() -> dict[str, str]:
    lines = MANIFEST.read_text().splitlines() if MANIFEST.exists() else []
    return {path: digest for digest, path in (line.split() for line in lines if line.strip())}


def record_new() -> list[str]:
    """Append the files not yet in the manifest; return their paths."""
    known = recorded()
    new = {path: digest for path, digest in migration_files().items() if path not in known}
    with MANIFEST.open("a") as manifest:
        for path, digest in new.items():
            manifest.write(f"{digest}  {path}\n")
    return list(new)


if __name__ == "__main__":
    added = record_new()
    print("\n".join(f"recorded {path}" for path in added) or "nothing new to record")
    sys.exit(0)
