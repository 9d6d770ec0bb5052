from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors
from .admin_scope import ReadOnlyInline, ScopedModelAdmin
from .forms import DeclineForm
from .models import (
    AccessRequest,
    AuditEvent,
    Bureau,
    Consultation,
    ConsultationCategory,
    ConsultationReply,
    Document,
    Event,
    Municipality,
    Notification,
    Region,
    Registration,
    Role,
    User,
)
from .pagecache import PublicPagesAdminMixin
from .services import accounts as account_services
from .services import consultations as consultation_services
from .workflow import ACCESS_REQUEST_WORKFLOW, InvalidTransition

# --- Reference data: read-only, except the few fields HQ keeps up to date ----------------


class ReferenceAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    """Reference data comes from the verified CSVs by migration: never added or deleted here.
    The public municipality pages show it: a save makes the cached pages stale."""

    add_roles = frozenset()
    delete_roles = frozenset()


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    scope_municipality = None
    scope_bureau = None
    list_display = ["name", "name_en", "code"]
    change_roles = frozenset()

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if permissions.can_use_admin(request.user) else qs.none()


@admin.register(Bureau)
class BureauAdmin(ReferenceAdmin):
    list_display = ["name", "kind", "region", "seat", "chief_name"]
    list_filter = ["region", "kind"]
    list_select_related = ["region", "seat"]
    readonly_fields = ["code", "name", "name_en", "kind", "region", "seat", "order"]
    fields = [*readonly_fields, "chief_title", "chief_name"]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if permissions.can_use_admin(request.user) else qs.none()


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceAdmin):
    list_display = ["code", "name", "kana", "kind", "bureau"]
    list_filter = ["bureau__region", "bureau", "kind"]
    search_fields = ["code", "name", "kana", "romaji"]
    list_select_related = ["bureau"]
    readonly_fields = ["code", "name", "kana", "romaji", "kind", "bureau"]
    fields = [*readonly_fields, "mayor_title", "mayor_name", "population", "website"]
    list_per_page = 50

    def get_queryset(self, request):
        # Reference data is public; every admin user sees all 179.
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if permissions.can_use_admin(request.user) else qs.none()


# --- Users and access ---------------------------------------------------------------------


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "name",
            "role",
            "municipality",
            "bureau",
            "department",
            "language",
            "is_active",
        ]

    def clean_email(self):
        # Addresses are stored lower-case (as the sign-up form does), and an address another
        # account signs in with, even as a secondary allauth address, is not free.
        email = self.cleaned_data["email"].strip().lower()
        if selectors.user_email_taken(email, user=self.instance):
            raise ValidationError(
                _("Another account already uses this email address."), code="email_taken"
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.MUNICIPAL and not data.get("municipality"):
            self.add_error("municipality", _("Municipal staff need a municipality."))
        if data.get("role") == Role.BUREAU and not data.get("bureau"):
            self.add_error("bureau", _("Bureau officers need a bureau."))
        if data.get("role") == Role.GROUP and not data.get("municipality"):
            # The database requires it (group_has_municipality): say so instead of a 500.
            self.add_error("municipality", _("A local group needs a municipality."))
        return data


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


@admin.register(User)
class UserAdmin(ScopedModelAdmin, BaseUserAdmin):
    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    form = UserAdminForm
    list_display = ["email", "name", "role", "municipality", "bureau", "is_active", "last_login"]
    list_filter = ["role", "is_active", "bureau"]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["email", "name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "name", "department", "language", "is_active"]}),
        (_("Role and scope"), {"fields": ["role", "municipality", "bureau"]}),
    ]
    add_form = UserCreationAdminForm
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def scope(self, request, queryset):
        if not permissions.is_hq(request.user):
            return queryset.none()
        if not request.user.is_superuser:
            # Only superusers manage superusers. To HQ staff they are out of scope, so
            # their change, password, history and delete pages are 404 like any other
            # row one may not see, and they are not listed: HQ has nothing to do with the
            # break-glass accounts, and listing them would only show whom to phish.
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_manage_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_manage_user(request.user, obj))

    def save_model(self, request, obj, form, change):
        role_fields = {"role", "municipality", "bureau"}
        if not change:
            super().save_model(request, obj, form, change)
            return
        other = [f for f in form.changed_data if f not in {*role_fields, "email"}]
        if other:
            obj.save(update_fields=other)
        if "email" in form.changed_data:
            # The sign-in addresses (allauth) follow, and the old address is told.
            try:
                account_services.user_change_email(
                    user=obj, email=form.cleaned_data["email"], actor=request.user
                )
            except ValidationError as error:
                # Only a race with another change gets here; the form checked the address.
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if role_fields & set(form.changed_data):
            # Admin access and the role's invariants are kept by the service.
            account_services.user_set_role(
                user=obj,
                role=obj.role,
                municipality=obj.municipality,
                bureau=obj.bureau,
                actor=request.user,
            )


@admin.register(AccessRequest)
class AccessRequestAdmin(ScopedModelAdmin):
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset()
    # A local group's request (role) is decided by its municipality on the portal; HQ can
    # stand in here, bureau officers only see it.
    list_display = [
        "user",
        "user_email",
        "municipality",
        "role",
        "department",
        "group_name",
        "status",
        "created_at",
    ]
    list_filter = ["status", "role", "municipality__bureau"]
    list_select_related = ["user", "municipality"]
    search_fields = ["user__email", "user__name", "municipality__name", "group_name"]
    readonly_fields = [
        "user",
        "municipality",
        "role",
        "department",
        "group_name",
        "position",
        "phone",
        "reason",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "created_at",
    ]
    actions = ["approve_selected"]
    change_form_template = "admin/portal/accessrequest/change_form.html"

    @admin.display(description=_("email address"))
    def user_email(self, obj):
        return obj.user.email

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="portal_accessrequest_approve",
            ),
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="portal_accessrequest_decline",
            ),
            *super().get_urls(),
        ]

    def _get(self, request, pk):
        return self.get_object(request, str(pk))

    def approve_view(self, request, pk):
        access_request = self._get(request, pk)
        if request.method == "POST":
            try:
                account_services.access_request_approve(request=access_request, actor=request.user)
            except (InvalidTransition, ValidationError, PermissionDenied) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Access approved for %(user)s.") % {"user": access_request.user},
                    messages.SUCCESS,
                )
        return redirect("admin:portal_accessrequest_change", access_request.pk)

    def decline_view(self, request, pk):
        access_request = self._get(request, pk)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                account_services.access_request_decline(
                    request=access_request, actor=request.user, note=form.cleaned_data["note"]
                )
            except (InvalidTransition, ValidationError, PermissionDenied) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.message_user(request, _("The request has been declined."), messages.SUCCESS)
            return redirect("admin:portal_accessrequest_change", access_request.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": access_request,
            "form": form,
            "title": _("Decline access request"),
        }
        return render(request, "admin/portal/accessrequest/decline.html", context)

    @admin.action(description=_("Approve selected requests"))
    def approve_selected(self, request, queryset):
        done = 0
        for access_request in queryset.filter(status=AccessRequest.Status.PENDING):
            try:
                account_services.access_request_approve(request=access_request, actor=request.user)
                done += 1
            except (InvalidTransition, ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, f"{access_request}: {_error_text(error)}", messages.ERROR
                )
        if done:
            self.message_user(
                request, _("%(count)d requests approved.") % {"count": done}, messages.SUCCESS
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_decide": obj.status == AccessRequest.Status.PENDING
            and permissions.can_decide_access_request(request.user, obj),
            "events": AuditEvent.objects.for_object(obj).select_related("actor"),
            "workflow": ACCESS_REQUEST_WORKFLOW,
            # Every field is read-only: deciding is done with the buttons, not by saving.
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)


def _error_text(error) -> str:
    if isinstance(error, InvalidTransition):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(_("You cannot do this."))


# --- Consultation desk --------------------------------------------------------------------


@admin.register(ConsultationCategory)
class ConsultationCategoryAdmin(ScopedModelAdmin):
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


@admin.register(Consultation)
class ConsultationAdmin(ScopedModelAdmin):
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
    list_filter = ["status", "category", "bureau"]
    list_select_related = ["category", "municipality", "assigned_to"]
    search_fields = ["subject", "question", "municipality__name"]
    readonly_fields = [
        "reference_display",
        "category",
        "municipality",
        "bureau",
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
                self.message_user(request, " ".join(error.messages), messages.ERROR)


# --- Audit, notifications, documents: read-only records -----------------------------------


class RecordAdmin(ScopedModelAdmin):
    """Records the system writes; HQ reads them; nobody edits or deletes them here."""

    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_status",
        "to_status",
        "actor",
    ]
    list_filter = ["content_type", "action"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_id", "comment"]

    # Append-only for everyone, superusers included (who would otherwise pass every role
    # check): no add, edit or delete page and no delete action. The database refuses too
    # on PostgreSQL (trigger of migration 0003).
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ["created_at", "email", "kind", "subject", "status", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "subject"]
    exclude = ["recipient"]


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ["created_at", "kind", "title", "status", "finished_at"]
    list_filter = ["kind", "status"]
    # The file is in private storage, which has no URL: Django's read-only file field
    # would link it and fail (500). Show the stored name; the PDF is served by the
    # scope-checked view of the record it belongs to.
    exclude = ["html", "file"]
    readonly_fields = ["stored_file"]

    @admin.display(description=_("file"))
    def stored_file(self, obj):
        return obj.file.name or "—"


# --- Events ---------------------------------------------------------------------------------


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organisation", "status", "attended", "created_at"]
    readonly_fields = ["name", "email", "organisation", "status", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ScopedModelAdmin):
    """Bureaus run their own events; HQ runs HQ events and sees all. Attendance is ticked
    on the registrations after the event."""

    scope_municipality = None
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = [
        "title",
        "category",
        "starts_at",
        "bureau",
        "capacity",
        "is_published",
        "is_cancelled",
    ]
    list_filter = ["category", "is_published", "bureau"]
    search_fields = ["title", "place"]
    inlines = [RegistrationInline]

    def scope(self, request, queryset):
        user = request.user
        if permissions.is_hq(user):
            return queryset
        if user.role == Role.BUREAU:
            return queryset.filter(bureau_id=user.bureau_id)
        return queryset.none()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not permissions.is_hq(request.user) and "bureau" in form.base_fields:
            field = form.base_fields["bureau"]
            field.queryset = field.queryset.filter(pk=request.user.bureau_id)
            field.required = True
        return form
