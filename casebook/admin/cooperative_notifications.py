"""I3 change notifications (届出) in the admin, with their due date and overdue flag: the
bureau accepts them or returns them for correction (kernel actions, one service call each)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.actions import PRIMARY, Action, ActionSet, action_page
from portal.admin_scope import ScopedModelAdmin
from portal.models import AuditEvent
from portal.services.attachments import attachments_of
from portal.status_panel import StatusPanelMixin
from portal.workqueue import WorkQueueFilter

from ..forms.cooperatives import ReasonForm
from ..models.cooperative_changes import ChangeNotification
from ..selectors.cooperatives import cooperative_scope
from ..services import cooperative_changes as changes
from ..workflows.cooperatives import NOTIFICATION_WORKFLOW
from .cooperatives import format_html_links


def _run_accept(request, notification, form, target):
    changes.notification_accept(notification=notification, actor=request.user)
    return _("The notification was accepted.")


def _run_return(request, notification, form, target):
    changes.notification_return(
        notification=notification, actor=request.user, reason=form.cleaned_data["note"]
    )
    return _("The notification was returned for correction.")


def _return_form(*args, **kwargs):
    return ReasonForm(*args, label=_("What the cooperative should correct"), **kwargs)


NOTIFICATION_ACTIONS = ActionSet(
    NOTIFICATION_WORKFLOW,
    [
        Action("accept", _("Accept the notification"), _run_accept, style=PRIMARY, one_click=True),
        Action(
            "return",
            _("Return for correction"),
            _run_return,
            form=_return_form,
            submit_label=_("Return for correction"),
        ),
    ],
)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        late = Q(filed_at__isnull=True, due_on__lt=today) | Q(
            filed_at__isnull=False, filed_at__date__gt=F("due_on")
        )
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(ChangeNotification)
class ChangeNotificationAdmin(StatusPanelMixin, ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["cooperative", "kind", "changed_on", "due_on", "status", "overdue_display"]
    list_filter = [WorkQueueFilter, OverdueFilter, "status", "kind"]
    list_select_related = ["cooperative"]
    search_fields = ["cooperative__name"]
    change_form_template = "casebook/cooperatives/admin/notification_change_form.html"
    panel_actions = NOTIFICATION_ACTIONS
    readonly_fields = [
        "cooperative",
        "kind",
        "changed_on",
        "due_on",
        "overdue_display",
        "new_value",
        "status",
        "filed_at",
        "return_reason",
        "files_display",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user, path="cooperative"))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue_display(self, obj):
        return obj.is_overdue(timezone.localdate())

    @admin.display(description=_("Documents"))
    def files_display(self, obj):
        return format_html_links(list(attachments_of(obj))) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="casebook_changenotification_step",
            ),
            *super().get_urls(),
        ]

    def panel_action_url(self, obj, action):
        return reverse("admin:casebook_changenotification_step", args=[obj.pk, action.name])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notification = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(notification).select_related("actor"),
            "workflow": NOTIFICATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, pk, step):
        notification = self.get_object(request, str(pk))
        change_url = reverse("admin:casebook_changenotification_change", args=[notification.pk])
        action = NOTIFICATION_ACTIONS.find(step)
        # Accepting is a button on the page: only its POST comes here.
        if action is None or (action.form is None and request.method != "POST"):
            return redirect(change_url)
        return action_page(request, self, action, notification, change_url=change_url)
