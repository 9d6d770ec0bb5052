"""The publication workflow: draft → review → (scheduled →) published → archived, through
the kernel's engine, audited, with the editors' designation deciding who publishes."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casebook.models import CaseStudy, Status
from casebook.services import case_studies as services
from casebook.services.editors import editor_appoint, editor_revoke
from portal import pagecache
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.casebook.factories import CaseStudyFactory
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db


def events(case_study):
    return list(AuditEvent.objects.for_object(case_study).values_list("action", "to_status"))


def test_an_officer_drafts_submits_and_an_editor_publishes(
    ishikari_officer, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_study = services.case_study_create(
            actor=ishikari_officer,
            municipality=municipality("012173"),
            title="大学と連携した若者の定着",
            summary="要約",
            fiscal_year=2025,
            challenge="課題",
            actions="取組",
            results="成果",
        )
        assert case_study.bureau.code == "ishikari"
        assert case_study.region.code == case_study.bureau.region.code
        assert case_study.origin == "bureau"
        services.case_study_submit(case_study=case_study, actor=ishikari_officer)
    assert case_study.status == Status.REVIEW
    assert [m.to for m in mail.outbox] == [[editor.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_publish(case_study=case_study, actor=editor)
    case_study.refresh_from_db()
    assert case_study.status == Status.PUBLISHED
    assert case_study.published_at is not None
    assert events(case_study) == [
        ("create", "draft"),
        ("submit", "review"),
        ("publish", "published"),
    ]
    event = AuditEvent.objects.for_object(case_study).get(action="publish")
    assert event.actor == editor and event.from_status == "review"


def test_publishing_twice_is_harmless(editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    services.case_study_publish(case_study=case_study, actor=editor)
    first = CaseStudy.objects.get(pk=case_study.pk).published_at
    services.case_study_publish(case_study=case_study, actor=editor)
    assert CaseStudy.objects.get(pk=case_study.pk).published_at == first
    assert [a for a, _ in events(case_study)] == ["publish"]


@pytest.mark.parametrize("role", ["ishikari_officer", "hq_user", "sapporo_staff"])
def test_only_editors_publish(role, request):
    actor = request.getfixturevalue(role)
    case_study = CaseStudyFactory(status=Status.REVIEW)
    with pytest.raises(PermissionDenied):
        services.case_study_publish(case_study=case_study, actor=actor)
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.REVIEW


def test_officers_of_another_bureau_cannot_submit_or_edit(oshima_officer):
    case_study = CaseStudyFactory()
    with pytest.raises(PermissionDenied):
        services.case_study_submit(case_study=case_study, actor=oshima_officer)
    case_study.title = "書き換え"
    with pytest.raises(PermissionDenied):
        services.case_study_save(case_study=case_study, actor=oshima_officer)


def test_officers_cannot_draft_for_another_bureau(oshima_officer):
    with pytest.raises(PermissionDenied):
        services.case_study_create(
            actor=oshima_officer,
            municipality=municipality("011002"),
            title="他局",
            summary="s",
            fiscal_year=2025,
            challenge="c",
            actions="a",
            results="r",
        )


def test_a_move_not_in_the_table_is_refused(editor):
    case_study = CaseStudyFactory()  # draft
    with pytest.raises(InvalidTransition):
        services.case_study_publish(case_study=case_study, actor=editor)
    with pytest.raises(InvalidTransition):
        services.case_study_archive(case_study=case_study, actor=editor)


def test_returning_needs_a_reason_and_notifies_the_bureau(
    editor, ishikari_officer, django_capture_on_commit_callbacks
):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    with pytest.raises(ValidationError):
        services.case_study_return(case_study=case_study, actor=editor, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_return(case_study=case_study, actor=editor, reason="成果の数値を追記")
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.DRAFT
    assert mail.outbox[-1].to == [ishikari_officer.email]
    assert "成果の数値を追記" in mail.outbox[-1].body


def test_scheduled_publication_happens_at_its_time(editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    with pytest.raises(ValidationError):
        services.case_study_schedule(
            case_study=case_study, actor=editor, publish_at=timezone.now() - dt.timedelta(1)
        )
    when = timezone.now() + dt.timedelta(hours=2)
    services.case_study_schedule(case_study=case_study, actor=editor, publish_at=when)
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.SCHEDULED
    assert services.case_studies_publish_due() == 0
    assert services.case_studies_publish_due(now=when + dt.timedelta(seconds=1)) == 1
    case_study.refresh_from_db()
    assert case_study.status == Status.PUBLISHED
    assert case_study.published_at == when
    go_live = AuditEvent.objects.for_object(case_study).get(action="go_live")
    assert go_live.actor is None
    assert services.case_studies_publish_due(now=when + dt.timedelta(seconds=2)) == 0


def test_the_beat_publishes_due_case_studies_every_minute(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "casebook.tasks.publish_due_case_studies"
    ]
    assert [entry["schedule"] for entry in entries] == [60.0]


def test_a_due_publication_is_made_by_the_beat_task_not_by_a_request(
    editor, client, django_capture_on_commit_callbacks
):
    from casebook.tasks import publish_due_case_studies

    case_study = CaseStudyFactory(status=Status.REVIEW)
    when = timezone.now() + dt.timedelta(seconds=30)
    services.case_study_schedule(case_study=case_study, actor=editor, publish_at=when)
    CaseStudy.objects.filter(pk=case_study.pk).update(publish_at=timezone.now())
    pagecache.invalidate()
    assert client.get(f"/casebook/cases/{case_study.pk}/").status_code == 404  # GET writes nothing
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due_case_studies() == 1
    response = client.get(f"/casebook/cases/{case_study.pk}/")
    assert response.status_code == 200
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.PUBLISHED


def test_unscheduling_returns_it_to_review(editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    services.case_study_schedule(
        case_study=case_study, actor=editor, publish_at=timezone.now() + dt.timedelta(days=1)
    )
    services.case_study_unschedule(case_study=case_study, actor=editor)
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.REVIEW


def test_archive_and_restore_keep_the_first_publication_date(editor):
    case_study = CaseStudyFactory(published=True)
    published_at = case_study.published_at
    services.case_study_archive(case_study=case_study, actor=editor, reason="情報が古い")
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.ARCHIVED
    services.case_study_restore(case_study=case_study, actor=editor)
    case_study.refresh_from_db()
    assert case_study.status == Status.PUBLISHED
    assert case_study.published_at == published_at


def test_editing_a_published_case_study_keeps_its_url_and_sets_the_change_date(editor):
    case_study = CaseStudyFactory(published=True)
    url = case_study.get_absolute_url()
    case_study.results = "新たに8店舗が開業した。"
    services.case_study_save(case_study=case_study, actor=editor, changed_fields=["results"])
    case_study.refresh_from_db()
    assert case_study.get_absolute_url() == url
    assert case_study.content_updated_at is not None
    assert case_study.status == Status.PUBLISHED
    assert ("edit", "") in events(case_study)
    assert "8店舗" in case_study.search_text


def test_a_save_cannot_change_the_status(ishikari_officer):
    case_study = CaseStudyFactory()
    case_study.status = Status.PUBLISHED  # a tampered form
    services.case_study_save(case_study=case_study, actor=ishikari_officer)
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.DRAFT


def test_bureau_officers_cannot_edit_after_submission(ishikari_officer):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    with pytest.raises(PermissionDenied):
        services.case_study_save(case_study=case_study, actor=ishikari_officer)


def test_editors_are_hq_staff_designated_by_hq(hq_user, ishikari_officer):
    other = UserFactory(hq=True)
    editor_appoint(user=other, actor=hq_user)
    case_study = CaseStudyFactory(status=Status.REVIEW)
    services.case_study_publish(case_study=case_study, actor=other)
    with pytest.raises(ValidationError):
        editor_appoint(user=ishikari_officer, actor=hq_user)
    with pytest.raises(PermissionDenied):
        editor_appoint(user=other, actor=ishikari_officer)
    editor_revoke(editor=other.casebook_editor, actor=hq_user)
    fresh = type(other).objects.get(pk=other.pk)
    second = CaseStudyFactory(status=Status.REVIEW)
    with pytest.raises(PermissionDenied):
        services.case_study_publish(case_study=second, actor=fresh)
