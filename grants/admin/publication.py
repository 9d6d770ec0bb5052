"""HQ chooses in the admin which fields the public list of grant decisions shows: one row
(the 年度, municipality and amount are always public). Bureau officers and everyone else
have no access (the admin answers 403); a save refreshes the cached public pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedModelAdmin
from portal.models import Role
from portal.pagecache import PublicPagesAdminMixin

from ..models import DecisionPublication
from ..models.publication import SINGLETON_PK

HQ_ONLY = frozenset({Role.HQ})


@admin.register(DecisionPublication)
class DecisionPublicationAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    scope_municipality = None
    view_roles = HQ_ONLY
    add_roles = HQ_ONLY
    change_roles = HQ_ONLY
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "The fiscal year, the municipality and the amount decided are always "
                    "public. Tick the other fields the public list, its CSV and JSON show."
                ),
                "fields": [
                    "show_title",
                    "show_programme",
                    "show_bureau",
                    "show_decided_on",
                    "show_reference",
                ],
            },
        )
    ]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        # One row: adding again replaces it (no query to hide the add button, which the
        # admin's menu on every page would pay for).
        obj.pk = SINGLETON_PK
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
