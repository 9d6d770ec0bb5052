"""Grant forms keep the documents that passed when the page comes back with an error: the
attachments section (one box per required document) and the 実績報告's evidence."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grants.services import applications, review
from portal.models import Attachment
from portal.services.attachments import attachments_of
from tests.browser_forms import says
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
EXE = b"MZ\x90\x00binary"


def kept_token(response, name) -> str:
    [token] = re.findall(rf'name="{name}__kept"\s+value="([^"]+)"', response.content.decode())
    return unescape(token)


def drafts():
    return Attachment.objects.filter(draft_expires_at__isnull=False)


@pytest.fixture
def staff_client(client, sapporo_staff):
    client.force_login(sapporo_staff)
    return client


def test_the_good_document_is_kept_when_the_other_box_holds_an_exe(
    staff_client, sapporo_staff, call
):
    plan = call.required_attachments.get()
    budget = call.required_attachments.create(name="収支予算書", order=2)
    draft = ApplicationFactory(call=call, created_by=sapporo_staff, attachments=False)
    url = reverse("grants:application_section", args=[draft.pk, "attachments"])
    response = staff_client.post(
        url,
        {
            f"document_{plan.pk}": SimpleUploadedFile("計画書.pdf", PDF),
            f"document_{budget.pk}": SimpleUploadedFile("予算.exe", EXE),
            "action": "stay",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "計画書.pdf" in page and says(page, "保存済みのファイル", "Files already saved")
    assert says(
        page,
        "次のファイルはもう一度選んでください：予算.exe",
        "Choose this file again: 予算.exe",
    )
    assert not attachments_of(draft).exists()
    response = staff_client.post(
        url,
        {
            f"document_{plan.pk}__kept": kept_token(response, f"document_{plan.pk}"),
            f"document_{budget.pk}": SimpleUploadedFile("予算.pdf", PDF),
            "action": "stay",
        },
    )
    assert response.status_code == 302
    assert {(a.label, a.original_name) for a in attachments_of(draft)} == {
        ("事業計画書", "計画書.pdf"),
        ("収支予算書", "予算.pdf"),
    }
    assert not drafts().exists()


def test_a_new_choice_replaces_the_kept_document_in_a_one_file_box(
    staff_client, sapporo_staff, call
):
    plan = call.required_attachments.get()
    call.required_attachments.create(name="収支予算書", order=2)
    budget = call.required_attachments.get(name="収支予算書")
    draft = ApplicationFactory(call=call, created_by=sapporo_staff, attachments=False)
    url = reverse("grants:application_section", args=[draft.pk, "attachments"])
    first = staff_client.post(
        url,
        {
            f"document_{plan.pk}": SimpleUploadedFile("旧版.pdf", PDF),
            f"document_{budget.pk}": SimpleUploadedFile("予算.exe", EXE),
        },
    )
    response = staff_client.post(
        url,
        {
            f"document_{plan.pk}__kept": kept_token(first, f"document_{plan.pk}"),
            f"document_{plan.pk}": SimpleUploadedFile("新版.pdf", PDF),
            "action": "stay",
        },
    )
    assert response.status_code == 302
    assert [a.original_name for a in attachments_of(draft)] == ["新版.pdf"]
    assert not Attachment.objects.filter(original_name="旧版.pdf").exists()


@pytest.fixture
def approved(call, sapporo_staff, ishikari_officer, allocation, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(call=call, created_by=sapporo_staff)
    submitted = applications.application_submit(application=draft, actor=sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        review.application_start_review(application=submitted, actor=ishikari_officer)
        return review.application_approve(
            application=submitted, actor=ishikari_officer, amount=600_000
        )


def test_the_performance_report_keeps_its_evidence_through_an_error(staff_client, approved):
    lines = list(approved.budget_lines.all())
    url = reverse("grants:application_report", args=[approved.pk])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "completed_on": f"{yesterday:%Y年%m月%d日}",
        "summary": "導入支援を実施した。",
        "kpi_result": "64店舗",
        "kpi_comment": "",
    }
    for line in lines:
        data[f"actual_{line.pk}"] = str(line.amount)
    data[f"actual_{lines[0].pk}"] = ""
    evidence = [
        SimpleUploadedFile("領収書.pdf", PDF),
        SimpleUploadedFile("写真.pdf", PDF),
        SimpleUploadedFile("ツール.exe", EXE),
    ]
    response = staff_client.post(url, {**data, "evidence": evidence})
    assert response.status_code == 200
    page = response.content.decode()
    assert "領収書.pdf" in page and "写真.pdf" in page
    assert says(
        page,
        "次のファイルはもう一度選んでください：ツール.exe",
        "Choose this file again: ツール.exe",
    )
    data[f"actual_{lines[0].pk}"] = str(lines[0].amount)
    response = staff_client.post(url, {**data, "evidence__kept": kept_token(response, "evidence")})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == "report_submitted"
    assert sorted(a.original_name for a in attachments_of(approved.performance_report)) == sorted(
        ["領収書.pdf", "写真.pdf"]
    )
    assert {a.label for a in attachments_of(approved.performance_report)} == {"実績報告"}
    assert not drafts().exists()
