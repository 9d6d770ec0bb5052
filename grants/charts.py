"""The charts moved to the kernel (portal.charts); kept so imports keep working."""

from portal.charts import Bar, bar_chart_svg

__all__ = ["Bar", "bar_chart_svg"]
