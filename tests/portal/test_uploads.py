import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.services.attachments import attachment_store
from portal.uploads import AttachmentField, sanitise_filename, validate_upload
from tests.factories import ConsultationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png(width=10, height=10) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_pdf_is_accepted_by_its_content():
    assert validate_upload(SimpleUploadedFile("doc.pdf", PDF)) == "application/pdf"


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03\x00" + b"\x00" * 100))
    assert error.value.code == "type"


def test_a_pdf_with_javascript_is_refused():
    evil = PDF.replace(b"<<>>", b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>")
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("form.pdf", evil))
    assert error.value.code == "pdf_active"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("empty.pdf", b""))
    assert error.value.code == "empty"


def test_an_oversize_file_is_refused_with_the_limit_in_the_message(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert error.value.code == "too_large"
    assert "1.0" in str(error.value.messages[0])


def test_an_image_bomb_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("huge.png", _png(10000, 6000)))
    assert error.value.code == "image_too_large"


def test_images_office_and_csv_are_accepted():
    assert validate_upload(SimpleUploadedFile("photo.png", _png())) == "image/png"
    assert (
        validate_upload(SimpleUploadedFile("list.csv", "市町村,金額\n札幌市,100\n".encode("cp932")))
        == "text/csv"
    )


def test_text_with_a_csv_name_but_binary_content_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("list.csv", b"\x00\x01\x02binary"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32.ini", "system32.ini"),
        ("事業計画書（案）.pdf", "事業計画書(案).pdf"),
        ("a\x00b<>:?.pdf", "a_b____.pdf"),
        (".htaccess", "htaccess"),
        ("", "file"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert sanitise_filename(name) == expected


@pytest.mark.django_db
def test_files_are_stored_privately_under_our_own_name(settings, sapporo_staff):
    from pathlib import Path

    consultation = ConsultationFactory(asker=sapporo_staff)
    attachment = attachment_store(
        upload=SimpleUploadedFile("../../../../tmp/evil.pdf", PDF),
        owner=consultation,
        uploaded_by=sapporo_staff,
    )
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    stored = Path(attachment.file.path).resolve()
    assert root in stored.parents
    assert stored.name == attachment.id.hex
    assert attachment.original_name == "evil.pdf"
    assert len(attachment.sha256) == 64
    with pytest.raises(ValueError, match="no URL"):
        _ = attachment.file.url


def test_the_field_reports_every_bad_file():
    field = AttachmentField(required=False)
    with pytest.raises(ValidationError) as error:
        field.clean([SimpleUploadedFile("a.pdf", b"nope"), SimpleUploadedFile("b.pdf", b"")])
    assert len(error.value.error_list) == 2
    assert field.clean([]) == []
