"""The task list's sections (fields, budget, attachments), kept as drafts on every POST, and
the check-your-answers page that submits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.actions import add_service_errors, error_text, run_action
from portal.concurrency import StaleVersion
from portal.kessai import run_or_draft
from portal.services.attachments import attachments_of
from portal.tasklist import STATUS_LABELS, draft_of, typed_values
from portal.uploads import keep_uploads
from portal.workflow import InvalidTransition

from ...forms.applications import SECTION_FORMS, AttachmentsForm, SubmitForm
from ...kessai import SUBMIT_ACTION
from ...models.applications import SECTIONS, Status
from ...selectors.applications import application_readiness
from ...services import applications as services
from .budget import budget_section
from .common import (
    REFUSED,
    content_of,
    editable_or_refusal,
    get_application,
    keep_draft,
    refuse,
    saved,
    section_page,
    to_detail,
)

# --- Sections -------------------------------------------------------------------------------


@login_required
def application_section(request, pk, section):
    """One section of the task list. Every POST saves on the server: valid input through
    the section's service, anything else as a kept draft that comes back when the page is
    opened again."""
    application = get_application(request, pk)
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    refusal = editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    if spec.key == "budget":
        return budget_section(request, application, spec)
    if spec.key == "attachments":
        return _attachments_section(request, application, spec)
    return _fields_section(request, application, spec)


def _fields_section(request, application, spec):
    form_class = SECTION_FORMS[spec.key]
    draft = draft_of(application, spec.key)
    if request.method == "POST":
        form = form_class(request.POST, application=application)
        if form.is_valid():
            try:
                services.application_save_section(
                    application=application,
                    actor=request.user,
                    section=spec.key,
                    data=form.cleaned_data,
                    version=form.base_version,
                )
            except StaleVersion:
                # Someone saved this section since the page was opened: say what changed,
                # keep what was typed (here and as a draft), carry the current version.
                current = get_application(request, application.pk)
                form.refuse_stale(
                    version=current.section_version(spec.key),
                    values=form_class.initial_for(current),
                )
            except ValidationError as error:
                # A dict names the field (e.g. end_date); a list goes to the top.
                add_service_errors(form, error)
            except (PermissionDenied, InvalidTransition) as error:
                return refuse(request, application, error_text(error, REFUSED))
            else:
                return saved(request, application, spec)
        keep_draft(request, application, spec.key, typed_values(request.POST, form))
    elif draft is not None:
        # Bring back what was typed last time, with its errors.
        form = form_class(draft, application=application)
        form.is_valid()
    else:
        initial = form_class.initial_for(application)
        form = form_class(initial=initial, application=application)
        form.stamp(version=application.section_version(spec.key), values=initial)
    return section_page(request, application, spec, {"form": form})


def _attachments_section(request, application, spec):
    requirements = list(application.call.required_attachments.all())
    form = AttachmentsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        requirements=requirements,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        try:
            for requirement in requirements:
                for upload in form.cleaned_data[AttachmentsForm.field_name(requirement)]:
                    services.application_add_attachment(
                        application=application,
                        actor=request.user,
                        upload=upload,
                        label=requirement.name,
                    )
            remove = request.POST.get("remove")
            if remove:
                services.application_remove_attachment(
                    application=application, actor=request.user, attachment_id=remove
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except (PermissionDenied, InvalidTransition) as error:
            return refuse(request, application, error_text(error, REFUSED))
        else:
            if remove:
                messages.success(request, _("The file has been removed."))
                return redirect("grants:application_section", pk=application.pk, section=spec.key)
            return saved(request, application, spec)
    attachments = list(attachments_of(application))
    names = {r.name for r in requirements}
    rows = [
        {
            "requirement": r,
            "field": form[AttachmentsForm.field_name(r)],
            "files": [a for a in attachments if a.label == r.name],
        }
        for r in requirements
    ]
    return section_page(
        request,
        application,
        spec,
        {
            "form": form,
            "rows": rows,
            "other_files": [a for a in attachments if a.label not in names],
        },
    )


# --- Check your answers and submit ----------------------------------------------------------


@login_required
def application_check(request, pk):
    """Check your answers; submit when nothing is missing."""
    application = get_application(request, pk)
    refusal = editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        outcome = []

        def submit():
            # Drafted (起案) when the municipality's route needs approvers; else submitted.
            message = run_or_draft(request, SUBMIT_ACTION, application, form, None)
            outcome.append(message)
            return message if application.status in (Status.DRAFT, Status.RETURNED) else None

        if run_action(request, submit, form=form, refused=REFUSED):
            # Refused (a message says why) or drafted for approval: back to the application.
            application.refresh_from_db()
            if not outcome or application.status in (Status.DRAFT, Status.RETURNED):
                return to_detail(application)
            return redirect("grants:application_confirmation", pk=application.pk)
    readiness = application_readiness(application)
    return render(
        request,
        "grants/application_check.html",
        {
            "application": application,
            "form": form,
            "readiness": readiness,
            "incomplete": [
                {**s, "label": STATUS_LABELS[s["status"]]}
                for s in readiness["sections"]
                if s["status"] != "completed"
            ],
            **content_of(application, readiness["sections"]),
        },
    )
