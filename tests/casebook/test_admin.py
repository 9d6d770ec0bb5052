"""The casebook in the admin: bureau officers draft for their area (another bureau gets
404), HQ editors review and publish through workflow steps, photos and grant links."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.models import CaseStudy, Editor, Photo, Status
from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory, jpeg, theme

pytestmark = pytest.mark.django_db

ADD = reverse("admin:casebook_casestudy_add")
CHANGELIST = reverse("admin:casebook_casestudy_changelist")


def change_url(case_study):
    return reverse("admin:casebook_casestudy_change", args=[case_study.pk])


def step_url(case_study, step):
    return reverse("admin:casebook_casestudy_step", args=[case_study.pk, step])


def inline_management(**initial):
    data = {}
    for prefix in ("figures", "funding_sources", "photos"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": str(initial.get(prefix, 0)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def case_form(**overrides):
    data = {
        "title": "大学と連携した若者の定着",
        "summary": "大学と企業が連携した長期インターンシップ。",
        "municipality": "012173",
        "themes": [str(theme("migration").pk)],
        "fiscal_year": "2025",
        "pillar": "information",
        "population": "",
        "challenge": "卒業生の多くが市外で就職していた。",
        "actions": "長期インターンシップを始めた。",
        "results": "参加者の市内就職率は38％。",
        "budget_total": "3000000",
        "budget_note": "",
        "contact_department": "企画課",
        "contact_phone": "",
        "contact_email": "",
        "contact_url": "",
        **inline_management(),
    }
    data.update(overrides)
    return data


def test_a_bureau_officer_drafts_a_case_study_with_figures(client, ishikari_officer):
    client.force_login(ishikari_officer)
    assert client.get(ADD).status_code == 200
    data = case_form()
    data.update(
        {
            "figures-TOTAL_FORMS": "1",
            "figures-0-label": "市内就職率",
            "figures-0-value": "38",
            "figures-0-unit": "％",
            "figures-0-note": "",
            "figures-0-order": "0",
        }
    )
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case_study = CaseStudy.objects.get()
    assert case_study.status == Status.DRAFT
    assert case_study.bureau.code == "ishikari"
    assert case_study.figures.get().label == "市内就職率"
    assert "市内就職率" in case_study.search_text


def test_an_officer_cannot_draft_for_another_bureaus_municipality(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.post(ADD, case_form(municipality="012025"))  # 函館市
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not CaseStudy.objects.exists()


def test_another_bureau_gets_404(client, oshima_officer):
    case_study = CaseStudyFactory()
    client.force_login(oshima_officer)
    assert client.get(change_url(case_study)).status_code == 404
    assert client.get(step_url(case_study, "submit")).status_code == 404
    assert client.post(step_url(case_study, "submit"), {"comment": ""}).status_code == 404
    listing = client.get(CHANGELIST).content.decode()
    assert case_study.title not in listing


def test_the_officer_submits_and_then_reads_only(client, ishikari_officer):
    case_study = CaseStudyFactory()
    client.force_login(ishikari_officer)
    page = client.get(change_url(case_study)).content.decode()
    assert step_url(case_study, "submit") in page
    assert step_url(case_study, "publish") not in page
    response = client.post(step_url(case_study, "submit"), {"comment": "ご確認ください"})
    assert response.status_code == 302
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.REVIEW
    response = client.get(change_url(case_study))
    assert response.context["has_change_permission"] is False
    assert client.post(change_url(case_study), case_form()).status_code == 403


def test_an_editor_publishes_and_a_plain_hq_user_cannot(client, editor, hq_user):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    client.force_login(hq_user)
    page = client.get(change_url(case_study)).content.decode()
    assert step_url(case_study, "publish") not in page
    client.post(step_url(case_study, "publish"), {"comment": ""})
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.REVIEW
    client.force_login(editor)
    page = client.get(change_url(case_study)).content.decode()
    assert step_url(case_study, "publish") in page
    client.post(step_url(case_study, "publish"), {"comment": "公開します"})
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.PUBLISHED
    history = client.get(change_url(case_study)).content.decode()
    assert "公開します" in history


def test_the_schedule_step_accepts_full_width_digits_and_keeps_bad_input(english, editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    english.force_login(editor)
    response = english.post(step_url(case_study, "schedule"), {"publish_at": "きのう"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="きのう"' in html and "error-summary" in html
    when = timezone.localtime() + dt.timedelta(days=2)
    typed = when.strftime("%Y-%m-%dT%H:%M").translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    response = english.post(step_url(case_study, "schedule"), {"publish_at": typed})
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.SCHEDULED
    assert case_study.publish_at.strftime("%Y%m%d%H%M") == when.strftime("%Y%m%d%H%M") or (
        timezone.localtime(case_study.publish_at).strftime("%Y%m%d%H%M")
        == when.strftime("%Y%m%d%H%M")
    )


def test_the_return_step_requires_a_reason(english, editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    english.force_login(editor)
    response = english.post(step_url(case_study, "return"), {"reason": ""})
    assert response.status_code == 200
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.REVIEW
    english.post(step_url(case_study, "return"), {"reason": "写真を追加してください"})
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.DRAFT


def test_a_photo_is_uploaded_in_the_admin(
    client, ishikari_officer, django_capture_on_commit_callbacks
):
    case_study = CaseStudyFactory()
    client.force_login(ishikari_officer)
    data = case_form(municipality="011002", title=case_study.title)
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": jpeg(gps=True),
            "photos-0-alt": "商店街のにぎわい",
            "photos-0-caption": "",
            "photos-0-credit": "",
            "photos-0-order": "0",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(case_study), data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.alt == "商店街のにぎわい"
    assert photo.ready  # eager task in tests


def test_a_photo_without_alt_text_is_refused(client, ishikari_officer):
    case_study = CaseStudyFactory()
    client.force_login(ishikari_officer)
    data = case_form(municipality="011002")
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": jpeg(),
            "photos-0-alt": "",
            "photos-0-order": "0",
        }
    )
    assert client.post(change_url(case_study), data).status_code == 200
    assert not Photo.objects.exists()


def test_a_grant_is_linked_by_its_reference_number(client, ishikari_officer):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(
        status="approved",
        reference="R8-石狩-0009",
        approved_amount=600_000,
        submitted_at=timezone.now(),
    )
    draft = CaseStudyFactory()
    client.force_login(ishikari_officer)
    data = case_form(municipality="011002", title=draft.title)
    data.update(
        {
            "funding_sources-TOTAL_FORMS": "1",
            "funding_sources-0-name": "",
            "funding_sources-0-amount": "",
            "funding_sources-0-grant_reference": "R8-石狩-0009",
            "funding_sources-0-url": "",
            "funding_sources-0-order": "0",
        }
    )
    assert client.post(change_url(draft), data).status_code == 302
    source = draft.funding_sources.get()
    assert source.name == "地域づくり総合交付金"
    assert source.amount == 600_000
    assert source.grant_application_id == application.pk
    assert source.grant_call_id == application.call_id


def test_an_unknown_or_undecided_grant_is_refused(client, ishikari_officer, oshima_officer):
    from tests.grants.factories import ApplicationFactory

    ApplicationFactory(reference="R8-石狩-0010", status="submitted", submitted_at=timezone.now())
    draft = CaseStudyFactory()
    client.force_login(ishikari_officer)
    for reference in ("R8-石狩-0010", "R8-渡島-0001"):
        data = case_form(municipality="011002")
        data.update(
            {
                "funding_sources-TOTAL_FORMS": "1",
                "funding_sources-0-name": "x",
                "funding_sources-0-grant_reference": reference,
                "funding_sources-0-order": "0",
            }
        )
        assert client.post(change_url(draft), data).status_code == 200
    assert not draft.funding_sources.exists()


def test_journal_issues_are_edited_by_editors_only(client, editor, hq_user, ishikari_officer):
    issue = JournalIssueFactory()
    url = reverse("admin:casebook_journalissue_change", args=[issue.pk])
    client.force_login(ishikari_officer)
    assert client.get(url).status_code in (403, 404)
    client.force_login(hq_user)
    assert client.get(url).context["has_change_permission"] is False
    client.force_login(editor)
    assert client.get(url).context["has_change_permission"] is True
    issue.articles.create(order=1, kind="feature", title="巻頭言", body="本文")
    step = reverse("admin:casebook_journalissue_step", args=[issue.pk, "publish"])
    client.post(step)
    issue.refresh_from_db()
    assert issue.status == "published"


def test_editors_are_designated_by_hq_in_the_admin(client, hq_user):
    from tests.factories import UserFactory

    colleague = UserFactory(hq=True)
    client.force_login(hq_user)
    response = client.post(reverse("admin:casebook_editor_add"), {"user": colleague.pk, "note": ""})
    assert response.status_code == 302
    assert Editor.objects.filter(user=colleague).exists()


def test_the_changelist_query_count_is_fixed(client, ishikari_officer, django_assert_num_queries):
    client.force_login(ishikari_officer)
    CaseStudyFactory()
    client.get(CHANGELIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for _ in range(15):
        CaseStudyFactory()
    with django_assert_num_queries(len(few)):
        client.get(CHANGELIST)
