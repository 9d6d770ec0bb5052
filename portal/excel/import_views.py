"""The admin pages of an Excel import: upload → preview with each row's errors → confirm.

The uploaded workbook is kept in private storage between the preview and the confirmation,
named by a signed token bound to the officer and the list; the confirmation reads that file
again and checks every row again (never anything the browser sends back), so a stale or
forged page cannot save rows that were not checked. The file stays until the rows are saved,
so an error never makes the officer upload it again to see it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import imports
from .workbooks import Sheet, xlsx_response

SALT = "portal.excel-import"
TOKEN_MAX_AGE = 6 * 60 * 60
FOLDER = "excel-imports"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("The first sheet is read; its first row holds the headers."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _label(model_admin) -> str:
    return model_admin.model._meta.label_lower


def _url(model_admin, name: str) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}")


def _render(model_admin, request, template: str, context: dict) -> TemplateResponse:
    opts = model_admin.opts
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import %(name)s from Excel") % {"name": opts.verbose_name_plural},
            "changelist_url": _url(model_admin, "changelist"),
            "template_url": _url(model_admin, "excel_template"),
            "upload_url": _url(model_admin, "excel_import"),
            "max_rows": imports.MAX_ROWS,
            "max_mb": imports.MAX_BYTES // 1024 // 1024,
            **context,
        },
    )


def template(model_admin, request, importer):
    """An empty workbook with the expected headers and one example row."""
    headers = importer.headers()
    return xlsx_response(
        importer.filename, [Sheet(_("Template"), headers, imports.template_rows(importer))]
    )


def upload(model_admin, request, importer):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            if upload_file.size > imports.MAX_BYTES:
                raise imports.ImportFileError(
                    _("The file is too large: at most %(size)s MB.")
                    % {"size": imports.MAX_BYTES // 1024 // 1024}
                )
            content = upload_file.read()
            imports.read_rows(importer, content)
        except imports.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            _sweep_stale()
            name = storages["private"].save(
                f"{FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(content)
            )
            token = signing.dumps(
                {"file": name, "user": request.user.pk, "model": _label(model_admin)}, salt=SALT
            )
            return HttpResponseRedirect(f"{_url(model_admin, 'excel_preview')}?token={token}")
    return _render(
        model_admin, request, "admin/portal/excel_import.html", {"form": form, "step": "upload"}
    )


def _sweep_stale() -> None:
    """Forget uploads whose token has expired (previews nobody confirmed). Best effort: a
    storage that cannot list or date its files keeps them for the operator to clear."""
    storage = storages["private"]
    cutoff = timezone.now() - dt.timedelta(seconds=TOKEN_MAX_AGE)
    try:
        _folders, names = storage.listdir(FOLDER)
        for name in names:
            path = f"{FOLDER}/{name}"
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
    except (OSError, NotImplementedError):
        return


def _stored_file(model_admin, request, token: str) -> tuple[str, bytes] | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("user") != request.user.pk or data.get("model") != _label(model_admin):
        return None
    name = str(data.get("file", ""))
    if not name.startswith(f"{FOLDER}/"):
        return None
    storage = storages["private"]
    try:
        with storage.open(name) as handle:
            return name, handle.read()
    except OSError:
        return None


def preview(model_admin, request, importer):
    """GET: the rows with their errors. POST: check again and save them all, or none."""
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    stored = _stored_file(model_admin, request, token or "")
    if stored is None:
        messages.error(
            request, _("The uploaded file is no longer available: upload it again, please.")
        )
        return HttpResponseRedirect(_url(model_admin, "excel_import"))
    name, content = stored
    try:
        if request.method == "POST":
            result, saved = imports.run_import(importer, content, actor=request.user)
        else:
            result, saved = imports.preview(importer, content, actor=request.user), 0
    except imports.ImportFileError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(_url(model_admin, "excel_import"))
    if saved:
        storages["private"].delete(name)
        messages.success(
            request, _("%(count)s rows were imported from the Excel file.") % {"count": saved}
        )
        return HttpResponseRedirect(_url(model_admin, "changelist"))
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the rows below and upload again."))
    return _render(
        model_admin,
        request,
        "admin/portal/excel_import.html",
        {"form": UploadForm(), "step": "preview", "preview": result, "token": token},
    )
