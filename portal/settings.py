"""Settings for the portal, read from the environment.

Defaults make a first run work with no services (SQLite, eager Celery tasks, local-memory
cache, mail to the console). Production fails closed: with DJANGO_DEBUG off there is no
default secret key and the portal refuses to start without one.
"""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Management commands that only read code and schema never sign anything, so they run
# without the secret (CI and packaging check migrations and build static files that way).
KEYLESS_COMMANDS = frozenset(
    {
        "makemigrations",
        "showmigrations",
        "sqlmigrate",
        "collectstatic",
        "makemessages",
        "compilemessages",
    }
)
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" else ""

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and _COMMAND not in KEYLESS_COMMANDS:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For names the client
# for rate limits (portal.net.client_ip). Empty: no proxy is trusted, the peer is the client.
PORTAL_TRUSTED_PROXIES = env.list("PORTAL_TRUSTED_PROXIES", default=[])

SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.forms",
    "django_filters",
    "portal",
    "grants",
    "dispatch",
    "casebook",
]

MIDDLEWARE = [
    # Anonymous public pages from the page cache, before anything else (portal/pagecache/).
    "portal.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.RotationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMFARequiredMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.PrivateResponseMiddleware",
    "portal.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]
# Forms render through our own accessible templates (labels with 必須/任意, hints, errors).
FORM_RENDERER = "portal.forms.PortalFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Survive a database restart under a running web process: check the connection before use.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Japanese search relies on a UTF-8 ctype; template0 lets us choose it.
    DATABASES["default"].setdefault("TEST", {}).update({"TEMPLATE": "template0", "CHARSET": "UTF8"})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` on SQLite: two people saving at once must queue, not fail with "database is
    # locked". IMMEDIATE takes the write lock when a transaction starts (a deferred one that
    # reads first and writes later cannot wait for it: SQLite answers "locked" at once), and
    # the timeout lets the second writer wait for the first.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("PORTAL_CACHE_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:mypage"

# django-allauth: email + password, verified email, rate limits on the sensitive endpoints.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupExtraForm"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[北海道 市町村戦略支援ポータル] "
# Security changes need a fresh proof of identity (the code, where an authenticator is set up:
# see AccountAdapter.get_reauthentication_methods), and each one is mailed to the account.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A reset link is a key to the account lying in a mailbox: one hour is enough to use it.
PASSWORD_RESET_TIMEOUT = 60 * 60
MFA_ADAPTER = "portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "北海道 市町村戦略支援ポータル"
# Bureau officers and HQ hold the keys to money and personal data: in production they must
# use a second factor. Off by default in DEBUG so the demo accounts work without an app.
PORTAL_REQUIRE_STAFF_MFA = env.bool("PORTAL_REQUIRE_STAFF_MFA", default=not DEBUG)

# Sessions expire after inactivity; the page warns before (see static/js/session.js).
SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("PORTAL_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded attachments and generated documents are private: never under MEDIA_URL, served
# only through views that check the user's scope.
PRIVATE_MEDIA_ROOT = env.path("PORTAL_PRIVATE_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Scale out: with PORTAL_S3_BUCKET set, uploads and generated files go to S3-compatible object
# storage (AWS S3, MinIO …) so that no web or worker machine holds state. Credentials come from
# the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables.
PORTAL_S3_BUCKET = env.str("PORTAL_S3_BUCKET", default="")
if PORTAL_S3_BUCKET:
    _S3_OPTIONS = {
        "bucket_name": PORTAL_S3_BUCKET,
        "endpoint_url": env.str("PORTAL_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("PORTAL_S3_REGION", default="ap-northeast-1"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateS3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "private"},
    }
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@example.jp")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: no REDIS_URL means no broker, so tasks run in-process (eager) for a first run.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The Celery workers render the PDFs (WeasyPrint holds on to memory), so they, not the web
# workers (gunicorn.conf.py), are recycled: a worker process is replaced after this many
# tasks, or after the task that takes it over this resident memory (KiB).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=524288)
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task of a dead worker (late ack) is requeued after this; > the longest task (360 s).
_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT}
# Broker down: try briefly, the row stays pending and the periodic sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    # Expired sessions are never read again, but they hold who was signed in: delete them.
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    # Unconfirmed event holds expire after 24 hours; their names and addresses go after a day.
    "purge-expired-event-holds": {
        "task": "portal.tasks.purge_expired_event_holds",
        "schedule": crontab(hour=3, minute=40),
    },
    # Files kept from forms that were never sent: deleted a day after they were chosen.
    "purge-expired-upload-drafts": {
        "task": "portal.tasks.purge_expired_upload_drafts",
        "schedule": crontab(minute=15),  # hourly, so a draft lives at most ~25 h
    },
    "apply-due-rotations": {"task": "portal.tasks.apply_due_rotations", "schedule": crontab(0, 0)},
    "send-pending-notifications": {
        "task": "portal.tasks.sweep_pending_notifications",
        "schedule": 300,
    },
    "event-reminders": {
        "task": "portal.tasks.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "dispatch-session-reminders": {
        "task": "dispatch.tasks.send_session_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # ふるさと納税 1:1 consultations: the municipality is reminded the day before, once.
    "furusato-consultation-reminders": {
        "task": "grants.tasks.send_consultation_reminders",
        "schedule": crontab(hour=8, minute=50),
    },
    "grant-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Case studies scheduled for publication go live within a minute of their time.
    "casebook-publish-due": {
        "task": "casebook.tasks.publish_due_case_studies",
        "schedule": 60.0,
    },
    "kyoryokutai-reminders": {
        "task": "dispatch.tasks.send_kyoryokutai_reminders",
        "schedule": crontab(hour=8, minute=45),
    },
    "cooperative-notification-reminders": {
        "task": "casebook.tasks.send_cooperative_notification_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    # Surveys (照会・調査): reminders before the deadline and 督促 after it, once per stage.
    "survey-reminders": {
        "task": "casebook.tasks.send_survey_reminders",
        "schedule": crontab(hour=8, minute=20),
    },
    "plan-revision-reminders": {
        "task": "casebook.tasks.send_plan_revision_reminders",
        "schedule": crontab(hour=8, minute=25),
    },
}

# Security. Production values are the defaults; DEBUG relaxes only what local HTTP needs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# SQLite (first run) ignores the covering columns of PostgreSQL indexes; that is expected.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
PORTAL_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PORTAL_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = logging_config(
    log_format=env.str("PORTAL_LOG_FORMAT", default="plain" if DEBUG else "json"),
    level=env.str("DJANGO_LOG_LEVEL", default="INFO"),
    debug=DEBUG,
)

# Optional error tracking (SENTRY_DSN): no personal data (user id only, no bodies, cookies).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    )
