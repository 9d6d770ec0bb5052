"""Settings for the test suite: the production settings module, with what tests need."""

import os
import tempfile

from tests.parallel import worker_environment

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("PORTAL_REQUIRE_STAFF_MFA", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.update(worker_environment(os.environ))  # parallel runs: tests/parallel.py

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

# Celery runs tasks in-process; the integration test starts a real worker on Redis itself.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not PORTAL_S3_BUCKET:  # noqa: F405 - the object-storage test runs processes on S3
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="portal-private-")},
    }
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-media-")
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}  # noqa: F405

# SQLite: the migrated test database is kept between runs (tests/sqlite_cached/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.sqlite_cached"  # noqa: F405
    # In memory, per process (pytest-django names only the engine it knows as in-memory).
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
