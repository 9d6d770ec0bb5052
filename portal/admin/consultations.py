"""The consultation desk in the admin: categories and consultations."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import permissions, selectors
from ..actions import Action, ActionAdminMixin, ActionSet, error_text
from ..admin_scope import ReadOnlyInline, ScopedModelAdmin
from ..models import (
    Consultation,
    ConsultationCategory,
    ConsultationReply,
    Role,
    User,
)
from ..municipality_fields import MunicipalityChoiceField
from ..services import consultations as consultation_services
from ..workflow import CONSULTATION_WORKFLOW
from ..workqueue import WorkQueueFilter, assignee_filter


@admin.register(ConsultationCategory)
class ConsultationCategoryAdmin(ScopedModelAdmin):
    master_data = True
    scope_municipality = None
    list_display = ["name", "code", "routed_to_hq", "is_active", "order"]
    list_editable = ["is_active", "order"]

    def scope(self, request, queryset):
        return queryset if permissions.can_use_admin(request.user) else queryset.none()


class ReplyInline(ReadOnlyInline):
    model = ConsultationReply
    fields = ["created_at", "author", "from_desk", "body"]
    readonly_fields = fields


class ConsultationAdminForm(forms.ModelForm):
    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the asker by email; the consultation becomes answered."),
    )

    class Meta:
        model = Consultation
        fields = ["assigned_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields and self.instance.pk:
            bureau_id = self.instance.bureau_id or (
                self.instance.municipality.bureau_id if self.instance.municipality else None
            )
            officers = User.objects.filter(is_active=True, role__in=[Role.BUREAU, Role.HQ])
            if bureau_id:
                officers = officers.filter(role=Role.HQ) | officers.filter(bureau_id=bureau_id)
            self.fields["assigned_to"].queryset = officers


class HandOverForm(forms.Form):
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        help_text=_(
            "Its staff see the question and answer it in the same thread; the asker keeps "
            "their private link. You still see it."
        ),
    )
    note = forms.CharField(
        label=_("Note to the municipality"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role == Role.BUREAU and not user.is_superuser:
            field = self.fields["municipality"]
            field.queryset = field.queryset.filter(bureau_id=user.bureau_id)


def _run_hand_over(request, consultation, form, target):
    municipality = form.cleaned_data["municipality"]
    consultation_services.consultation_hand_over(
        consultation=consultation,
        municipality=municipality,
        actor=request.user,
        note=form.cleaned_data["note"],
    )
    return _("Handed over to %(name)s: its staff have been told.") % {
        "name": municipality.display_name
    }


CONSULTATION_ACTIONS = ActionSet(
    CONSULTATION_WORKFLOW,
    [
        Action(
            "hand_over",
            _("Hand over to the municipality"),
            _run_hand_over,
            form=HandOverForm,
            submit_label=_("Hand over"),
            error_field="municipality",
        )
    ],
    may_act=permissions.can_hand_over_consultation,
)


@admin.register(Consultation)
class ConsultationAdmin(ActionAdminMixin, ScopedModelAdmin):
    object_actions = CONSULTATION_ACTIONS
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset()
    form = ConsultationAdminForm
    list_display = [
        "reference_display",
        "subject",
        "category",
        "municipality",
        "status",
        "assigned_to",
        "created_at",
    ]
    list_filter = [WorkQueueFilter, assignee_filter("assigned_to"), "status", "category", "bureau"]
    list_select_related = ["category", "municipality", "assigned_to"]
    search_fields = ["subject", "question", "municipality__name"]
    readonly_fields = [
        "reference_display",
        "category",
        "municipality",
        "bureau",
        "answering_municipality",
        "asker_name",
        "asker_email",
        "subject",
        "question",
        "status",
        "created_at",
        "answered_at",
        "page_link",
    ]
    fields = [*readonly_fields, "assigned_to", "answer"]
    inlines = [ReplyInline]

    def scope(self, request, queryset):
        ids = selectors.consultations_visible_to(request.user).values("pk")
        return queryset.filter(pk__in=ids)

    def get_urls(self):
        return [*self.action_urls(), *super().get_urls()]

    def action_form_kwargs(self, request, obj, action):
        return {"user": request.user}

    @admin.display(description=_("reference"), ordering="pk")
    def reference_display(self, obj):
        return obj.reference

    @admin.display(description=_("page"))
    def page_link(self, obj):
        url = reverse("portal:consultation_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the consultation page"))

    def save_model(self, request, obj, form, change):
        if "assigned_to" in form.changed_data and obj.assigned_to:
            consultation_services.consultation_assign(
                consultation=obj, officer=obj.assigned_to, actor=request.user
            )
        answer = form.cleaned_data.get("answer", "").strip()
        if answer:
            try:
                consultation_services.consultation_reply(
                    consultation=obj, actor=request.user, body=answer
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
