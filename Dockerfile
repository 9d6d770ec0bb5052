# 北海道 市町村戦略支援ポータル — one image for web (gunicorn), migrate, worker and beat (celery).
FROM python:3.11-slim-bookworm

# PYTHONPATH: import the apps from the source tree in /app, not the copy pip puts in
# site-packages, so BASE_DIR (and with it templates/, static/, locale/) is /app.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=portal.settings \
    PORTAL_PRIVATE_ROOT=/data/private \
    PORTAL_MEDIA_ROOT=/data/media

# WeasyPrint's native libraries, a Japanese font for the PDFs, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-ipaexfont \
        shared-mime-info \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system portal \
    && useradd --system --gid portal --create-home --home-dir /home/portal \
        --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-cache-dir . \
    && rm -rf build *.egg-info

# Static files and translations are built into the image. The settings refuse to load without
# a secret key when DEBUG is off, so give these commands a throwaway one. It is a build ARG
# passed to these RUN lines only, never an ENV: the running image must not carry a known key.
ARG DJANGO_SECRET_KEY=build-only-throwaway-key-not-used-at-runtime
RUN DJANGO_SECRET_KEY="$DJANGO_SECRET_KEY" python manage.py collectstatic --noinput \
    && if [ -n "$(find . -name '*.po' -print -quit)" ]; then \
           DJANGO_SECRET_KEY="$DJANGO_SECRET_KEY" python manage.py compilemessages; \
       else \
           echo "compilemessages: no .po catalogues in the tree, skipped"; \
       fi

# Without PORTAL_S3_BUCKET, private uploads and generated documents live under /data.
# Created here, owned by portal, so a fresh named volume inherits the ownership.
RUN mkdir -p /data/private /data/media \
    && chown -R portal:portal /data \
    && chmod 750 /data /data/private /data/media

USER portal

EXPOSE 8000

# No curl in the slim image. Send the first DJANGO_ALLOWED_HOSTS entry as Host (127.0.0.1
# need not be allowed) and X-Forwarded-Proto: https (SECURE_SSL_REDIRECT would redirect).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=5)"

CMD ["gunicorn", "--config", "/app/gunicorn.conf.py", "portal.wsgi:application"]
