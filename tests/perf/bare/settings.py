"""A bare Django project: the physical limit the portal's throughput is measured against.

No apps, no middleware, no database: one view answering "Hello, world!". It is served by
plain gunicorn with the same number of workers as the portal (tests/perf/bench_throughput.py),
so what separates the two figures is the portal's own cost per request.
"""

DEBUG = False
SECRET_KEY = "bare-benchmark-project-not-secret"  # it signs nothing
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.perf.bare.urls"
WSGI_APPLICATION = "tests.perf.bare.wsgi.application"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
