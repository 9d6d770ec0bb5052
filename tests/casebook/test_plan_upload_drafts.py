"""Plans keep the chosen documents through a validation error, and the upload box on the
plan's page attaches the good files even when one is refused."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casebook.models import Plan
from portal.models import Attachment
from portal.services.attachments import attachments_of
from tests.browser_forms import says
from tests.casebook.factories_challenges import PlanFactory
from tests.casebook.test_plans import NEW, form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


def kept_token(response, name="documents") -> str:
    [token] = re.findall(rf'name="{name}__kept"\s+value="([^"]+)"', response.content.decode())
    return unescape(token)


def test_a_plan_without_a_title_keeps_the_chosen_document(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.post(
        NEW, {**form_data(title=""), "documents": SimpleUploadedFile("計画書.pdf", PDF)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "計画書.pdf" in page and says(page, "保存済みのファイル", "Files already saved")
    assert not Plan.objects.exists()
    response = client.post(NEW, {**form_data(), "documents__kept": kept_token(response)})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert attachments_of(plan).get().original_name == "計画書.pdf"


def test_editing_a_plan_keeps_the_document_through_an_error(client, sapporo_staff):
    plan = PlanFactory(municipality=sapporo_staff.municipality)
    client.force_login(sapporo_staff)
    url = reverse("casebook:plan_edit", args=[plan.pk])
    response = client.post(
        url, {**form_data(summary=""), "documents": SimpleUploadedFile("改定版.pdf", PDF)}
    )
    assert response.status_code == 200
    response = client.post(url, {**form_data(), "documents__kept": kept_token(response)})
    assert response.status_code == 302
    assert attachments_of(plan).get().original_name == "改定版.pdf"


def test_the_upload_box_attaches_the_good_files_and_names_the_refused_one(client, sapporo_staff):
    plan = PlanFactory(municipality=sapporo_staff.municipality)
    client.force_login(sapporo_staff)
    files = [SimpleUploadedFile(f"資料{i}.pdf", PDF) for i in range(1, 5)]
    files.append(SimpleUploadedFile("setup.exe", b"MZ\x90\x00binary"))
    response = client.post(
        reverse("casebook:plan_upload", args=[plan.pk]), {"documents": files}, follow=True
    )
    assert len(attachments_of(plan)) == 4
    assert not Attachment.objects.filter(draft_expires_at__isnull=False).exists()
    assert says(
        response.content.decode(),
        "次のファイルはもう一度選んでください：setup.exe",
        "Choose this file again: setup.exe",
    )
