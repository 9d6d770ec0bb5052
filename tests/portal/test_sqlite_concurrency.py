"""`make run` on SQLite: two people saving at once both succeed (issue #14, point 4).

Runs in a child process with the portal's own settings on a SQLite file, as `make run` does,
so the test database of the suite (maybe PostgreSQL) plays no part.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import os, threading, time
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django
    django.setup()
    from django.db import connections, transaction

    with connections["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    connections.close_all()
    errors = []
    barrier = threading.Barrier(2)

    def save():
        try:
            barrier.wait()
            # The shape of every form save: read the row, then write it back.
            with transaction.atomic(), connections["default"].cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                value = cursor.fetchone()[0]
                time.sleep(0.3)
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        print("value", cursor.fetchone()[0], "errors", errors)
    """
)


def test_two_saves_at_once_on_sqlite_both_succeed(tmp_path: Path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "value 2 errors []" in result.stdout, result.stdout
