"""I3: the cooperative's pages (registration, its home page, pre-consultation, notifications
of changes, annual reports). Thin: scoped selectors, forms, one service per POST. The
certification application's pages are in ``cooperative_applications``, the public register
in ``cooperative_register``."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portal.actions import error_text, forbidden, not_found, run_action
from portal.japanese import wareki_date
from portal.models import AuditEvent, Role
from portal.services.attachments import attachments_of
from portal.uploads import keep_uploads
from portal.workflow import InvalidTransition

from ..forms.cooperatives import (
    AnnualReportForm,
    CooperativeRegistrationForm,
    FilesForm,
    NotificationForm,
    PreconsultationForm,
)
from ..models.cooperatives import RegistrationStatus
from ..permissions import cooperatives as permissions
from ..selectors import cooperatives as selectors
from ..services import cooperative_changes as changes
from ..services import cooperatives as services
from ..workflows.cooperatives import NOTIFICATION_WORKFLOW

PAGE_SIZE = 50


REFUSED = gettext_lazy("You cannot do this now.")


def own_cooperative(request):
    """The approved cooperative of the signed-in account, or 404."""
    cooperative = selectors.cooperative_of(request.user)
    if cooperative is None:
        raise Http404
    return cooperative


# --- Registration and the cooperative's page -----------------------------------------------


@login_required
def cooperative_register(request):
    user = request.user
    if user.role == Role.COOPERATIVE:
        return redirect("casebook:cooperative_home")
    if user.role != Role.NONE:
        messages.info(
            request,
            _(
                "Your account acts for a municipality or the prefecture. Register your "
                "cooperative with a separate account."
            ),
        )
        return redirect("casebook:cooperative_register_list")
    latest = selectors.cooperative_registration_of(user)
    if latest is not None and latest.status == RegistrationStatus.PENDING:
        return redirect("casebook:cooperative_home")
    form = CooperativeRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        register = partial(
            services.cooperative_register,
            user=user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        done = _(
            "Your cooperative's registration has been sent. HQ will check it; you will "
            "receive an email when it has been decided."
        )
        if run_action(request, register, form=form, done=done, on_refused=not_found):
            return redirect("casebook:cooperative_home")
    return render(
        request, "casebook/cooperatives/register.html", {"form": form, "previous": latest}
    )


@login_required
@require_GET
def cooperative_home(request):
    user = request.user
    registration = selectors.cooperative_registration_of(user)
    if registration is None:
        if user.role == Role.NONE:
            return redirect("casebook:cooperative_signup")
        raise Http404
    context = {"registration": registration, "approved": False}
    cooperative = selectors.cooperative_of(user)
    if cooperative is not None:
        today = timezone.localdate()
        notifications = list(cooperative.notifications.all()[:50])
        for n in notifications:
            n.overdue = n.is_overdue(today)
        applications = list(cooperative.applications.all()[:50])
        context.update(
            {
                "approved": True,
                "cooperative": cooperative,
                "area": list(cooperative.area.order_by("code")),
                "applications": applications,
                "open_application": next(
                    (a for a in applications if a.status in ("draft", "returned")), None
                ),
                "notifications": notifications,
                "reports": list(cooperative.annual_reports.all()),
                "can_start": not any(
                    a.status in ("draft", "submitted", "under_review", "returned", "forwarded")
                    for a in applications
                ),
            }
        )
    return render(request, "casebook/cooperatives/home.html", context)


# --- Pre-consultation -----------------------------------------------------------------------


@login_required
def preconsultation(request):
    cooperative = own_cooperative(request)
    form = PreconsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = []

        def ask():
            consultation = services.preconsultation_open(
                cooperative=cooperative,
                actor=request.user,
                subject=form.cleaned_data["subject"],
                question=form.cleaned_data["question"],
            )
            opened.append(consultation)
            return _("Your question %(ref)s has been sent. You will be notified of the answer.") % {
                "ref": consultation.reference
            }

        if run_action(request, ask, form=form, on_refused=forbidden):
            return redirect("portal:consultation_detail", pk=opened[0].pk)
    return render(
        request,
        "casebook/cooperatives/preconsultation.html",
        {"form": form, "cooperative": cooperative},
    )


# --- Notifications of changes and annual reports --------------------------------------------------


@login_required
def notification_create(request):
    cooperative = own_cooperative(request)
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = []

        def record():
            notification = changes.notification_create(
                cooperative=cooperative,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                changed_on=form.cleaned_data["changed_on"],
                new_value=form.cleaned_data["new_value"],
            )
            created.append(notification)
            return _("The change is recorded. Attach the documents and file it by %(date)s.") % {
                "date": wareki_date(notification.due_on)
            }

        if run_action(request, record, form=form, on_refused=not_found):
            return redirect("casebook:cooperative_notification_detail", pk=created[0].pk)
    return render(
        request,
        "casebook/cooperatives/notification_form.html",
        {"form": form, "cooperative": cooperative},
    )


@login_required
def notification_detail(request, pk):
    notification = selectors.notification_get_for(request.user, pk)
    is_owner = permissions.owns(request.user, notification.cooperative)
    form = FilesForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        needed=not attachments_of(notification).exists(),
    )
    keep_uploads(form, request)
    if request.method == "POST":
        if not is_owner:
            raise Http404
        if form.is_valid():
            try:
                for upload in form.cleaned_data["files"]:
                    changes.notification_add_attachment(
                        notification=notification, actor=request.user, upload=upload
                    )
                if request.POST.get("action") == "file":
                    changes.notification_file(notification=notification, actor=request.user)
                    messages.success(request, _("The notification has been filed."))
                else:
                    messages.success(request, _("The documents have been saved."))
            except (ValidationError, InvalidTransition) as error:
                form.add_error(None, error_text(error, REFUSED))
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect("casebook:cooperative_notification_detail", pk=notification.pk)
    events = AuditEvent.objects.for_object(notification).select_related("actor")
    return render(
        request,
        "casebook/cooperatives/notification_detail.html",
        {
            "notification": notification,
            "overdue": notification.is_overdue(),
            "form": form if is_owner and notification.status in ("draft", "returned") else None,
            "attachments": attachments_of(notification),
            "events": events,
            "workflow": NOTIFICATION_WORKFLOW,
        },
    )


@login_required
def annual_report_create(request):
    cooperative = own_cooperative(request)
    form = AnnualReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        submit = partial(
            changes.annual_report_submit,
            cooperative=cooperative,
            actor=request.user,
            fiscal_year=form.cleaned_data["fiscal_year"],
            summary=form.cleaned_data["summary"],
            uploads=form.cleaned_data["files"],
        )
        done = _("The annual report has been submitted.")
        if run_action(request, submit, form=form, done=done, on_refused=not_found):
            return redirect("casebook:cooperative_home")
    return render(
        request,
        "casebook/cooperatives/annual_report_form.html",
        {"form": form, "cooperative": cooperative},
    )
