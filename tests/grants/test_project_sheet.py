"""The one-page project sheet (事業概要シート) of a bureau policy project, typeset by the
task with WeasyPrint: what it says, that it stays one page, and who may download it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal.models import Document
from tests.grants.support_factories import PolicyProjectFactory

pytestmark = pytest.mark.django_db


def _pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def _sheet(client, project, capture):
    url = reverse("grants:project_sheet", args=[project.pk])
    with capture(execute=True):
        first = client.get(url)
    # The first request schedules the rendering (run by the eager task after commit) and
    # shows the progress page; the next one downloads the file.
    assert first.status_code == 200
    return _pdf(client.get(url))


def test_the_sheet_states_the_project_in_japanese_on_one_page(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    project = PolicyProjectFactory(
        title="さっぽろ圏ワーケーション推進事業",
        municipalities=["011002", "012173"],
        completed=True,
    )
    project.partners.create(name="北海道デモ大学", kind="university", role="調査・分析")
    project.budget_lines.create(item="委託料", planned=2_400_000, spent=2_250_000)
    project.milestones.create(title="実証・検証", due_on="2026-11-30")
    project.kpis.create(name="参加事業者数", unit="者", baseline=5, target=20, result=24)
    client.force_login(sapporo_staff)
    pdf = _sheet(client, project, django_capture_on_commit_callbacks)
    assert len(pdf.pages) == 1
    text = "".join(page.extract_text() for page in pdf.pages)
    compact = text.replace(" ", "").replace("\n", "")
    for expected in (
        "地域政策推進事業事業概要シート",
        "さっぽろ圏ワーケーション推進事業",
        "令和8年度",
        "完了",
        "石狩振興局",
        "札幌市",
        "江別市",
        "北海道デモ大学（大学・研究機関）",
        "令和8年（2026年）5月1日",
        "2,400千円",
        "2,250千円",
        "参加事業者数",
        "120%",
        "参加者300人",
    ):
        assert expected in compact, expected


def test_a_long_project_still_fits_one_page(
    client, ishikari_officer, django_capture_on_commit_callbacks
):
    project = PolicyProjectFactory(
        summary="目的" * 600, description="内容" * 900, completed=True, evaluation="評価" * 400
    )
    project.results = "成果" * 500
    project.save()
    for n in range(15):
        project.partners.create(name=f"連携先{n}", kind="company", role="役割" * 30)
        project.budget_lines.create(item=f"費目{n}", planned=100_000 * n, spent=0)
        project.milestones.create(title=f"工程{n}", due_on="2026-10-01")
        project.kpis.create(name=f"指標{n}", unit="件", target=10)
    client.force_login(ishikari_officer)
    pdf = _sheet(client, project, django_capture_on_commit_callbacks)
    assert len(pdf.pages) == 1
    text = "".join(page.extract_text() for page in pdf.pages).replace(" ", "")
    assert "ほか10者" in text
    assert "ほか10指標" in text
    # The totals count every line, not only those shown.
    assert "10,500千円" in text.replace("\n", "")


def test_the_same_project_reuses_its_document(
    client, ishikari_officer, django_capture_on_commit_callbacks
):
    project = PolicyProjectFactory()
    client.force_login(ishikari_officer)
    _sheet(client, project, django_capture_on_commit_callbacks)
    _sheet(client, project, django_capture_on_commit_callbacks)
    assert Document.objects.filter(kind="policy_project_sheet").count() == 1


def test_other_bureaus_and_municipalities_get_404(client, oshima_officer, hakodate_staff):
    project = PolicyProjectFactory()
    for user in (oshima_officer, hakodate_staff):
        client.force_login(user)
        response = client.get(reverse("grants:project_sheet", args=[project.pk]))
        assert response.status_code == 404
