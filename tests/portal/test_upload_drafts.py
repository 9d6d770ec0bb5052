"""Uploads kept on a validation error: the files that pass are stored at once as drafts,
listed on the page that comes back and attached when the form is finally sent; the files
that fail are named with the reason. The consultation form stands for every form with a
file field (they all use the kernel's field and ``keep_uploads``)."""

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import Attachment, Consultation, ConsultationCategory
from portal.services.attachments import (
    DraftOwner,
    attachment_draft_store,
    attachment_store,
    attachments_of,
)
from portal.tasks import purge_expired_upload_drafts
from tests.browser_forms import says
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00binary"
NEW = reverse("portal:consultation_create")


def text(response) -> str:
    page = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def kept_token(response, name="attachments") -> str:
    [token] = re.findall(rf'name="{name}__kept"\s+value="([^"]+)"', response.content.decode())
    return unescape(token)


def question(**extra):
    category = ConsultationCategory.objects.get(code="general")
    return {"category": category.pk, "subject": "件名", "question": "質問の本文", **extra}


def four_good_and_an_exe():
    return [SimpleUploadedFile(f"資料{i}.pdf", PDF) for i in range(1, 5)] + [
        SimpleUploadedFile("setup.exe", EXE)
    ]


@pytest.fixture
def asker(client, sapporo_staff):
    client.force_login(sapporo_staff)
    return client


def test_four_good_files_are_kept_and_the_exe_is_named_with_its_reason(asker):
    response = asker.post(NEW, question(attachments=four_good_and_an_exe()))
    assert response.status_code == 200
    page = text(response)
    assert says(page, "保存済みのファイル", "Files already saved")
    for i in range(1, 5):
        assert re.search(rf"資料{i}\.pdf （{len(PDF)}\s?(バイト|bytes)）", page), page
    line = (
        "次のファイルはもう一度選んでください：setup.exe（受け付けていない種類のファイルです）",
        "Choose this file again: setup.exe (it is not a type we accept)",
    )
    # In the error summary at the top and again beside the field.
    assert page.count(line[0]) + page.count(line[1]) == 2
    assert Consultation.objects.count() == 0
    assert Attachment.objects.filter(draft_expires_at__isnull=False).count() == 4
    # What was typed is there too.
    assert 'value="件名"' in response.content.decode()


def test_sending_again_without_the_exe_attaches_the_four_without_choosing_them_again(asker):
    response = asker.post(NEW, question(attachments=four_good_and_an_exe()))
    response = asker.post(NEW, question(attachments__kept=kept_token(response)))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert sorted(a.original_name for a in attachments_of(consultation)) == [
        "資料1.pdf",
        "資料2.pdf",
        "資料3.pdf",
        "資料4.pdf",
    ]
    assert not Attachment.objects.filter(draft_expires_at__isnull=False).exists()
    page = text(asker.get(reverse("portal:consultation_detail", args=[consultation.pk])))
    assert "資料4.pdf" in page


def test_a_new_file_adds_to_the_kept_ones_and_a_ticked_one_is_left_out(asker):
    first = asker.post(
        NEW,
        question(
            subject="",
            attachments=[SimpleUploadedFile("残す.pdf", PDF), SimpleUploadedFile("外す.pdf", PDF)],
        ),
    )
    assert first.status_code == 200
    left_out = Attachment.objects.get(original_name="外す.pdf")
    response = asker.post(
        NEW,
        question(
            attachments__kept=kept_token(first),
            attachments__discard=[str(left_out.pk)],
            attachments=[SimpleUploadedFile("追加.pdf", PDF)],
        ),
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert {a.original_name for a in attachments_of(consultation)} == {"残す.pdf", "追加.pdf"}
    assert not Attachment.objects.filter(pk=left_out.pk).exists()


def test_another_error_keeps_the_chosen_file(asker):
    response = asker.post(
        NEW, question(question="", attachments=[SimpleUploadedFile("概要.pdf", PDF)])
    )
    assert response.status_code == 200
    page = text(response)
    assert "概要.pdf" in page and says(page, "保存済みのファイル", "Files already saved")
    response = asker.post(NEW, question(attachments__kept=kept_token(response)))
    assert response.status_code == 302
    assert attachments_of(Consultation.objects.get()).get().original_name == "概要.pdf"


def test_someone_elses_kept_files_are_refused(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.post(
        NEW, question(subject="", attachments=[SimpleUploadedFile("他人.pdf", PDF)])
    )
    token = kept_token(response)
    other = UserFactory(sapporo=True)
    client.force_login(other)
    response = client.post(NEW, question(attachments__kept=token))
    assert response.status_code == 200
    assert says(
        text(response),
        "以前に保存したファイルを使用できませんでした",
        "The files saved earlier could not be used",
    )
    assert Consultation.objects.count() == 0
    draft = Attachment.objects.get()
    assert draft.is_draft and draft.uploaded_by == sapporo_staff


def test_a_forged_draft_id_is_refused(asker, sapporo_staff):
    other_draft = attachment_draft_store(
        upload=SimpleUploadedFile("他人.pdf", PDF), owner=DraftOwner(user=UserFactory())
    )
    response = asker.post(NEW, question(attachments__kept=str(other_draft.pk)))
    assert response.status_code == 200
    assert says(
        text(response),
        "以前に保存したファイルを使用できませんでした",
        "The files saved earlier could not be used",
    )
    assert Consultation.objects.count() == 0
    assert Attachment.objects.get().is_draft


def test_the_service_checks_whose_draft_it_attaches(sapporo_staff):
    draft = attachment_draft_store(
        upload=SimpleUploadedFile("他人.pdf", PDF), owner=DraftOwner(user=UserFactory())
    )
    consultation = ConsultationFactory(asker=sapporo_staff)
    with pytest.raises(PermissionDenied):
        attachment_store(upload=draft, owner=consultation, uploaded_by=sapporo_staff)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_kept_file_that_has_expired_is_named_to_choose_again(asker):
    response = asker.post(
        NEW, question(subject="", attachments=[SimpleUploadedFile("古い.pdf", PDF)])
    )
    Attachment.objects.update(draft_expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = asker.post(NEW, question(attachments__kept=kept_token(response)))
    assert response.status_code == 200
    assert says(
        text(response),
        "次のファイルはもう一度選んでください：古い.pdf",
        "Choose this file again: 古い.pdf",
    )
    assert Consultation.objects.count() == 0


def test_expired_drafts_are_deleted_by_the_task_and_running_it_twice_is_safe(
    sapporo_staff, django_capture_on_commit_callbacks
):
    owner = DraftOwner(user=sapporo_staff)
    old = attachment_draft_store(upload=SimpleUploadedFile("古い.pdf", PDF), owner=owner)
    fresh = attachment_draft_store(upload=SimpleUploadedFile("新しい.pdf", PDF), owner=owner)
    attached = attachment_store(
        upload=SimpleUploadedFile("添付済み.pdf", PDF),
        owner=ConsultationFactory(asker=sapporo_staff),
        uploaded_by=sapporo_staff,
    )
    path = Path(old.file.path)
    assert path.exists()
    Attachment.objects.filter(pk=old.pk).update(
        draft_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_upload_drafts.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_upload_drafts.delay().get() == 0
    assert not path.exists()
    assert set(Attachment.objects.values_list("pk", flat=True)) == {fresh.pk, attached.pk}


def test_nobody_else_can_download_a_draft(client, sapporo_staff, ishikari_officer):
    draft = attachment_draft_store(
        upload=SimpleUploadedFile("下書き.pdf", PDF), owner=DraftOwner(user=sapporo_staff)
    )
    url = reverse("portal:attachment_download", args=[draft.pk])
    for user in (UserFactory(sapporo=True), ishikari_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_a_required_file_field_is_satisfied_by_kept_files(sapporo_staff):
    from django import forms

    from portal.uploads import AttachmentField

    class Form(forms.Form):
        title = forms.CharField()
        files = AttachmentField()

    class Request:
        user = sapporo_staff
        FILES = {}

    from portal.uploads import keep_uploads

    form = keep_uploads(
        Form({"title": ""}, {"files": SimpleUploadedFile("必須.pdf", PDF)}), Request()
    )
    assert not form.is_valid()
    assert "files" not in form.errors
    token = form.fields["files"].widget.token
    again = keep_uploads(Form({"title": "題", "files__kept": token}, {}), Request())
    assert again.is_valid(), again.errors
    assert [a.original_name for a in again.cleaned_data["files"]] == ["必須.pdf"]


def test_a_visitors_kept_files_belong_to_their_session(sapporo_staff):
    """Forms open to people without an account keep files for the visitor's session."""
    from django import forms
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    from portal.uploads import AttachmentField, keep_uploads

    class Form(forms.Form):
        title = forms.CharField()
        files = AttachmentField(required=False)

    class Visit:
        def __init__(self, session, files=None):
            self.user = AnonymousUser()
            self.session = session
            self.FILES = files or {}

    chosen = {"files": SimpleUploadedFile("案内.pdf", PDF)}
    session = SessionStore()
    first = keep_uploads(Form({"title": ""}, chosen), Visit(session, chosen))
    assert not first.is_valid()
    token = first.fields["files"].widget.token
    draft = Attachment.objects.get()
    assert draft.is_draft and draft.uploaded_by is None
    assert draft.draft_session_key == session.session_key
    # Another visitor (another session) cannot take them.
    stranger = keep_uploads(Form({"title": "題", "files__kept": token}, {}), Visit(SessionStore()))
    assert not stranger.is_valid()
    assert [e.code for e in stranger.errors.as_data()["files"]] == ["drafts_refused"]
    # The same visitor sends the form: the draft is attached.
    again = keep_uploads(Form({"title": "題", "files__kept": token}, {}), Visit(session))
    assert again.is_valid(), again.errors
    consultation = ConsultationFactory(asker=sapporo_staff)
    [kept] = again.cleaned_data["files"]
    attachment_store(upload=kept, owner=consultation)
    assert attachments_of(consultation).get().original_name == "案内.pdf"
    assert not Attachment.objects.filter(draft_expires_at__isnull=False).exists()


def test_an_empty_file_box_leaves_an_extra_inline_form_unchanged():
    # Admin inlines skip their empty extra forms only while they count as unchanged.
    from portal.uploads import AttachmentField, SubmittedUploads

    field = AttachmentField(multiple=False, required=False)
    assert not field.has_changed(None, SubmittedUploads())
    assert field.has_changed(None, SubmittedUploads([SimpleUploadedFile("a.pdf", PDF)]))
