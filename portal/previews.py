"""Preview → confirm → number: the draft (案) of a numbered document, shown before the act.

An action that issues a numbered document declares ``preview_document``; its step page then
offers 「案を確認する」, which sends the values typed on the form to the step's preview URL
(the step's own URL + ``preview/``) and opens the draft PDF in a new tab. The step page is
never left, so nothing typed is lost, and the values travel in a POST (with the CSRF token),
not in a URL that access logs and browser history would keep. The final submit requires the
box 「内容を確認しました」. The preview draws no number, stores no document and sends nothing.
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .services.documents import document_draft_pdf

PREVIEW_INVALID_TEMPLATE = "admin/portal/action_preview_invalid.html"


class PreviewConfirmForm(forms.Form):
    """The box that must be ticked before a numbered document is issued."""

    confirmed = forms.BooleanField(
        label=_("I have checked the contents"),
        help_text=_(
            "Check the draft (案) first: the document number is drawn and the document sent "
            "only when you submit."
        ),
        error_messages={"required": _("Check the draft and tick the box to confirm its contents.")},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, prefix="preview", **kwargs)


def draft_response(pdf: bytes, title: str) -> HttpResponse:
    """The draft PDF inline (it is read, not filed), never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def preview_page(request, *, action, obj, target=None, form_kwargs: dict | None = None):
    """The draft of ``action``'s document for ``obj`` and the values sent (POST from the
    step page, or GET). The caller has checked scope and availability.

    Values the form refuses give a short page listing what to correct on the step page."""
    data = request.POST if request.method == "POST" else request.GET
    form = None
    if action.form is not None:
        form = action.form(data, None, **(form_kwargs or {}))
        if not form.is_valid():
            return TemplateResponse(
                request,
                PREVIEW_INVALID_TEMPLATE,
                {"form": form, "title": action.title},
                status=400,
            )
    draft = action.preview_document(request, obj, form, target)
    return draft_response(document_draft_pdf(draft), draft.title)
