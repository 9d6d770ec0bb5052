"""Liaison meetings (I1): the bureau's and invited municipalities' pages (agenda,
attendance, minutes, attachments, action items), closing an action item, and the public
minutes (only those marked public). Meetings are created and edited in the admin."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.actions import not_found, run_action
from portal.permissions import is_hq
from portal.services.attachments import attachments_of
from portal.uploads import keep_uploads

from ..forms.challenges import CloseItemForm, DocumentsForm
from ..permissions import challenges as perms
from ..selectors import meetings as selectors
from ..services import meetings as services
from .common import query_without_page

PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def meeting_list(request):
    user = request.user
    if not (perms.can_submit_challenge(user) or perms.is_staff(user)):
        raise Http404
    meetings = selectors.meetings_visible_to(user).order_by("-date", "-pk")
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/meetings/meeting_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "action_items": selectors.action_items_open_for(user),
            "can_create": perms.can_create_meeting(user),
        },
    )


def _detail(request, meeting, *, upload_form=None, status=200):
    user = request.user
    manage = perms.can_manage_meeting(user, meeting)
    details = selectors.meeting_details(meeting)
    for item in details["action_items"]:
        item.can_close = perms.can_close_action_item(user, item)
        item.can_reopen = perms.can_reopen_action_item(user, item)
    return render(
        request,
        "casebook/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "trail": [(reverse("casebook:meeting_list"), _("Liaison meetings"))],
            **details,
            "attachments": attachments_of(meeting),
            "can_manage": manage,
            "upload_form": upload_form or (DocumentsForm() if manage else None),
            "admin_url": reverse("admin:casebook_liaisonmeeting_change", args=[meeting.pk])
            if manage
            else "",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def meeting_detail(request, pk):
    return _detail(request, selectors.meeting_get_for(request.user, pk))


@login_required
@require_POST
def meeting_upload(request, pk):
    meeting = selectors.meeting_get_for(request.user, pk)
    if not perms.can_manage_meeting(request.user, meeting):
        raise Http404
    form = keep_uploads(DocumentsForm(request.POST, request.FILES), request)
    if form.is_valid():

        def attach():
            stored = services.meeting_attach(
                meeting=meeting, actor=request.user, uploads=form.cleaned_data["documents"]
            )
            return _("%(count)s file(s) attached.") % {"count": len(stored)}

        if run_action(request, attach, form=form, error_field="documents", on_refused=not_found):
            return redirect(meeting)
    return _detail(request, meeting, upload_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action_item_close(request, pk):
    """GET asks for confirmation (the item, an optional note); POST closes. A closed item
    can be reopened from the meeting's page."""
    item = selectors.action_item_get_for(request.user, pk)
    if request.method == "GET":
        if not perms.can_close_action_item(request.user, item):
            return redirect(item.meeting)
        return render(
            request,
            "casebook/meetings/action_item_close.html",
            {
                "item": item,
                "meeting": item.meeting,
                "form": CloseItemForm(),
                "trail": [
                    (reverse("casebook:meeting_list"), _("Liaison meetings")),
                    (item.meeting.get_absolute_url(), item.meeting.title),
                ],
            },
        )
    form = CloseItemForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    close = partial(services.action_item_close, item=item, actor=request.user, note=note)
    run_action(request, close, done=_("The action item was closed."), on_refused=not_found)
    if request.POST.get("next") == "list":
        return redirect("casebook:meeting_list")
    return redirect(item.meeting)


@login_required
@require_POST
def action_item_reopen(request, pk):
    """Undo a close: the item is back on its owner's to-do list."""
    item = selectors.action_item_get_for(request.user, pk)
    reopen = partial(services.action_item_reopen, item=item, actor=request.user)
    run_action(request, reopen, done=_("The action item was reopened."), on_refused=not_found)
    return redirect(item.meeting)


# --- Public minutes -----------------------------------------------------------------------


@require_http_methods(["GET"])
def minutes_list(request):
    page = Paginator(selectors.minutes_public().order_by("-date", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "casebook/meetings/minutes_list.html",
        {"page": page, "query": query_without_page(request)},
    )


@require_http_methods(["GET"])
def minutes_detail(request, pk):
    meeting = selectors.minutes_get_public(pk)
    return render(
        request,
        "casebook/meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "trail": [(reverse("casebook:minutes_list"), _("Minutes of liaison meetings"))],
            "invited": list(meeting.invited_municipalities.order_by("code")),
        },
    )


@login_required
@require_http_methods(["GET"])
def strategy_attendance_list(request, code):
    """The bureau at a municipality's strategy meetings (総合戦略推進会議 …): for its bureau
    and HQ, and read only for the municipality's own staff. Recorded in the admin."""
    user = request.user
    municipality, records = selectors.attendance_of_municipality(user, code)
    can_record = perms.can_record_attendance(user) and (
        is_hq(user) or user.bureau_id == municipality.bureau_id
    )
    return render(
        request,
        "casebook/meetings/strategy_attendance_list.html",
        {
            "municipality": municipality,
            "records": records,
            "add_url": reverse("admin:casebook_strategymeetingattendance_add")
            if can_record
            else "",
        },
    )
