"""「Excelで出力」 on every admin list, and 「Excelから取り込む」 where a pillar registered an
importer (portal.excel.imports). Every ScopedModelAdmin has this mixin, so every list gets it.

The export is the list as the officer sees it: the rows come from the ChangeList itself, so
the list's filters, search, ordering and the admin's scope (get_queryset) all apply, and the
columns are those of list_display with the same headers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import import_views, imports
from .workbooks import Sheet, xlsx_response

MAX_EXPORT_ROWS = 20_000
# Query parameters of the list page that say which page, not which rows.
_PAGE_PARAMS = ("p", "all", "_changelist_filters")


def _is_yen_field(field) -> bool:
    if not isinstance(field, models.IntegerField):
        return False
    with translation.override("en"):
        label = str(field.verbose_name).lower()
    return "yen" in label or "円" in label


class ExcelExportMixin:
    excel_export_enabled = True

    def _excel_url(self, name: str) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}")

    def get_urls(self):
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("excel/export/", wrap(self.excel_export_view), name=f"{prefix}_excel_export"),
            path(
                "excel/import/",
                wrap(self.excel_import_view),
                name=f"{prefix}_excel_import",
            ),
            path(
                "excel/import/template/",
                wrap(self.excel_template_view),
                name=f"{prefix}_excel_template",
            ),
            path(
                "excel/import/preview/",
                wrap(self.excel_preview_view),
                name=f"{prefix}_excel_preview",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.excel_export_enabled and self.has_view_or_change_permission(request):
            query = request.GET.copy()
            for name in _PAGE_PARAMS:
                query.pop(name, None)
            url = self._excel_url("excel_export")
            extra_context["excel_export_url"] = f"{url}?{query.urlencode()}" if query else url
        importer = imports.importer_for(self.model)
        if importer is not None and importer.may_import(request.user):
            extra_context["excel_import_url"] = self._excel_url("excel_import")
        return super().changelist_view(request, extra_context)

    # -- export ----------------------------------------------------------------------------

    def excel_columns(self, request, changelist) -> list[str]:
        return [name for name in changelist.list_display if name != "action_checkbox"]

    def excel_value(self, name, obj):
        field, _attr, value = lookup_field(name, obj, self)
        if field is None:
            return value
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if field.many_to_many:
            return "、".join(str(item) for item in value.all())
        return value

    def excel_export_view(self, request):
        if not self.excel_export_enabled or not self.has_view_or_change_permission(request):
            raise PermissionDenied
        changelist_url = self._excel_url("changelist")
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, _("The list's filters were not valid: choose them again."))
            return HttpResponseRedirect(changelist_url)
        if changelist.result_count > MAX_EXPORT_ROWS:
            messages.error(
                request,
                _("%(count)s rows are too many for one workbook: narrow the list to %(max)s.")
                % {"count": f"{changelist.result_count:,}", "max": f"{MAX_EXPORT_ROWS:,}"},
            )
            return HttpResponseRedirect(changelist_url)
        names = self.excel_columns(request, changelist)
        headers = [label_for_field(name, self.model, self) for name in names]
        yen_columns = frozenset(
            index
            for index, name in enumerate(names)
            if _is_yen_field(_model_field(self.model, name))
        )
        queryset = changelist.get_queryset(request)
        rows = ([self.excel_value(name, obj) for name in names] for obj in queryset)
        opts = self.opts
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            f"{opts.app_label}-{opts.model_name}-{stamp}.xlsx",
            [Sheet(str(opts.verbose_name_plural), headers, rows, yen_columns)],
        )

    # -- import (portal/excel/import_views.py) -----------------------------------------------

    def _importer_or_403(self, request):
        importer = imports.importer_for(self.model)
        if importer is None or not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not importer.may_import(request.user):
            raise PermissionDenied
        return importer

    def excel_import_view(self, request):
        return import_views.upload(self, request, self._importer_or_403(request))

    def excel_template_view(self, request):
        return import_views.template(self, request, self._importer_or_403(request))

    def excel_preview_view(self, request):
        return import_views.preview(self, request, self._importer_or_403(request))


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a callable or an annotation
        return None
