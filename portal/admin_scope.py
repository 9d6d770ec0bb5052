"""The admin side of scoping: one mixin every admin of scoped data uses.

Rows come from the same scope rules as views (selectors.scope_q); what a role may do is
declared per admin with role sets rather than Django's per-model permission table, so that
"a bureau officer sees only their bureau" is stated once and cannot drift.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import permissions
from .excel.admin import ExcelExportMixin
from .forms import FiscalYearField
from .models import Role
from .selectors import scope_q


class ListTitleChangeList(ChangeList):
    """「交付申請の一覧」 rather than Django's 「変更する交付申請を選択」: officers open a list to
    read it, and most lists here are read-only."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if not self.is_popup:
            self.title = _("List of %(name)s") % {"name": self.opts.verbose_name_plural}


class ScopedAdminMixin:
    # Reference tables (スキル, 経費区分 …) set this: the admin home lists them in 「マスタ管理」.
    master_data = False
    scope_municipality: str | None = "municipality"
    scope_bureau: str | None = None
    view_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles: frozenset = frozenset({Role.HQ})
    change_roles: frozenset = frozenset({Role.HQ})
    delete_roles: frozenset = frozenset()
    # A 年度 is chosen by its name (令和7年度), never typed as a 西暦 number: these columns
    # are edited as portal.forms.FiscalYearField, from ``fiscal_year_first`` to next 年度.
    fiscal_year_fields: tuple[str, ...] = ("fiscal_year",)
    fiscal_year_first = 2010
    fiscal_year_ahead = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.fiscal_year_fields and not db_field.choices:
            return FiscalYearField(
                first=self.fiscal_year_first,
                ahead=self.fiscal_year_ahead,
                blank=True,
                label=capfirst(db_field.verbose_name),
                required=not db_field.blank,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def scope(self, request, queryset):
        return queryset.filter(
            scope_q(request.user, municipality=self.scope_municipality, bureau=self.scope_bureau)
        )

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return ListTitleChangeList

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Out of scope looks exactly like not existing: 404, not a redirect with a hint.
            raise Http404
        return obj

    def _role_allowed(self, request, roles) -> bool:
        user = request.user
        if not permissions.can_use_admin(user):
            return False
        if user.is_superuser:
            return True
        return user.role in roles

    def response_action(self, request, queryset):
        # Django would answer a hand-made POST with malformed ids ("on", "x") with a 500.
        try:
            return super().response_action(request, queryset)
        except (ValueError, ValidationError):
            self.message_user(
                request, _("The selection was not valid. Select rows again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def has_module_permission(self, request):
        return self._role_allowed(request, self.view_roles)

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles | self.change_roles)

    def has_add_permission(self, request, *args):
        return self._role_allowed(request, self.add_roles)

    def has_change_permission(self, request, obj=None):
        return self._role_allowed(request, self.change_roles)

    def has_delete_permission(self, request, obj=None):
        return self._role_allowed(request, self.delete_roles)


class ScopedModelAdmin(ExcelExportMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Every admin of the portal: scoped rows, and its list as .xlsx (portal.excel.admin)."""


class EditableInlineMixin:
    """An inline whose rows may be added, changed and deleted exactly when ``editable``
    says so for the parent ``obj`` (None on the parent's add page): a draft's questions, a
    project's rows, a person's availability. Put it before the Django inline class."""

    def editable(self, request, obj) -> bool:
        raise NotImplementedError

    def has_add_permission(self, request, obj=None):
        return self.editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.editable(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.can_use_admin(request.user)
