"""National grants advice (F3) in the admin: officers and HQ curate the knowledge base of
national programmes; FAQ entries are corrected or withdrawn by whoever published them.
Entries are created from an answered consultation (grants:national_faq_publish)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.models import Role

from ..models.national import FAQEntry, NationalGrantProgramme
from ..permissions import applications as permissions
from ..services import national as services


class NationalGrantProgrammeForm(forms.ModelForm):
    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")

    class Meta:
        model = NationalGrantProgramme
        fields = [
            "name",
            "ministry",
            "purpose",
            "rate",
            "deadlines",
            "link_text",
            "url",
            "keywords",
            "is_published",
        ]


@admin.register(NationalGrantProgramme)
class NationalGrantProgrammeAdmin(ScopedModelAdmin):
    form = NationalGrantProgrammeForm
    scope_municipality = None
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    delete_roles = frozenset({Role.HQ})
    list_display = ["name", "ministry", "rate", "is_published", "updated_at"]
    list_filter = ["ministry", "is_published"]
    search_fields = ["name", "ministry", "keywords"]
    fields = [
        "name",
        "ministry",
        "purpose",
        "rate",
        "deadlines",
        "link_text",
        "url",
        "keywords",
        "is_published",
    ]

    def scope(self, request, queryset):
        return queryset if portal_permissions.can_use_admin(request.user) else queryset.none()

    def save_model(self, request, obj, form, change):
        services.national_programme_save(programme=obj, actor=request.user)


class FAQEntryForm(forms.ModelForm):
    class Meta:
        model = FAQEntry
        fields = ["question", "answer", "programme"]

    def clean(self):
        data = super().clean()
        source = self.instance.source
        if source is not None:
            found = services.personal_data_in(
                f"{data.get('question', '')}\n{data.get('answer', '')}", source
            )
            if found:
                raise forms.ValidationError(
                    _("Remove personal data (names, email addresses, phone numbers): %(found)s")
                    % {"found": "、".join(found)}
                )
        return data


@admin.register(FAQEntry)
class FAQEntryAdmin(ScopedModelAdmin):
    scope_municipality = None
    add_roles = frozenset()
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = ["short_question", "programme", "bureau", "is_published", "published_at"]
    list_filter = ["is_published", "programme", "bureau"]
    list_select_related = ["programme", "bureau"]
    search_fields = ["question", "answer"]
    form = FAQEntryForm
    fields = ["question", "answer", "programme", "is_published", "published_at", "bureau"]
    readonly_fields = ["is_published", "published_at", "bureau"]
    actions = ["publish_selected", "withdraw_selected"]

    def scope(self, request, queryset):
        user = request.user
        if permissions.is_hq(user):
            return queryset
        if user.role == Role.BUREAU:
            return queryset.filter(bureau_id=user.bureau_id)
        return queryset.none()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_faq_entry(request.user, obj)

    @admin.display(description=_("question"))
    def short_question(self, obj):
        return obj.question[:60]

    def save_model(self, request, obj, form, change):
        try:
            services.faq_update(
                entry=obj,
                actor=request.user,
                question=obj.question,
                answer=obj.answer,
                programme=obj.programme,
            )
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from None

    def _set(self, request, queryset, published: bool):
        done = 0
        for entry in queryset:
            try:
                services.faq_set_published(entry=entry, actor=request.user, published=published)
                done += 1
            except PermissionDenied:
                self.message_user(request, f"{entry}: {_('not allowed')}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)d entries updated.") % {"count": done})

    @admin.action(description=_("Publish the selected entries"))
    def publish_selected(self, request, queryset):
        self._set(request, queryset, True)

    @admin.action(description=_("Withdraw the selected entries from the FAQ"))
    def withdraw_selected(self, request, queryset):
        self._set(request, queryset, False)
