"""One upload field for the whole portal, which keeps the files that pass.

Each file is checked by ``portal.filechecks`` (size, type by content, sanitised name) and
stored privately by ``services.attachments``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .filechecks import sanitise_filename, validate_upload
from .services.attachments import (
    DRAFT_LIFETIME,
    DraftOwner,
    attachment_draft_store,
    attachment_drafts_discard,
    attachment_drafts_of,
)

# --- Kept uploads: one mechanism for every form with a file field ----------------------------
#
# Browsers never fill a file input again, so a form that comes back with an error used to
# lose every file chosen. Now each file that passes the checks is stored at once as a draft
# (``services.attachments``); the page lists the kept files and carries their ids, signed
# for their owner, in a hidden input; the files that failed are named with the reason. When
# the form is sent, the field's cleaned value holds the drafts, and ``attachment_store``
# attaches them to the new object like fresh uploads.

_DRAFTS_SALT = "portal.uploads.drafts"

# A short reason per refusal, for the line that names the file to choose again. Messages
# that do not name the file are used as they are.
_REFUSAL_REASONS = {
    "type": _("it is not a type we accept"),
    "empty": _("the file is empty"),
    "too_large": _("it is %(size)s; files may be at most %(limit)s"),
    "pdf_encrypted": _("the PDF is protected by a password; save it again without the password"),
    "pdf_too_complex": _(
        "the PDF is too complex to be checked; save it again from the original software, "
        "for example by printing it to PDF"
    ),
    "pdf_unreadable": _("the PDF could not be read; save it again from the original software"),
    "max_length": _("the file name is too long"),
}


class SubmittedUploads(list):
    """The files chosen in one file input, with the kept drafts the form carried."""

    def __init__(self, files=(), *, token: str = "", discard=()):
        super().__init__(f for f in files if f)
        self.token = token
        self.discard = list(discard)


class AttachmentInput(forms.FileInput):
    """A file input that also lists the files kept from the previous attempt, each with a
    box to leave it out, and carries their signed ids."""

    template_name = "portal/forms/widgets/attachment_input.html"

    def __init__(self, attrs=None, *, multiple: bool = True):
        self.allow_multiple_selected = multiple
        self.kept: list = []
        self.token = ""
        super().__init__(attrs)

    @staticmethod
    def kept_name(name: str) -> str:
        return f"{name}__kept"

    @staticmethod
    def discard_name(name: str) -> str:
        return f"{name}__discard"

    def value_from_datadict(self, data, files, name):
        if hasattr(files, "getlist"):
            chosen = files.getlist(name)
        else:  # a plain dict, as tests and scripts pass
            value = files.get(name)
            chosen = list(value) if isinstance(value, list | tuple) else [value]
        if not self.allow_multiple_selected:
            chosen = chosen[-1:]
        discard = data.getlist(self.discard_name(name)) if hasattr(data, "getlist") else []
        return SubmittedUploads(chosen, token=data.get(self.kept_name(name), ""), discard=discard)

    def value_omitted_from_data(self, data, files, name):
        return name not in files and self.kept_name(name) not in data

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and not self.kept

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if self.kept and widget_attrs.get("id"):
            described = f"{widget_attrs.get('aria-describedby', '')} {widget_attrs['id']}_kept"
            widget_attrs["aria-describedby"] = described.strip()
        context["widget"].update(
            {
                "kept": self.kept,
                "token": self.token,
                "kept_name": self.kept_name(name),
                "discard_name": self.discard_name(name),
            }
        )
        return context


def _choose_again(name: str, reason) -> ValidationError:
    return ValidationError(
        _("Choose this file again: %(name)s (%(reason)s)"),
        code="choose_again",
        params={"name": name, "reason": reason},
    )


def _refusal(upload, error: ValidationError) -> ValidationError:
    """One line naming the refused file and why, whatever check refused it."""
    name = sanitise_filename(getattr(upload, "name", "") or "")
    reasons = []
    for item in error.error_list:
        if item.code in _REFUSAL_REASONS:
            reason = str(_REFUSAL_REASONS[item.code])
            if item.code == "too_large":
                reason %= {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES),
                }
        else:
            reason = " ".join(ValidationError([item]).messages)
        if reason not in reasons:
            reasons.append(reason)
    return _choose_again(name, " ".join(reasons))


class AttachmentField(forms.FileField):
    """A file field validated by content. With ``multiple=True`` it takes several files.

    Cleaned value: a list of ``UploadedFile`` with ``.sniffed_type`` set or, once the view
    has called ``keep_uploads(form, request)``, of draft ``Attachment``s; the services'
    ``attachment_store`` takes either. Every file that fails is named with its reason.
    """

    def __init__(self, *, multiple: bool = True, **kwargs):
        self.multiple = multiple
        self.draft_owner = None  # set per form by keep_uploads()
        kwargs.setdefault("widget", AttachmentInput(multiple=multiple))
        kwargs.setdefault(
            "help_text",
            _("PDF, images, Office documents or CSV; up to %(limit)s each.")
            % {"limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES)},
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        errors, accepted = [], []
        kept = []
        if self.draft_owner is not None:
            kept, kept_errors = self._kept_drafts(
                getattr(data, "token", ""), getattr(data, "discard", ())
            )
            errors.extend(kept_errors)
        for upload in files:
            try:
                super().clean(upload, initial)
                upload.sniffed_type = validate_upload(upload)
                accepted.append(upload)
            except ValidationError as error:
                errors.append(_refusal(upload, error))
        if self.draft_owner is not None:
            kept = self._keep(kept, accepted)
            accepted = []
        if errors:
            raise ValidationError(errors)
        cleaned = kept + accepted
        if not cleaned and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned

    def has_changed(self, initial, data):
        # An empty extra form of a formset (an admin inline) must stay "unchanged".
        return not self.disabled and bool(data or getattr(data, "token", ""))

    def _keep(self, kept: list, accepted: list) -> list:
        """Store the files that passed as drafts; remember what to show and carry."""
        if accepted and not self.multiple and kept:
            # One file per box: a new choice replaces the one kept before.
            attachment_drafts_discard(owner=self.draft_owner, ids=[a.pk for a in kept])
            kept = []
        kept = kept + [attachment_draft_store(upload=u, owner=self.draft_owner) for u in accepted]
        self.widget.kept = kept
        self.widget.token = (
            signing.dumps(
                [[str(a.pk), a.original_name] for a in kept],
                salt=f"{_DRAFTS_SALT}:{self.draft_owner.key}",
                compress=True,
            )
            if kept
            else ""
        )
        return kept

    def _kept_drafts(self, token: str, discard) -> tuple[list, list]:
        """The drafts the form carried, minus those ticked to leave out; a line for each
        that is gone. A token not signed for this user (or session) is refused whole."""
        if not token:
            return [], []
        try:
            entries = signing.loads(token, salt=f"{_DRAFTS_SALT}:{self.draft_owner.key}")
            entries = [(str(pk), str(name)) for pk, name in entries]
        except (signing.BadSignature, TypeError, ValueError):
            return [], [
                ValidationError(
                    _("The files saved earlier could not be used. Choose them again."),
                    code="drafts_refused",
                )
            ]
        left_out = {str(pk) for pk in discard} & {pk for pk, _name in entries}
        if left_out:
            attachment_drafts_discard(owner=self.draft_owner, ids=left_out)
        wanted = [(pk, name) for pk, name in entries if pk not in left_out]
        kept = attachment_drafts_of(owner=self.draft_owner, ids=[pk for pk, _name in wanted])
        found = {str(a.pk) for a in kept}
        hours = int(DRAFT_LIFETIME.total_seconds() // 3600)
        gone = _(
            "the saved copy is no longer available; saved files are kept for %(hours)s hours"
        ) % {"hours": hours}
        errors = [_choose_again(name, gone) for pk, name in wanted if pk not in found]
        return kept, errors


def keep_uploads(form, request):
    """Let the form's file fields keep the files that pass as drafts of this user (or of
    this visitor's session) when the form comes back with errors. Call it in the view
    right after making the form; returns the form."""
    fields = [f for f in form.fields.values() if isinstance(f, AttachmentField)]
    if not fields:
        return form
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        owner = DraftOwner(user=user)
    else:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is None and request.FILES:
            session.save()  # a visitor's first upload: their drafts need a session
        owner = DraftOwner(session_key=(session.session_key or "") if session else "")
    for field in fields:
        field.draft_owner = owner
    return form


def kept_uploads(form, name: str) -> list:
    """The drafts a validated form's file field kept, even if the form has errors: for a
    form that holds nothing but files, where the good ones can be attached at once."""
    return list(getattr(form.fields[name].widget, "kept", []))
