"""Notices (お知らせ・事務連絡) in the admin: HQ or a bureau writes a draft, chooses its
audience (a bureau within its own area), sends it after seeing how many recipients it
reaches, follows who has read and confirmed it, and may withdraw it."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import permissions as portal_permissions
from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionAdminMixin, ActionSet
from portal.admin_scope import ScopedModelAdmin
from portal.audiences import AudienceForm
from portal.models import AuditEvent, Bureau, Role
from portal.services.attachments import attachments_of
from portal.uploads import AttachmentField

from ..models.notices import Notice, NoticeStatus
from ..permissions import notices as perms
from ..selectors import notices as selectors
from ..services import notices as services
from ..workflows.notices import NOTICE_WORKFLOW
from .common import ACTION_PAGE
from .cooperatives import format_html_links
from .forms import CommentForm


class NoticeForm(AudienceForm):
    files = AttachmentField(label=_("Attachments"), required=False)

    class Meta:
        model = Notice
        fields = [
            "title",
            "body",
            "category",
            "visibility",
            "requires_confirmation",
            *AudienceForm.audience_fields,
        ]


def _run_send(request, notice, form, target):
    services.notice_send(notice=notice, actor=request.user)
    return _("The notice was sent.")


def _run_withdraw(request, notice, form, target):
    services.notice_withdraw(notice=notice, actor=request.user, reason=form.cleaned_data["comment"])
    return _("The notice was withdrawn.")


NOTICE_ACTIONS = ActionSet(
    NOTICE_WORKFLOW,
    [
        Action(
            "send",
            _("Send the notice"),
            _run_send,
            submit_label=_("Send the notice"),
            style=PRIMARY,
        ),
        Action(
            "withdraw",
            _("Withdraw the notice"),
            _run_withdraw,
            form=CommentForm,
            error_field="comment",
            submit_label=_("Withdraw the notice"),
            style=DESTRUCTIVE,
        ),
    ],
    may_act=perms.can_manage_notice,
)


@admin.register(Notice)
class NoticeAdmin(ActionAdminMixin, ScopedModelAdmin):
    form = NoticeForm
    object_actions = NOTICE_ACTIONS
    action_unavailable = _("This is not possible for this notice now.")
    action_page_context = ACTION_PAGE
    scope_municipality = None
    scope_bureau = "sender_bureau"
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = [
        "title",
        "category",
        "visibility",
        "requires_confirmation",
        "status",
        "sent_at",
        "sender",
        "receipts_summary",
    ]
    list_filter = ["status", "category", "visibility", "requires_confirmation"]
    list_select_related = ["sender_bureau"]
    search_fields = ["title", "body"]
    readonly_fields = ["status", "sender", "sent_at", "attachments_display"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                receipt_total=Count("receipts"),
                receipt_read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
                receipt_confirmed=Count("receipts", filter=Q(receipts__confirmed_at__isnull=False)),
            )
        )

    def get_list_filter(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_filter, "sender_bureau"]
        return self.list_filter

    def get_fields(self, request, obj=None):
        fields = [*NoticeForm.Meta.fields]
        if obj is None or perms.can_edit_notice(request.user, obj):
            fields.append("files")
        return [*fields, *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)
        user = request.user
        bureau = None if portal_permissions.is_hq(user) else user.bureau

        class SenderForm(base):
            def __init__(self, *args, **form_kwargs):
                form_kwargs.setdefault("sender_bureau", bureau)
                super().__init__(*args, **form_kwargs)

        return SenderForm

    def get_changeform_initial_data(self, request):
        """A bureau officer's notice goes to the bureau's municipalities unless they choose."""
        initial = super().get_changeform_initial_data(request)
        user = request.user
        if not portal_permissions.is_hq(user) and user.bureau_id:
            initial.setdefault("audience_kind", "bureau")
            initial.setdefault("audience_bureau", user.bureau_id)
        return initial

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or perms.can_edit_notice(request.user, obj)

    def save_model(self, request, obj, form, change):
        services.notice_save(
            notice=obj,
            actor=request.user,
            changed_fields=form.changed_data,
            uploads=form.cleaned_data.get("files") or (),
        )

    @admin.display(description=_("sender"), ordering="sender_bureau__order")
    def sender(self, obj):
        return obj.sender_label()

    @admin.display(description=_("read / confirmed"))
    def receipts_summary(self, obj):
        if obj.status == NoticeStatus.DRAFT:
            return "—"
        text = _("%(read)s of %(total)s read") % {
            "read": obj.receipt_read,
            "total": obj.receipt_total,
        }
        if obj.requires_confirmation:
            text += _(", %(confirmed)s confirmed") % {"confirmed": obj.receipt_confirmed}
        return text

    @admin.display(description=_("attachments"))
    def attachments_display(self, obj):
        return format_html_links(list(attachments_of(obj))) if obj.pk else ""

    # -- the status panel

    def panel_holder_roles(self, request, obj):
        roles = super().panel_holder_roles(request, obj)
        if roles and obj.sender_bureau_id is None:
            return [Role.HQ]
        return roles

    def panel_holder_detail(self, request, obj, role):
        return obj.sender_bureau if role == Role.BUREAU else None

    def panel_links(self, request, obj):
        links = []
        if obj.status != NoticeStatus.DRAFT:
            links.append(
                {
                    "title": _("Who has read and confirmed it"),
                    "url": reverse("admin:casebook_notice_receipts", args=[obj.pk]),
                }
            )
        links.append({"title": _("Open the notice's page"), "url": obj.get_absolute_url()})
        return links

    def action_context(self, request, obj, action):
        context = super().action_context(request, obj, action)
        if action.name == "send":
            recipients = services.notice_recipients(obj)
            context["intro_templates"] = [
                *ACTION_PAGE["intro_templates"],
                "admin/casebook/notice/send_intro.html",
            ]
            context["recipient_count"] = len(recipients)
            context["recipient_names"] = [str(r) for r in recipients[:10]]
        return context

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notice = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(notice).select_related("actor"),
            "workflow": NOTICE_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # -- who has read and confirmed it

    def get_urls(self):
        return [
            path(
                "<int:pk>/receipts/",
                self.admin_site.admin_view(self.receipts_view),
                name="casebook_notice_receipts",
            ),
            *self.action_urls(),
            *super().get_urls(),
        ]

    def receipts_view(self, request, pk):
        """既読 / 確認済 for each recipient, with the counts; filtered by state and bureau.
        Out of scope: 404 (get_object)."""
        notice = self.get_object(request, str(pk))
        state = request.GET.get("state", "")
        if state not in selectors.RECEIPT_STATES:
            state = ""
        bureau = request.GET.get("bureau", "")
        bureaus = list(Bureau.objects.order_by("order").values_list("code", "name"))
        if bureau not in {code for code, _name in bureaus}:
            bureau = ""
        receipts = list(selectors.receipts_of(notice, state=state, bureau=bureau))
        return TemplateResponse(
            request,
            "admin/casebook/notice/receipts.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": notice,
                "title": _("Who has read and confirmed it"),
                "subtitle": str(notice),
                "counts": selectors.receipt_counts(notice),
                "receipts": receipts,
                "state": state,
                "states": [
                    ("", _("All")),
                    ("unread", _("Not read")),
                    ("read", _("Read")),
                    *(
                        [
                            ("unconfirmed", _("Not confirmed")),
                            ("confirmed", pgettext_lazy("receipt", "Confirmed")),
                        ]
                        if notice.requires_confirmation
                        else []
                    ),
                ],
                "bureau": bureau,
                "bureaus": bureaus,
                "change_url": reverse("admin:casebook_notice_change", args=[notice.pk]),
            },
        )
