"""The bureau's review admin (being written)."""

from django.contrib import admin

from portal.admin_scope import ScopedModelAdmin

from .models import Application


@admin.register(Application)
class ApplicationAdmin(ScopedModelAdmin):
    scope_municipality = "municipality"
    scope_bureau = "bureau"
