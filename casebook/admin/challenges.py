"""Challenges and needs in the admin: the bureau triages its municipalities' challenges
(HQ all), writes the response and links what answers them, starting from the portal's
suggestions. Every change is a step whose POST makes one service call."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal import permissions as portal_permissions
from portal.actions import (
    ACTION_TEMPLATE,
    DESTRUCTIVE,
    PRIMARY,
    Action,
    ActionAdminMixin,
    ActionSet,
    add_service_errors,
)
from portal.admin_scope import ScopedModelAdmin
from portal.models import Role
from portal.workqueue import WorkQueueFilter

from ..forms.challenges import CommentForm, LinkForm, ReasonForm, ResponseForm
from ..models import Challenge, ChallengeLink
from ..permissions import challenges as perms
from ..selectors import challenges as selectors
from ..services import challenges as services
from ..workflows.challenges import CHALLENGE_WORKFLOW
from .common import ACTION_PAGE


def _run(service, message, *, field="comment"):
    def run(request, challenge, form, target):
        kwargs = {field: form.cleaned_data[field]} if form is not None else {}
        service(challenge=challenge, actor=request.user, **kwargs)
        return message

    return run


# The municipality's bureau (and HQ) triages: the others read the challenge.
CHALLENGE_ACTIONS = ActionSet(
    CHALLENGE_WORKFLOW,
    [
        Action(
            "respond",
            _("Write the response"),
            _run(
                services.challenge_respond,
                _("The response was saved and the municipality notified."),
                field="response",
            ),
            form=ResponseForm,
            submit_label=_("Save and notify the municipality"),
            error_field="response",
            style=PRIMARY,
        ),
        Action(
            "consider",
            _("Take up for consideration"),
            _run(services.challenge_consider, _("The challenge is under consideration.")),
            form=CommentForm,
        ),
        Action(
            "match",
            _("Mark as matched"),
            _run(services.challenge_match, _("The challenge is matched with support.")),
            form=CommentForm,
        ),
        Action(
            "resolve",
            _("Mark as resolved"),
            _run(services.challenge_resolve, _("The challenge is resolved.")),
            form=CommentForm,
            style=PRIMARY,
        ),
        Action(
            "decline",
            _("Mark as not feasible"),
            _run(
                services.challenge_decline,
                _("The challenge is marked not feasible."),
                field="reason",
            ),
            form=ReasonForm,
            error_field="reason",
            style=DESTRUCTIVE,
        ),
        Action(
            "reopen",
            _("Reopen"),
            _run(services.challenge_reopen, _("The challenge was reopened.")),
            form=CommentForm,
        ),
    ],
    may_act=perms.can_triage_challenge,
)


@admin.register(Challenge)
class ChallengeAdmin(ActionAdminMixin, ScopedModelAdmin):
    object_actions = CHALLENGE_ACTIONS
    action_unavailable = _("This is not possible for this challenge now.")
    action_page_context = ACTION_PAGE
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    add_roles = frozenset()
    # Officers change a challenge only through the steps; the form itself is read-only.
    change_roles = frozenset()
    view_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = ["title", "municipality", "theme", "urgency", "status", "created_at"]
    list_select_related = ["municipality", "theme", "bureau"]
    search_fields = ["title", "description", "municipality__name"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-created_at", "-id"]
    readonly_fields = [
        "title",
        "municipality",
        "theme",
        "urgency",
        "support_display",
        "description",
        "tried",
        "sharing",
        "status",
        "response",
        "responded_at",
        "responded_by",
        "submitted_by",
        "created_at",
    ]
    fieldsets = [
        (
            _("Challenge or need"),
            {
                "fields": [
                    "title",
                    "municipality",
                    "theme",
                    "urgency",
                    "support_display",
                    "description",
                    "tried",
                    "sharing",
                    "submitted_by",
                    "created_at",
                ]
            },
        ),
        (
            _("Response"),
            {"fields": ["status", "response", "responded_at", "responded_by"]},
        ),
    ]

    def get_list_filter(self, request):
        filters = [WorkQueueFilter, "status", "theme", "urgency"]
        if portal_permissions.is_hq(request.user):
            filters += ["bureau__region", "bureau"]
        return filters

    def get_list_display(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_display[:2], "bureau", *self.list_display[2:]]
        return self.list_display

    @admin.display(description=_("Support that would help"))
    def support_display(self, obj):
        return "、".join(str(label) for label in obj.support_wanted_labels) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        challenge = self.get_object(request, object_id)
        user = request.user
        can_triage = perms.can_triage_challenge(user, challenge)
        extra_context = {
            **(extra_context or {}),
            "events": selectors.challenge_events(challenge),
            "workflow": CHALLENGE_WORKFLOW,
            "links": list(selectors.challenge_links(challenge)),
            "suggestions": selectors.challenge_suggestions(challenge) if can_triage else None,
            "link_form": LinkForm(),
            "link_url": reverse("admin:casebook_challenge_link", args=[challenge.pk]),
            "can_triage": can_triage,
            "public_url": challenge.get_absolute_url(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            *self.action_urls(),
            path(
                "<int:pk>/link/",
                self.admin_site.admin_view(self.link_view),
                name="casebook_challenge_link",
            ),
            path(
                "<int:pk>/unlink/<int:link_pk>/",
                self.admin_site.admin_view(require_POST(self.unlink_view)),
                name="casebook_challenge_unlink",
            ),
            *super().get_urls(),
        ]

    def action_form_kwargs(self, request, challenge, action):
        return {"initial": {"response": challenge.response}} if action.name == "respond" else {}

    def link_view(self, request, pk):
        """Link a suggestion (one click) or anything given by its kind and number."""
        challenge = self.get_object(request, str(pk))
        change_url = reverse("admin:casebook_challenge_change", args=[challenge.pk])
        if not perms.can_triage_challenge(request.user, challenge):
            raise Http404
        form = LinkForm(request.POST if request.method == "POST" else None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                link = services.challenge_link(
                    challenge=challenge, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error, "target_id")
            except PermissionDenied:
                raise Http404 from None
            else:
                self.message_user(
                    request,
                    _("Linked: %(label)s. The municipality was notified.") % {"label": link.label},
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            **ACTION_PAGE,
            "opts": self.model._meta,
            "original": challenge,
            "form": form,
            "title": _("Link support"),
            "subtitle": challenge.title,
            "submit_label": _("Link"),
            "change_url": change_url,
        }
        return render(request, ACTION_TEMPLATE, context)

    def unlink_view(self, request, pk, link_pk):
        challenge = self.get_object(request, str(pk))
        link = ChallengeLink.objects.filter(challenge=challenge, pk=link_pk).first()
        if link is None:
            raise Http404
        try:
            services.challenge_unlink(link=link, actor=request.user)
        except PermissionDenied:
            raise Http404 from None
        self.message_user(request, _("The link was removed."), messages.SUCCESS)
        return redirect(reverse("admin:casebook_challenge_change", args=[challenge.pk]))
