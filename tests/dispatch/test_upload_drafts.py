"""The activity report keeps the chosen file when another field comes back with an error
(the kernel's kept uploads, wired into the dispatch forms)."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dispatch.models import ActivityReport
from portal.models import Attachment
from portal.services.attachments import attachments_of
from tests.dispatch.factories import assigned_request, held_session

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


@pytest.fixture
def session(sapporo_staff, ishikari_officer, advisor_person):
    assigned = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    return held_session(assigned, ishikari_officer, advisor_person)


def kept_token(response, name="attachments") -> str:
    [token] = re.findall(rf'name="{name}__kept"\s+value="([^"]+)"', response.content.decode())
    return unescape(token)


def test_a_report_without_hours_keeps_the_chosen_file(client, session, advisor, now_after_sessions):
    client.force_login(advisor)
    url = reverse("dispatch:report_create", args=[session.pk])
    data = {"summary": "電子申請の対象手続を整理した。", "hours": "", "next_steps": ""}
    response = client.post(url, {**data, "attachments": [SimpleUploadedFile("議事録.pdf", PDF)]})
    assert response.status_code == 200
    assert "議事録.pdf" in response.content.decode()
    assert not ActivityReport.objects.exists()
    response = client.post(
        url, {**data, "hours": "６．５", "attachments__kept": kept_token(response)}
    )
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    assert [a.original_name for a in attachments_of(report)] == ["議事録.pdf"]
    assert not Attachment.objects.filter(draft_expires_at__isnull=False).exists()
