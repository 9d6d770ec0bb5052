import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from portal import pdfsafety
from portal.filechecks import sanitise_filename, validate_upload
from portal.models import Consultation, ConsultationCategory
from portal.services.attachments import attachment_store
from portal.uploads import AttachmentField
from tests.factories import ConsultationFactory

# pypdf writes names as given; these placeholders have the length of the escaped spellings
# they are swapped for afterwards, so the cross-reference offsets stay right.
_ESCAPED = {
    b"/ZZZavaScript": b"/#4AavaScript",  # /JavaScript
    b"/JZZZvaScript": b"/J#61vaScript",  # /JavaScript
    b"/ZZZS": b"/#4AS",  # /JS
    b"/ZZZaunch": b"/#4Caunch",  # /Launch
}


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_name("/" + key): value for key, value in entries.items()})


def _pdf(build=None) -> bytes:
    """A one-page PDF made by pypdf; ``build(writer)`` adds what a test needs."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if build is not None:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    for placeholder, escaped in _ESCAPED.items():
        data = data.replace(placeholder, escaped)
    return data


JS = TextStringObject("app.alert(1)")


def _document_javascript(writer):
    """A script in the document's /Names tree, run when the PDF opens."""
    action = _dict(S=_name("/JavaScript"), JS=JS)
    tree = _dict(Names=ArrayObject([TextStringObject("run"), writer._add_object(action)]))
    writer._root_object[_name("/Names")] = _dict(JavaScript=tree)


PDF = _pdf()


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
    evil = _pdf(_document_javascript)
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


# --- PDFs that could run something when opened ------------------------------------------------


def _open_action(action):
    def build(writer):
        writer._root_object[_name("/OpenAction")] = action

    return build


def _page_entry(key, value):
    def build(writer):
        writer.pages[0][_name(key)] = value

    return build


def _annotation(**entries):
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(50), FloatObject(50)])
    return _page_entry("/Annots", ArrayObject([_dict(Type=_name("/Annot"), Rect=rect, **entries)]))


def _names_tree(key, name, value):
    def build(writer):
        tree = _dict(Names=ArrayObject([TextStringObject(name), writer._add_object(value)]))
        writer._root_object[_name("/Names")] = DictionaryObject({_name(key): tree})

    return build


def _xfa(template: bytes):
    def build(writer):
        stream = DecodedStreamObject()
        stream.set_data(template)
        form = _dict(Fields=ArrayObject(), XFA=writer._add_object(stream))
        writer._root_object[_name("/AcroForm")] = writer._add_object(form)

    return build


XFA_WITH_SCRIPT = (
    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform>'
    b'<event activity="initialize"><script contentType="application/x-javascript">'
    b"app.alert(1)</script></event></subform></template></xdp:xdp>"
)
ACTIVE_PDFS = {
    "document JavaScript": _document_javascript,
    "JavaScript on opening": _open_action(_dict(S=_name("/JavaScript"), JS=JS)),
    "name-escaped /#4AavaScript on opening": _open_action(_dict(S=_name("/ZZZavaScript"), ZZZS=JS)),
    "name-escaped /J#61vaScript names tree": _names_tree(
        "/JZZZvaScript", "run", _dict(S=_name("/JZZZvaScript"), ZZZS=JS)
    ),
    "JavaScript when a page opens (/AA)": _page_entry(
        "/AA", _dict(O=_dict(S=_name("/JavaScript"), JS=JS))
    ),
    "a program launched on opening": _open_action(
        _dict(S=_name("/Launch"), F=TextStringObject("calc.exe"))
    ),
    "name-escaped /#4Caunch when a page opens": _page_entry(
        "/AA", _dict(O=_dict(S=_name("/ZZZaunch"), F=TextStringObject("calc.exe")))
    ),
    "an embedded file": lambda w: w.add_attachment("memo.exe", b"MZ\x90\x00"),
    "a file attachment annotation": _annotation(
        Subtype=_name("/FileAttachment"),
        FS=_dict(Type=_name("/Filespec"), F=TextStringObject("memo.exe")),
    ),
    "rich media (Flash)": _annotation(Subtype=_name("/RichMedia")),
    "an XFA form with a script": _xfa(XFA_WITH_SCRIPT),
    "a javascript: link": _annotation(
        Subtype=_name("/Link"),
        A=_dict(S=_name("/URI"), URI=TextStringObject(" JavaScript:app.alert(1)")),
    ),
}


@pytest.mark.parametrize("build", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_that_could_run_something_is_refused_with_a_clear_message(build):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("申請書.pdf", _pdf(build)))
    assert error.value.code == "pdf_active"
    assert "スクリプトまたは埋め込みファイルが含まれています" in error.value.messages[0]


def test_escaped_names_are_read_as_the_names_they_spell():
    data = _pdf(ACTIVE_PDFS["name-escaped /#4AavaScript on opening"])
    assert b"/#4AavaScript" in data and b"/JavaScript" not in data and b"/JS" not in data


def _pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF 1.5 whose opening action sits compressed in an object stream (4 0 obj), with a
    cross-reference stream: nothing of the action shows in the file's bytes."""
    header = b"4 0 "
    packed = zlib.compress(header + action)
    parts = [b"%PDF-1.5\n"]
    offsets = {}

    def add(number, body):
        offsets[number] = sum(len(p) for p in parts)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>")
    add(2, b"<</Type/Pages/Kids[]/Count 0>>")
    add(
        3,
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    )
    offsets[5] = sum(len(p) for p in parts)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in (1, 2, 3)]
    rows += [b"\x02" + (3).to_bytes(4, "big") + b"\x00\x00"]  # 4 0 obj: 1st in stream 3
    rows += [b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00"]
    table = b"".join(rows)
    parts.append(
        b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    parts.append(b"startxref\n%d\n%%%%EOF\n" % offsets[5])
    return b"".join(parts)


def test_javascript_compressed_in_an_object_stream_is_refused():
    evil = _pdf_with_object_stream(b"<</S/#4AavaScript/#4AS(app.alert\\(1\\))>>")
    assert b"JavaScript" not in evil and b"#4A" not in evil
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("圧縮.pdf", evil))
    assert error.value.code == "pdf_active"


def test_a_compressed_ordinary_pdf_is_accepted():
    ordinary = _pdf_with_object_stream(b"<</S/URI/URI(https://www.pref.hokkaido.lg.jp/)>>")
    assert validate_upload(SimpleUploadedFile("通常.pdf", ordinary)) == "application/pdf"


def test_an_ordinary_pdf_with_links_and_a_plain_form_is_accepted():
    def build(writer):
        writer.add_annotation(
            0, Link(rect=(50, 50, 200, 80), url="https://www.pref.hokkaido.lg.jp/")
        )
        _xfa(b"<xdp:xdp><template><subform><field name='a'/></subform></template></xdp:xdp>")(
            writer
        )
        writer._root_object[_name("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, _name("/Fit")]
        )

    data = _pdf(build)
    assert b"/URI" in data
    assert validate_upload(SimpleUploadedFile("案内.pdf", data)) == "application/pdf"


def test_a_pdf_protected_with_an_empty_password_is_still_checked():
    def encrypt(writer):
        _document_javascript(writer)
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")

    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("保護.pdf", _pdf(encrypt)))
    assert error.value.code == "pdf_active"
    plain = _pdf(lambda w: w.encrypt(user_password="", owner_password="o", algorithm="AES-256"))
    assert validate_upload(SimpleUploadedFile("保護.pdf", plain)) == "application/pdf"


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    locked = _pdf(lambda w: w.encrypt(user_password="secret", algorithm="AES-256"))
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("鍵付き.pdf", locked))
    assert error.value.code == "pdf_encrypted"
    assert "鍵付き.pdf" in error.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no cross-reference at all
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n",
        b"%PDF-1.7\n" + b"\x00\xff" * 500,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/X " + b"[" * 50000 + b"]" * 50000 + b">>endobj\n"
        b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
    ],
    ids=["no xref", "no catalog", "garbage", "nested 50000 deep"],
)
def test_a_pdf_that_cannot_be_read_is_refused_with_advice(data):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("壊れた.pdf", data))
    assert error.value.code == "pdf_unreadable"
    assert "壊れた.pdf" in error.value.messages[0]


def test_the_check_is_bounded_for_huge_or_looping_pdfs(monkeypatch):
    def many_pages(writer):
        for _ in range(60):
            writer.add_blank_page(595, 842)
        # Objects that refer to each other in a loop are visited once.
        first = writer._add_object(DictionaryObject())
        second = writer._add_object(_dict(Next=first))
        first.get_object()[_name("/Next")] = second
        writer._root_object[_name("/Loop")] = first

    data = _pdf(many_pages)
    assert validate_upload(SimpleUploadedFile("大きい.pdf", data)) == "application/pdf"
    monkeypatch.setattr(pdfsafety, "PDF_MAX_OBJECTS", 50)
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("大きい.pdf", data))
    assert error.value.code == "pdf_too_complex"
    assert "大きい.pdf" in error.value.messages[0]


def test_the_check_gives_up_after_its_time_budget(monkeypatch):
    monkeypatch.setattr(pdfsafety, "PDF_MAX_SECONDS", -1)
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("大きい.pdf", PDF))
    assert error.value.code == "pdf_too_complex"


def test_hostile_repetitions_are_checked_in_linear_time():
    import time

    for fragment in (b"/OpenAction<<", b" stream\n", b"/a#4"):
        data = b"%PDF-1.4\n" + fragment * (2_000_000 // len(fragment))
        started = time.monotonic()
        with pytest.raises(ValidationError):
            validate_upload(SimpleUploadedFile("反復.pdf", data))
        assert time.monotonic() - started < 5, fragment


@pytest.mark.django_db
def test_a_refused_pdf_shows_the_reason_and_keeps_the_typed_question(client, sapporo_staff):
    client.force_login(sapporo_staff)
    category = ConsultationCategory.objects.get(code="general")
    evil = _pdf(ACTIVE_PDFS["name-escaped /#4AavaScript on opening"])
    response = client.post(
        reverse("portal:consultation_create"),
        {
            "category": category.pk,
            "subject": "件名はここ",
            "question": "質問の本文はここ",
            "attachments": [SimpleUploadedFile("資料.pdf", evil)],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="件名はここ"' in html and "質問の本文はここ" in html
    assert "スクリプトまたは埋め込みファイルが含まれています" in html
    assert Consultation.objects.count() == 0


def test_binary_stream_data_that_happens_to_spell_js_is_not_mistaken_for_a_script():
    def image_like(writer):
        stream = DecodedStreamObject()
        stream.set_data(b"\x89\x00/JS\x00/JavaScript\x00/Launch " * 100)
        writer.pages[0][_name("/PieceInfo")] = writer._add_object(stream)

    data = _pdf(image_like)
    assert b"/JS\x00" in data
    assert validate_upload(SimpleUploadedFile("写真入り.pdf", data)) == "application/pdf"


def test_a_script_in_an_object_no_cross_reference_lists_is_still_refused():
    # Readers that repair a file may pick up such an object; the bytes are checked too.
    orphan = b"99 0 obj\n<</S/#4AavaScript/#4AS(app.alert\\(1\\))>>\nendobj\n"
    data = PDF + orphan
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("隠し.pdf", data))
    assert error.value.code == "pdf_active"
