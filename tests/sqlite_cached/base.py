"""SQLite for the test suite, with the migrated schema kept between runs.

Migrating the 75 migrations costs about 20 s of CPU in every pytest process (Django renders
the historical models again after each operation), which every xdist worker, and every run
of a single test file, paid before its first test. This backend builds the in-memory test
database by migrating once, keeps a copy in ``var/test-db/`` named after a hash of everything
migrating depends on (the migrations, the modules and data they import, Django and SQLite),
and later copies it in with SQLite's backup API in well under a second. A changed migration
or model gives a new hash, so a stale schema is never used; PostgreSQL (CI) always migrates.
``PORTAL_TEST_DB_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db.backends.sqlite3 import base, creation

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "var" / "test-db"
# What migrating reads: the migrations, the modules they import (models, the search index),
# the reference data they load.
INPUTS = ("*/migrations/*.py", "*/models/*.py", "casebook/textsearch.py", "portal/data/**/*")


def schema_key() -> str:
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    files = sorted({path for pattern in INPUTS for path in ROOT.glob(pattern) if path.is_file()})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        name = self._get_test_db_name()
        if (
            os.environ.get("PORTAL_TEST_DB_CACHE", "1") == "0"
            or keepdb
            or not self.is_in_memory_db(name)
        ):
            return super().create_test_db(verbosity, autoclobber, serialize, keepdb)
        cached = CACHE_DIR / f"{schema_key()}.sqlite3"
        if not cached.exists():
            name = super().create_test_db(verbosity, autoclobber, serialize, keepdb)
            self._keep(cached)
            return name
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        source = sqlite3.connect(cached)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()
        # What post_migrate writes from the settings (the site's domain) follows this run's.
        emit_post_migrate_signal(max(verbosity - 1, 0), False, self.connection.alias)
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        return name

    def _keep(self, cached: Path) -> None:
        """Write the copy under a temporary name, then rename: another worker building the
        same schema at the same time, or one reading it, never sees half a file."""
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        try:
            self.connection.ensure_connection()
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, cached)
        for stale in cached.parent.glob("*.sqlite3"):
            if stale != cached:
                stale.unlink(missing_ok=True)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
