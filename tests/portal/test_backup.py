"""A backup restores into an empty database with the data and the private files."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from portal.services.attachments import attachment_store
from tests.factories import ConsultationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{name}"


def test_backup_then_restore_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore need PostgreSQL (CI runs this on PostgreSQL)")
    staff = UserFactory(sapporo=True)
    consultation = ConsultationFactory(asker=staff, subject="バックアップ確認用の相談")
    attachment = attachment_store(
        upload=SimpleUploadedFile(
            "計画.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
        owner=consultation,
        uploaded_by=staff,
    )
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    env = {
        **os.environ,
        "DATABASE_URL": _url(settings.DATABASES["default"]["NAME"]),
        "PORTAL_PRIVATE_ROOT": str(private),
    }
    target = tmp_path / "backup"
    subprocess.run(
        [sys.executable, "scripts/backup.py", "backup", "--to", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    assert (target / "db.dump").stat().st_size > 0

    # Named after this run's test database: parallel workers and runs do not collide.
    empty = f"{settings.DATABASES['default']['NAME']}_restore_check"
    admin_url = _url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        admin.execute(f"CREATE DATABASE \"{empty}\" TEMPLATE template0 ENCODING 'UTF8'")
    restored_files = tmp_path / "restored-files"
    try:
        subprocess.run(
            [sys.executable, "scripts/backup.py", "restore", str(target)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**env, "DATABASE_URL": _url(empty), "PORTAL_PRIVATE_ROOT": str(restored_files)},
        )
        with psycopg.connect(_url(empty)) as restored:
            subject = restored.execute(
                "SELECT subject FROM portal_consultation WHERE id = %s", [consultation.pk]
            ).fetchone()[0]
            municipalities = restored.execute("SELECT count(*) FROM portal_municipality")
            assert municipalities.fetchone()[0] == 179
        assert subject == "バックアップ確認用の相談"
        assert (restored_files / attachment.file.name).read_bytes().startswith(b"%PDF")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}"')
