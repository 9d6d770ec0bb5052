"""Photos: location data stripped on upload, renditions made by a task and served with
srcset, alt text required unless decorative, drafts' photos not public."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image

from casebook.models import Photo
from casebook.services.photos import photo_add, photo_make_renditions
from tests.casebook.factories import CaseStudyFactory, jpeg

pytestmark = pytest.mark.django_db


def open_image(file) -> Image.Image:
    with file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_exif_and_gps_are_removed_from_the_stored_image(editor, django_capture_on_commit_callbacks):
    upload = jpeg(gps=True)
    assert Image.open(io.BytesIO(upload.read())).getexif().get(0x8825)
    upload.seek(0)
    case_study = CaseStudyFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_add(upload=upload, actor=editor, case_study=case_study, alt="商店街の様子")
    original = open_image(photo.original)
    assert not original.getexif()
    assert "exif" not in original.info
    photo.refresh_from_db()
    for name in photo.renditions.values():
        with default_storage.open(name, "rb") as handle:
            rendition = Image.open(handle)
            rendition.load()
        assert not rendition.getexif()


def test_renditions_are_made_once_at_widths_never_enlarged(
    editor, django_capture_on_commit_callbacks
):
    case_study = CaseStudyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        big = photo_add(upload=jpeg(1600, 1000), actor=editor, case_study=case_study, alt="大")
        small = photo_add(upload=jpeg(500, 300), actor=editor, case_study=case_study, alt="小")
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.widths == [320, 640, 960, 1280]
    assert small.widths == [320, 500]
    with default_storage.open(big.renditions["640"], "rb") as handle:
        assert Image.open(handle).size == (640, 400)
    assert photo_make_renditions(photo_id=big.pk) is False  # already made


def test_the_page_serves_the_photo_with_srcset_and_alt(
    client, editor, django_capture_on_commit_callbacks
):
    case_study = CaseStudyFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_add(
            upload=jpeg(), actor=editor, case_study=case_study, alt="雪の商店街", caption="冬の催し"
        )
    photo.refresh_from_db()
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert f'srcset="{photo.url(320)} 320w, {photo.url(640)} 640w' in html
    assert 'alt="雪の商店街"' in html
    assert "冬の催し" in html
    response = client.get(photo.url(640))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("public")
    assert client.get(photo.url(640), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(photo.url(777)).status_code == 404


def test_a_decorative_photo_has_an_empty_alt(client, editor, django_capture_on_commit_callbacks):
    case_study = CaseStudyFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        photo_add(upload=jpeg(), actor=editor, case_study=case_study, decorative=True)
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert 'alt=""' in html


def test_alt_text_is_required_unless_decorative(editor):
    case_study = CaseStudyFactory()
    with pytest.raises(ValidationError):
        photo_add(upload=jpeg(), actor=editor, case_study=case_study, alt="  ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(case_study=case_study, alt="", decorative=False)


def test_only_images_are_accepted(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with pytest.raises(ValidationError):
        photo_add(upload=pdf, actor=editor, case_study=CaseStudyFactory(), alt="x")


def test_only_those_who_may_edit_add_photos(oshima_officer):
    with pytest.raises(PermissionDenied):
        photo_add(upload=jpeg(), actor=oshima_officer, case_study=CaseStudyFactory(), alt="x")


def test_a_drafts_photo_is_404_to_the_public_and_other_bureaus(
    client, editor, oshima_officer, ishikari_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_add(upload=jpeg(), actor=editor, case_study=CaseStudyFactory(), alt="x")
    photo.refresh_from_db()
    assert client.get(photo.url(320)).status_code == 404
    client.force_login(oshima_officer)
    assert client.get(photo.url(320)).status_code == 404
    client.force_login(ishikari_officer)
    response = client.get(photo.url(320))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
