"""Signed-in pages: my page (to-do list), access requests, notifications, and the local
groups (団体) a municipality invites or admits."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.actions import error_text, not_found, refusal_on_form, run_action

from .. import permissions, registry, selectors
from ..forms import AccessRequestForm, DeclineForm, GroupInvitationForm
from ..models import AccessRequest, GroupInvitation, Role
from ..permissions.units import can_view_organisation
from ..registry import TodoItem
from ..selectors import units as unit_selectors
from ..services import accounts as account_services
from ..services import groups as group_services
from ..services.accounts import access_request_submit
from ..services.notifications import notification_mark_read
from ..workflow import InvalidTransition


@login_required
def mypage(request):
    user = request.user
    return render(
        request,
        "portal/mypage.html",
        {
            "pending_request": selectors.access_request_pending_for(user),
            "last_request": selectors.access_requests_visible_to(user).filter(user=user).first(),
            "todos": [*_group_todos(user), *registry.todos_for(user)],
            "can_request_access": permissions.can_request_access(user),
            "can_invite_group": permissions.can_invite_group(user, user.municipality),
            "work_cards": work_cards(user),
            "unit_inbox_unread": unit_selectors.unit_inbox_unread_count(user)
            if user.unit_id
            else None,
            "can_view_organisation": can_view_organisation(user),
        },
    )


def work_cards(user) -> list[registry.WorkCard]:
    """The cards of 自分の申請・依頼 (municipal staff): the kernel's consultations and what the
    pillars register, each with its count and list."""
    if user.role != Role.MUNICIPAL:
        return []
    consultations = registry.WorkCard(
        key="consultations",
        title=_("Consultations"),
        count=selectors.consultations_visible_to(user).count(),
        url=reverse("portal:consultation_list"),
        order=30,
    )
    return sorted(
        [consultations, *registry.work_cards_for(user)], key=lambda card: (card.order, card.key)
    )


@login_required
def my_work(request):
    """自分の申請・依頼: the way back to one's own applications, requests, consultations and
    challenges (municipal staff; others are sent to their page)."""
    cards = work_cards(request.user)
    if not cards:
        return redirect("portal:mypage")
    return render(request, "portal/my_work.html", {"work_cards": cards})


def _group_todos(user) -> list[TodoItem]:
    """Local groups waiting for their municipality's decision (staff of that municipality)."""
    if user.role != Role.MUNICIPAL:
        return []
    return [
        TodoItem(
            _("Decide the local group's request: %(group)s (%(name)s)")
            % {"group": r.group_name, "name": r.user.get_full_name()},
            reverse("portal:group_request_detail", args=[r.pk]),
        )
        for r in selectors.group_requests_pending_for(user)[:20]
    ]


@login_required
def access_request_create(request):
    user = request.user
    if not permissions.can_request_access(user):
        messages.info(request, _("Your account already has a role."))
        return redirect("portal:mypage")
    if selectors.access_request_pending_for(user):
        messages.info(request, _("Your request is awaiting a decision."))
        return redirect("portal:mypage")
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        decider = (
            municipality.display_name
            if form.cleaned_data["role"] == Role.GROUP
            else municipality.bureau.display_name
        )
        done = _(
            "Your request has been sent to %(bureau)s. You will receive an email when "
            "it has been decided."
        ) % {"bureau": decider}
        submit = partial(access_request_submit, user=user, **form.cleaned_data)
        if run_action(request, submit, form=form, on_refused=refusal_on_form(form), done=done):
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


# --- Local groups: the municipality's side ------------------------------------------------


def _require_inviting_staff(user):
    """The group pages belong to a municipality's staff; to anyone else they do not exist."""
    if not permissions.can_invite_group(user, user.municipality):
        raise Http404


@login_required
def group_list(request):
    user = request.user
    _require_inviting_staff(user)
    return render(
        request,
        "portal/group_list.html",
        {
            "municipality": user.municipality,
            "requests": selectors.group_requests_pending_for(user),
            # 協力隊 members' invitations are kept on their entry of the register.
            "invitations": selectors.group_invitations_visible_to(user).filter(
                municipality_id=user.municipality_id, role=GroupInvitation.Role.GROUP
            )[:100],
            "groups": selectors.group_accounts_visible_to(user).order_by("department", "email"),
        },
    )


@login_required
def group_invitation_create(request):
    user = request.user
    _require_inviting_staff(user)
    form = GroupInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = group_services.group_invitation_create(
                municipality=user.municipality, actor=user, **form.cleaned_data
            )
        except ValidationError as error:
            field = {"has_role": "email", "duplicate": "email", "group_name": "group_name"}
            form.add_error(field.get(error.code), error_text(error))
        else:
            messages.success(
                request,
                _("The invitation has been mailed to %(email)s. The link works for 14 days.")
                % {"email": invitation.email},
            )
            return redirect("portal:group_list")
    return render(request, "portal/group_invitation_form.html", {"form": form})


@login_required
@require_POST
def group_invitation_resend(request, pk):
    invitation = selectors.group_invitation_get_for(request.user, pk)
    resend = partial(
        group_services.group_invitation_resend, invitation=invitation, actor=request.user
    )
    done = _("The invitation has been mailed again to %(email)s with a new link.") % {
        "email": invitation.email
    }
    run_action(request, resend, done=done, on_refused=not_found)
    return redirect("portal:group_list")


@login_required
@require_POST
def group_invitation_cancel(request, pk):
    invitation = selectors.group_invitation_get_for(request.user, pk)
    cancel = partial(
        group_services.group_invitation_cancel, invitation=invitation, actor=request.user
    )
    done = _("The invitation to %(group)s has been cancelled; its link no longer works.") % {
        "group": invitation.group_name
    }
    run_action(request, cancel, done=done, on_refused=not_found)
    return redirect("portal:group_list")


@login_required
def group_request_detail(request, pk):
    """A local group's request: the municipality's staff approve it, or decline it with a
    reason the group reads."""
    access_request = selectors.group_request_get_for(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = DeclineForm(request.POST if action == "decline" else None)
    if action == "approve" or (action == "decline" and form.is_valid()):
        try:
            if action == "approve":
                account_services.access_request_approve(request=access_request, actor=request.user)
                done = _("%(group)s can now use the portal as a local group.")
            else:
                account_services.access_request_decline(
                    request=access_request, actor=request.user, note=form.cleaned_data["note"]
                )
                done = _("The request of %(group)s has been declined.")
        except (ValidationError, InvalidTransition) as error:
            form.add_error(None, error_text(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, done % {"group": access_request.group_name})
            return redirect("portal:group_list")
    return render(
        request,
        "portal/group_request_detail.html",
        {
            "access_request": access_request,
            "form": form,
            "can_decide": access_request.status == AccessRequest.Status.PENDING
            and permissions.can_decide_access_request(request.user, access_request),
        },
    )


# --- Local groups: the invitee's side -----------------------------------------------------


@never_cache
def group_invitation_open(request, token):
    """The page the invitation mail links to. Signed out: explains the invitation and leads
    to sign-up (the address counts as verified: the link came to it) or sign-in, coming back
    here. Signed in with the invited address: one button accepts it."""
    from allauth.account.adapter import get_adapter

    invitation = selectors.group_invitation_get_by_token(token)
    user = request.user
    here = reverse("portal:group_invitation_open", args=[token])
    if user.is_authenticated and invitation.accepted_by_id == user.pk:
        return redirect("portal:mypage")
    if request.method == "POST" and user.is_authenticated:
        try:
            group_services.group_invitation_accept(invitation=invitation, user=user)
        except ValidationError:
            # The page says why (used, cancelled, expired, another account).
            return redirect(here)
        names = {"group": invitation.group_name, "municipality": invitation.municipality.name}
        if invitation.role == GroupInvitation.Role.MEMBER:
            messages.success(
                request,
                _(
                    "Welcome. Your account is now a 協力隊 member of %(municipality)s: your page "
                    "is under 自分のページ."
                )
                % names,
            )
            return redirect("portal:mypage")
        messages.success(
            request,
            _(
                "Welcome. Your account is now the local group %(group)s of %(municipality)s: "
                "you can apply for grants through your municipality."
            )
            % names,
        )
        return redirect("portal:mypage")
    refusal = group_services.group_invitation_refusal(invitation, user)
    if refusal is None and not user.is_authenticated:
        # The link came to this address: signing up with it needs no confirmation mail.
        get_adapter(request).stash_verified_email(request, invitation.email)
    response = render(
        request,
        "portal/group_invitation_open.html",
        {
            "invitation": invitation,
            "refusal": refusal,
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"email": invitation.email, "next": here}),
            "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
        },
        status=200 if invitation.is_open else 410,
    )
    # The address bar holds the invitation's secret: never pass it on to another site.
    # ("no-referrer" would also blank the Origin of the page's own form, failing CSRF.)
    response["Referrer-Policy"] = "same-origin"
    return response
