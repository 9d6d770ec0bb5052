"""PDF versions (Celery + WeasyPrint, eager in tests): the text of a case study's PDF and of
a whole issue's, reused until the content changes, with a progress page while it builds."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casebook.services import case_studies as services
from casebook.services.documents import case_study_pdf
from portal.models import Document
from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory

pytestmark = pytest.mark.django_db


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_the_case_study_pdf_has_its_text_in_japanese(client, django_capture_on_commit_callbacks):
    case_study = CaseStudyFactory(published=True, title="商店街の再生", budget_total=1_000_000)
    case_study.figures.create(label="新規開業", value="5", unit="店舗")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("casebook:case_study_pdf", args=[case_study.pk]))
    document = Document.objects.get(kind="casebook_case_study")
    assert document.status == "done"
    text = pdf_text(document)
    for expected in (
        "商店街の再生",
        "札幌市",
        "課題",
        "取組内容",
        "成果",
        "新規開業",
        "5店舗",
        "1,000,000円",
        "CC BY 4.0",
        "令和",
    ):
        assert expected in text, expected
    response = client.get(reverse("casebook:case_study_pdf", args=[case_study.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_the_pdf_is_reused_until_the_case_study_changes(editor, django_capture_on_commit_callbacks):
    case_study = CaseStudyFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = case_study_pdf(case_study=case_study)
        again = case_study_pdf(case_study=case_study)
    assert first.pk == again.pk
    case_study.results = "新たに8店舗が開業した。"
    services.case_study_save(case_study=case_study, actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        changed = case_study_pdf(case_study=case_study)
    assert changed.pk != first.pk
    assert "8店舗" in pdf_text(Document.objects.get(pk=changed.pk))


def test_while_it_builds_a_progress_page_is_shown(english):
    case_study = CaseStudyFactory(published=True)
    # Without running the on-commit task the document is still pending.
    response = english.get(reverse("casebook:case_study_pdf", args=[case_study.pk]))
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()
    assert english.get(
        reverse("casebook:case_study_pdf", args=[case_study.pk]), {"format": "json"}
    ).json() == {"status": "pending"}


def test_the_issue_pdf_has_its_cover_contents_and_articles(
    client, django_capture_on_commit_callbacks
):
    issue = JournalIssueFactory(number=7, title="人口減少に向き合う", status="published")
    case_study = CaseStudyFactory(published=True, title="お試し移住住宅")
    issue.articles.create(order=1, kind="feature", title="巻頭言", body="本号の特集について。")
    issue.articles.create(order=2, kind="case_study", case_study=case_study)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("casebook:issue_pdf", args=[7]))
    text = pdf_text(Document.objects.get(kind="casebook_issue"))
    for expected in (
        "北海道創生ジャーナル「創る」",
        "第7号",
        "人口減少に向き合う",
        "目次",
        "巻頭言",
        "本号の特集について。",
        "お試し移住住宅",
        "札幌市",
    ):
        assert expected in text, expected


def test_while_the_issue_pdf_builds_its_page_shows_a_progress_bar(english):
    JournalIssueFactory(number=8, status="published").articles.create(
        order=1, kind="feature", title="巻頭言", body="本文"
    )
    page = english.get(reverse("casebook:issue_pdf", args=[8])).content.decode()
    assert 'role="status"' in page
    assert "<progress" in page
    assert english.get(reverse("casebook:issue_pdf", args=[8]), {"format": "json"}).json() == {
        "status": "pending"
    }
