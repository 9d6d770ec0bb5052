"""Back up the portal: the database and the private files (uploads, generated documents).

    make backup                      # → backups/<timestamp>/
    make restore BACKUP=backups/<timestamp>

PostgreSQL (DATABASE_URL=postgres://…) is dumped with pg_dump in its custom format and
restored with pg_restore into the target database; the SQLite file of a first run is copied.
The private files (PORTAL_PRIVATE_ROOT, default var/private) go into files.tar.gz.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    return os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")


def _private_root() -> Path:
    return Path(os.environ.get("PORTAL_PRIVATE_ROOT", ROOT / "var" / "private"))


def backup(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=False)
    url = _database_url()
    if url.startswith(("postgres://", "postgresql://")):
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--dbname={url}",
                f"--file={target / 'db.dump'}",
            ],
            check=True,
        )
    else:
        shutil.copy2(url.removeprefix("sqlite:///"), target / "db.sqlite3")
    private = _private_root()
    with tarfile.open(target / "files.tar.gz", "w:gz") as archive:
        if private.exists():
            archive.add(private, arcname=".")
    return target


def restore(source: Path) -> None:
    url = _database_url()
    if (source / "db.dump").exists():
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("This backup is a PostgreSQL dump: set DATABASE_URL to the target database.")
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={url}",
                str(source / "db.dump"),
            ],
            check=True,
        )
    else:
        shutil.copy2(source / "db.sqlite3", url.removeprefix("sqlite:///"))
    private = _private_root()
    private.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "files.tar.gz", "r:gz") as archive:
        archive.extractall(private, filter="data")  # refuses absolute paths and ../


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup")
    make.add_argument(
        "--to",
        type=Path,
        default=ROOT / "backups" / datetime.now().astimezone().strftime("%Y%m%d-%H%M%S"),
    )
    back = sub.add_parser("restore")
    back.add_argument("source", type=Path)
    args = parser.parse_args()
    if args.command == "backup":
        print(f"Backup written to {backup(args.to)}")
    else:
        restore(args.source)
        print(f"Restored from {args.source}")


if __name__ == "__main__":
    main()
