"""Reference data in the admin: regions, bureaus and municipalities, read-only except the
few fields HQ keeps up to date."""

from django.contrib import admin

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import (
    Bureau,
    Municipality,
    Region,
)
from ..pagecache import PublicPagesAdminMixin


class ReferenceAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    """Reference data comes from the verified CSVs by migration: never added or deleted here.
    The public municipality pages show it: a save makes the cached pages stale."""

    master_data = True
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
