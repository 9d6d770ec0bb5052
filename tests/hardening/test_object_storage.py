"""Scale out: with PORTAL_S3_BUCKET set, files live in S3-compatible object storage, so a file
uploaded through one web process is served by another (here: two gunicorn processes and moto's
S3 server on 127.0.0.1), and nothing is written to the web machine's disk."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from portal.models import Attachment, ConsultationCategory
from tests.conftest import free_port
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "portal-files"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _wait_for(url: str, timeout: float = 120.0) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:  # not listening yet, or still starting
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def s3_endpoint(tmp_path):
    pytest.importorskip("moto")
    import boto3

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **CREDENTIALS},
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_for(endpoint)
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name="ap-northeast-1", **_boto(CREDENTIALS)
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"}
        )
        yield endpoint, client
    finally:
        _stop(server)


def _boto(credentials: dict) -> dict:
    return {
        "aws_access_key_id": credentials["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": credentials["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture
def web_processes(s3_endpoint, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the web processes share the test database: needs PostgreSQL")
    endpoint, _client = s3_endpoint
    db = settings.DATABASES["default"]
    local_disk = tmp_path / "web-disk"
    env = {
        **os.environ,
        **CREDENTIALS,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": (
            f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": "",
        "PORTAL_S3_BUCKET": BUCKET,
        "PORTAL_S3_ENDPOINT_URL": endpoint,
        "PORTAL_PRIVATE_ROOT": str(local_disk / "private"),
        "PORTAL_MEDIA_ROOT": str(local_disk / "media"),
    }
    processes = []
    urls = []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "portal.wsgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_for(f"{url}/healthz")
        yield processes, urls, local_disk
    finally:
        for process in processes:
            _stop(process)


def test_a_file_uploaded_through_one_process_is_served_by_another(s3_endpoint, web_processes):
    import requests

    _endpoint, s3 = s3_endpoint
    (first, _second), (first_url, second_url), local_disk = web_processes
    staff = UserFactory(sapporo=True)
    signed_in = Client()
    signed_in.force_login(staff)  # the session is in the shared database
    browser = requests.Session()
    browser.cookies.set("sessionid", signed_in.cookies["sessionid"].value)
    browser.cookies.set("django_language", "en")

    form_path = reverse("portal:consultation_create")
    page = browser.get(first_url + form_path, timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    category = ConsultationCategory.objects.get(code="national-grants")
    answer = browser.post(
        first_url + form_path,
        data={
            "csrfmiddlewaretoken": token,
            "category": category.pk,
            "subject": "地方創生推進交付金の締切",
            "question": "今年度の締切はいつですか。",
        },
        files={"attachments": ("事業概要.pdf", PDF, "application/pdf")},
        headers={"Referer": first_url + form_path},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:2000]

    attachment = Attachment.objects.get()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [f"private/{attachment.file.name}"]
    assert not [p for p in local_disk.rglob("*") if p.is_file()]  # nothing on the web machine

    _stop(first)  # the process that took the upload is gone
    download = browser.get(
        second_url + reverse("portal:attachment_download", args=[attachment.pk]), timeout=30
    )
    assert download.status_code == 200
    assert download.content == PDF
    assert "attachment" in download.headers["Content-Disposition"]

    # Still scope-checked: staff of another bureau's municipality get 404 from either process.
    other = Client()
    other.force_login(UserFactory(hakodate=True))
    stranger = requests.Session()
    stranger.cookies.set("sessionid", other.cookies["sessionid"].value)
    denied = stranger.get(
        second_url + reverse("portal:attachment_download", args=[attachment.pk]), timeout=30
    )
    assert denied.status_code == 404
