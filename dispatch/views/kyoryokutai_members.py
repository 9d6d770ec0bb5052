"""A 協力隊 member's own account (H3). The member's pages (their term, the municipality's
contact, their activity reports, what comes next, the OB/OG listing) answer only the member:
anyone else gets 404. The municipality's page for the member's account (invite, cadence and
contact) is one more page of the register entry, for its keepers; its readers (bureau, HQ)
see the reports read-only on the entry's page."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.actions import not_found, run_action
from portal.services import groups as invitations

from ..forms.volunteer_members import (
    AlumniForm,
    IntentionForm,
    MemberInviteForm,
    MemberReportForm,
    MemberSettingsForm,
)
from ..permissions import kyoryokutai as permissions
from ..permissions import requests as register_permissions
from ..rules import kyoryokutai as rules
from ..selectors import kyoryokutai as register
from ..selectors import volunteer_members as selectors
from ..services import volunteer_members as services
from .common import posted


def _to_home():
    return redirect("dispatch:kyoryokutai_member_home")


@login_required
def member_home(request):
    volunteer = selectors.member_volunteer_for(request.user)
    today = timezone.localdate()
    periods = selectors.report_periods(volunteer, today=today)
    position = volunteer.position
    return render(
        request,
        "dispatch/kyoryokutai/member_home.html",
        {
            "volunteer": volunteer,
            "periods": periods,
            "missing": [p for p in periods if p.missing],
            "contact": _contact(volunteer, position),
            "can_file": permissions.can_file_report(request.user, volunteer),
            "intention_open": volunteer.term_end is not None
            and rules.intention_open(volunteer.term_end, today),
            "grace_days": rules.REPORT_GRACE_DAYS,
        },
    )


def _contact(volunteer, position) -> dict:
    """Whom the member contacts: what the municipality set on the entry, else the contact
    of the position they were recruited through."""
    if volunteer.contact_name or volunteer.contact_email or volunteer.contact_phone:
        return {
            "name": volunteer.contact_name,
            "phone": volunteer.contact_phone,
            "email": volunteer.contact_email,
        }
    if position is not None:
        return {
            "name": position.contact_name,
            "phone": position.contact_phone,
            "email": position.contact_email,
        }
    return {}


@login_required
def member_report_create(request):
    user = request.user
    volunteer = selectors.member_volunteer_for(user)
    if not permissions.can_file_report(user, volunteer):
        messages.error(request, _("Reports are filed while the term runs."))
        return _to_home()
    fileable = [p for p in selectors.report_periods(volunteer) if p.fileable]
    if not fileable:
        messages.info(request, _("Every period so far has its report."))
        return _to_home()
    chosen = request.GET.get("period", "")
    initial = {"period": chosen if any(p.start.isoformat() == chosen for p in fileable) else None}
    form = MemberReportForm(posted(request), periods=fileable, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        file = partial(
            services.member_report_file,
            volunteer=volunteer,
            actor=user,
            period_start=data.pop("period"),
            **data,
        )
        done = _("Your report has been filed. Your municipality has been told.")
        if run_action(request, file, form=form, done=done, on_refused=not_found):
            return _to_home()
    return render(
        request,
        "dispatch/kyoryokutai/member_report_form.html",
        {"form": form, "volunteer": volunteer, "grace_days": rules.REPORT_GRACE_DAYS},
    )


@login_required
def member_report(request, pk):
    report = selectors.member_report_get_for(request.user, pk)
    volunteer = report.volunteer
    return render(
        request,
        "dispatch/kyoryokutai/member_report.html",
        {
            "report": report,
            "volunteer": volunteer,
            "is_member": permissions.is_member_of(request.user, volunteer),
        },
    )


# --- The municipality's side, on the register entry --------------------------------------


def _keeper_entry(request, pk):
    """The entry, for its keepers only (404 to anyone else: the readers see the entry's
    page, where the account is shown read-only)."""
    volunteer = register.volunteer_get_for(request.user, pk)
    if not register_permissions.can_keep_register(request.user, volunteer):
        raise Http404
    return volunteer


@login_required
def volunteer_member(request, pk):
    """Invite the member to their account; set their report cadence and contact."""
    user = request.user
    volunteer = _keeper_entry(request, pk)
    op = request.POST.get("op") if request.method == "POST" else None
    invite_form = MemberInviteForm(
        request.POST if op == "invite" else None, initial={"email": volunteer.email}
    )
    settings_form = MemberSettingsForm(
        request.POST if op == "settings" else None,
        initial={
            "report_cadence": volunteer.report_cadence,
            "contact_name": volunteer.contact_name,
            "contact_phone": volunteer.contact_phone,
            "contact_email": volunteer.contact_email,
        },
    )
    back = redirect("dispatch:kyoryokutai_volunteer_detail", pk=volunteer.pk)
    if op == "invite" and invite_form.is_valid():
        invite = partial(
            services.member_invite,
            volunteer=volunteer,
            email=invite_form.cleaned_data["email"],
            actor=user,
        )
        done = _("The invitation has been mailed to %(email)s. The link works for 14 days.") % {
            "email": invite_form.cleaned_data["email"]
        }
        if run_action(
            request, invite, form=invite_form, error_field="email", done=done, on_refused=not_found
        ):
            return back
    if op == "settings" and settings_form.is_valid():
        save = partial(
            services.member_settings_save,
            volunteer=volunteer,
            actor=user,
            **settings_form.cleaned_data,
        )
        if run_action(
            request,
            save,
            form=settings_form,
            done=_("Your changes have been saved."),
            on_refused=not_found,
        ):
            return back
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_member.html",
        {
            "volunteer": volunteer,
            "invitation": volunteer.invitation,
            "can_invite": permissions.can_invite_member(user, volunteer),
            "invite_form": invite_form,
            "settings_form": settings_form,
            # The form posted, for the page title's 「エラー：」 and the error summary.
            "form": {"invite": invite_form, "settings": settings_form}.get(op),
        },
    )


@require_POST
@login_required
def volunteer_member_invitation(request, pk, op):
    """Send the waiting invitation again (a new link), or cancel it."""
    volunteer = _keeper_entry(request, pk)
    invitation = volunteer.invitation
    if op not in ("resend", "cancel") or invitation is None:
        raise Http404
    if op == "resend":
        call = partial(
            invitations.group_invitation_resend, invitation=invitation, actor=request.user
        )
        done = _("The invitation has been mailed again to %(email)s with a new link.") % {
            "email": invitation.email
        }
    else:
        call = partial(
            invitations.group_invitation_cancel, invitation=invitation, actor=request.user
        )
        done = _("The invitation has been cancelled; its link no longer works.")
    run_action(request, call, done=done, on_refused=not_found)
    return redirect("dispatch:kyoryokutai_volunteer_member", pk=volunteer.pk)


@login_required
def member_intention(request):
    """Near the end of the term the member says what comes next."""
    user = request.user
    volunteer = selectors.member_volunteer_for(user)
    initial = {
        "intended_place": volunteer.intended_place or None,
        "intended_activity": volunteer.intended_activity or None,
        "intention_note": volunteer.intention_note,
    }
    form = IntentionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        save = partial(
            services.member_intention_save, volunteer=volunteer, actor=user, **form.cleaned_data
        )
        done = _("Thank you. Your municipality has been told, to plan the support with you.")
        if run_action(request, save, form=form, done=done, on_refused=not_found):
            return _to_home()
    return render(
        request,
        "dispatch/kyoryokutai/member_intention.html",
        {
            "form": form,
            "volunteer": volunteer,
            "open": rules.intention_open(volunteer.term_end, timezone.localdate()),
        },
    )


@login_required
def member_alumni(request):
    """After the term: be listed (or not) as an OB/OG contact for prospective members."""
    user = request.user
    volunteer = selectors.member_volunteer_for(user)
    initial = {
        "alumni_listed": volunteer.alumni_listed,
        "alumni_name": volunteer.alumni_name,
        "alumni_profile": volunteer.alumni_profile,
    }
    form = AlumniForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        save = partial(
            services.member_alumni_save, volunteer=volunteer, actor=user, **form.cleaned_data
        )
        if run_action(
            request, save, form=form, done=_("Your choice has been saved."), on_refused=not_found
        ):
            return _to_home()
    return render(
        request,
        "dispatch/kyoryokutai/member_alumni.html",
        {"form": form, "volunteer": volunteer},
    )


def alumni_list(request):
    """The public list of former members who chose to be contacts (no address shown: one
    writes to them through the one-stop window)."""
    alumni = list(selectors.alumni_public()[:ALUMNI_SHOWN])
    return render(request, "dispatch/kyoryokutai/alumni_list.html", {"alumni": alumni})


ALUMNI_SHOWN = 200
