"""I3: the cooperative's certification application: starting it, its task list of sections
with kept drafts, check-your-answers and submission, withdrawal and the certificate. Thin:
scoped selectors, forms, one service per POST."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.actions import add_service_errors, not_found, run_action
from portal.concurrency import StaleVersion
from portal.kessai import history_seen_by
from portal.models import AuditEvent
from portal.services.attachments import attachments_of
from portal.tasklist import COMPLETED, draft_of, typed_values
from portal.uploads import keep_uploads
from portal.views.files import document_response

from ..forms.cooperatives import (
    SECTION_FORMS,
    AttachmentsForm,
    SubmitForm,
    WithdrawForm,
)
from ..models.cooperative_applications import ApplicationKind
from ..permissions import cooperatives as permissions
from ..rules import cooperatives as sections
from ..selectors import cooperatives as selectors
from ..services import cooperatives as services
from ..workflows.cooperatives import CERTIFICATION_WORKFLOW
from .cooperatives import REFUSED, own_cooperative

# What only the reviewers read stays out of the cooperative's timeline.
INTERNAL_ACTIONS = ("comment", "checklist")


@login_required
@require_POST
def application_start(request):
    cooperative = own_cooperative(request)
    kind = ApplicationKind.CHANGE if cooperative.is_certified else ApplicationKind.INITIAL
    started = []

    def start():
        started.append(
            services.application_start(cooperative=cooperative, actor=request.user, kind=kind)
        )

    run_action(request, start, refused=REFUSED)
    if not started:
        return redirect("casebook:cooperative_home")  # refused, with the message
    return redirect("casebook:cooperative_application_detail", pk=started[0].pk)


# --- The application ------------------------------------------------------------------------


def _get_application(request, pk):
    application = selectors.application_get_for(request.user, pk)
    prefetch_related_objects([application], "area")
    return application


def _refuse(request, application, message=None):
    messages.error(request, message or _("You cannot do this with this application now."))
    return redirect("casebook:cooperative_application_detail", pk=application.pk)


def _editable_or_refusal(request, application):
    if permissions.can_edit_application(request.user, application):
        return None
    return _refuse(
        request,
        application,
        _("The application can no longer be changed (status: %(status)s).")
        % {"status": application.get_status_display()},
    )


def _answers(application) -> list[dict]:
    """Every section's answers, for the check and status pages."""
    model = type(application)
    answers = []
    for section in sections.sections_for(application):
        if not section.fields:  # the attachments: listed with the checklist
            continue
        rows = []
        for name in section.fields:
            field = model._meta.get_field(name)
            value = getattr(application, name)
            if name == "area":
                value = "、".join(m.display_name for m in application.area.all())
            elif field.get_internal_type() == "BooleanField":
                value = _("Yes") if value else _("No")
            rows.append({"label": field.verbose_name, "value": value, "name": name})
        answers.append({"section": section, "rows": rows})
    return answers


def _attachment_rows(application) -> list[dict]:
    files = list(attachments_of(application))
    return [
        {**row, "files": [f for f in files if f.label == row["requirement"].code]}
        for row in sections.requirements_for(application)
    ]


@login_required
@require_GET
def application_detail(request, pk):
    application = _get_application(request, pk)
    readiness = selectors.application_readiness(application)
    is_owner = permissions.owns(request.user, application.cooperative)
    events = AuditEvent.objects.for_object(application).select_related("actor")
    events = history_seen_by(request.user, events)  # HQ's 認定 stamps are HQ's
    if is_owner:
        events = events.exclude(action__in=INTERNAL_ACTIONS)
    return render(
        request,
        "casebook/cooperatives/application_detail.html",
        {
            "application": application,
            "readiness": readiness,
            "done": sum(1 for r in readiness["sections"] if r["status"] == COMPLETED),
            "editable": permissions.can_edit_application(request.user, application),
            "is_owner": is_owner,
            "answers": _answers(application),
            "attachment_rows": _attachment_rows(application),
            "events": events,
            "workflow": CERTIFICATION_WORKFLOW,
            "can_withdraw": is_owner
            and "withdraw"
            in {t.action for t in CERTIFICATION_WORKFLOW.available(application, request.user)},
        },
    )


@login_required
def application_section(request, pk, section):
    application = _get_application(request, pk)
    spec = sections.get_section(application, section)
    if spec is None:
        raise Http404
    refusal = _editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    if spec.key == "attachments":
        return _attachments_section(request, application, spec)
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
                current = _get_application(request, pk)
                form.refuse_stale(
                    version=current.section_version(spec.key),
                    values=form_class(application=current).saved_values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                return _saved(request, application, spec)
        _keep_draft(request, application, spec.key, typed_values(request.POST, form))
    elif draft is not None:
        # What was typed last time, with its errors.
        form = form_class(draft, application=application)
        form.is_valid()
    else:
        form = form_class(application=application)
        form.stamp(version=application.section_version(spec.key), values=form.saved_values())
    return _section_page(request, application, spec, {"form": form})


def _keep_draft(request, application, section: str, raw: dict) -> None:
    # Not editable any more (changed in another tab): the page says why already.
    with contextlib.suppress(ValidationError, PermissionDenied):
        services.application_keep_draft(
            application=application, actor=request.user, section=section, raw=raw
        )


def _section_page(request, application, spec, context):
    return render(
        request,
        "casebook/cooperatives/application_attachments.html"
        if spec.key == "attachments"
        else "casebook/cooperatives/application_section.html",
        {
            "application": application,
            "section": spec,
            **sections.sections_for(application).position(spec.key),
            **context,
        },
    )


def _saved(request, application, spec):
    messages.success(request, _("“%(title)s” has been saved.") % {"title": spec.title})
    if request.POST.get("action") == "return":
        return redirect("casebook:cooperative_application_detail", pk=application.pk)
    following = sections.sections_for(application).next_key(spec.key)
    if following is not None:
        return redirect(
            "casebook:cooperative_application_section", pk=application.pk, section=following
        )
    return redirect("casebook:cooperative_application_check", pk=application.pk)


def _attachments_section(request, application, spec):
    rows = sections.requirements_for(application)
    form = AttachmentsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        rows=rows,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        remove = request.POST.get("remove")
        try:
            for row in rows:
                code = row["requirement"].code
                for upload in form.cleaned_data[AttachmentsForm.field_name(code)]:
                    services.application_add_attachment(
                        application=application, actor=request.user, upload=upload, code=code
                    )
            if remove:
                services.application_remove_attachment(
                    application=application, actor=request.user, attachment_id=remove
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            if remove:
                messages.success(request, _("The file has been removed."))
                return redirect(
                    "casebook:cooperative_application_section",
                    pk=application.pk,
                    section=spec.key,
                )
            return _saved(request, application, spec)
    checklist = [
        {**row, "field": form[AttachmentsForm.field_name(row["requirement"].code)]}
        for row in _attachment_rows(application)
    ]
    return _section_page(request, application, spec, {"form": form, "checklist": checklist})


@login_required
def application_check(request, pk):
    """Check the answers; submit. Refused, with what is missing, until complete."""
    application = _get_application(request, pk)
    refusal = _editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":

        def submit():
            services.application_submit(application=application, actor=request.user)
            return _("Your application %(ref)s has been submitted to %(bureau)s.") % {
                "ref": application.reference,
                "bureau": application.bureau.display_name,
            }

        # Submitted, or refused by the workflow with its message: back to the application.
        if run_action(request, submit, form=form, on_refused=not_found):
            return redirect("casebook:cooperative_application_detail", pk=application.pk)
    readiness = selectors.application_readiness(application)
    return render(
        request,
        "casebook/cooperatives/application_check.html",
        {
            "application": application,
            "form": form,
            "readiness": readiness,
            "answers": _answers(application),
            "attachment_rows": _attachment_rows(application),
        },
    )


@login_required
def application_withdraw(request, pk):
    application = _get_application(request, pk)
    if not permissions.owns(request.user, application.cooperative):
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdrawn = []

        def withdraw():
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
            withdrawn.append(application)

        # Every error, a ValidationError too, is a refusal here: back to the application.
        done = _("The application has been withdrawn.")
        run_action(request, withdraw, refused=REFUSED, done=done)
        if not withdrawn:
            return redirect("casebook:cooperative_application_detail", pk=application.pk)
        return redirect("casebook:cooperative_home")
    return render(
        request,
        "casebook/cooperatives/application_withdraw.html",
        {"application": application, "form": form},
    )


@login_required
@require_GET
def application_certificate(request, pk):
    application = _get_application(request, pk)
    if application.certificate is None:
        raise Http404
    return document_response(
        request,
        application.certificate,
        back_url=reverse("casebook:cooperative_application_detail", args=[application.pk]),
    )
