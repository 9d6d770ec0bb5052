"""Strategies in the admin (#21): a list in the officer's scope (their bureau's
municipalities' 総合戦略 and their region's policy; HQ all), each linking to its working
page, where the strategy is edited and advised on. Nothing is edited here: the editors
are municipal staff and the region's officers on the working pages, which keep the
versions and the advice."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..admin_scope import ScopedModelAdmin
from ..japanese import nendo
from ..models import Role, Strategy
from ..selectors import strategy as selectors


@admin.register(Strategy)
class StrategyAdmin(ScopedModelAdmin):
    view_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()
    fiscal_year_fields = ()
    list_display = ("title", "kind", "owner", "period", "status", "working_page")
    list_filter = ("kind", "status", "region")
    search_fields = ("title", "municipality__name")
    list_select_related = ("region", "municipality")
    fields = ("kind", "region", "municipality", "title", "start_year", "end_year", "summary", "url")

    def scope(self, request, queryset):
        return queryset.filter(pk__in=selectors.strategies_visible_to(request.user).values("pk"))

    @admin.display(description=_("Region or municipality"))
    def owner(self, obj):
        return obj.owner_name

    @admin.display(description=_("Period"))
    def period(self, obj):
        return f"{nendo(obj.start_year)}〜{nendo(obj.end_year)}"

    @admin.display(description=_("Working page"))
    def working_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:strategy_work", args=[obj.pk]), _("Open")
        )
