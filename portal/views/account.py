"""Signed-in pages: my page (to-do list), access requests, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, registry, selectors
from ..forms import AccessRequestForm
from ..services.accounts import access_request_submit
from ..services.notifications import notification_mark_read


@login_required
def mypage(request):
    user = request.user
    return render(
        request,
        "portal/mypage.html",
        {
            "pending_request": selectors.access_request_pending_for(user),
            "last_request": selectors.access_requests_visible_to(user).filter(user=user).first(),
            "todos": registry.todos_for(user),
            "can_request_access": permissions.can_request_access(user),
        },
    )


@login_required
def access_request_create(request):
    user = request.user
    if not permissions.can_request_access(user):
        messages.info(request, _("Your account already has a role."))
        return redirect("portal:mypage")
    if selectors.access_request_pending_for(user):
        messages.info(request, _("Your request is awaiting a decision by the bureau."))
        return redirect("portal:mypage")
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access_request_submit(user=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent to %(bureau)s. You will receive an email when "
                    "it has been decided."
                )
                % {"bureau": form.cleaned_data["municipality"].bureau.display_name},
            )
            return redirect("portal:mypage")
    return render(request, "portal/access_request_form.html", {"form": form})


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    pk = request.POST.get("id")
    notification_mark_read(
        user=request.user, notification_id=int(pk) if pk and pk.isdigit() else None
    )
    if pk is None:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("portal:notification_list")
