"""`gunicorn -c /dev/null tests.perf.bare.wsgi:application` from the repository's root."""

import os

from django.core.wsgi import get_wsgi_application

# Not setdefault: the benchmark's environment names the portal's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.bare.settings"
application = get_wsgi_application()
