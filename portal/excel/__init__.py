"""Excel in the admin: every list as .xlsx (admin.ExcelExportMixin, on every ScopedModelAdmin),
the workbook writer (workbooks), and the one import engine (imports) whose pages are in
import_views. Pillars register their importers from plugins.py."""
