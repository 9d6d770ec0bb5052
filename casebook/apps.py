from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasebookConfig(AppConfig):
    name = "casebook"
    verbose_name = _("Information support")

    def ready(self):
        from portal import registry

        from .demo.case_studies import load_demo
        from .todos.case_studies import casebook_todos
        from .todos.challenges import register as register_challenges
        from .todos.cooperatives import register as register_cooperatives

        registry.register_todo_provider(casebook_todos)
        registry.register_demo_loader(load_demo)
        from . import pagecache

        pagecache.register()  # scheduled publications, made by the first request due
        self._ready_case_studies_regional()
        register_challenges()
        register_cooperatives()

    def _ready_case_studies_regional(self):
        """I2: case studies published and proposed per municipality in the regional view,
        the municipality's case studies on its page there, and the public case studies and
        journal issues in the site's /sitemap.xml."""
        from portal import regional as regional_view
        from portal import registry

        from .regional import case_studies as regional
        from .regional import challenges as regional_challenges
        from .sitemaps import sitemaps

        regional_view.register(regional.MEASURES, regional.provider)
        # I1: challenges by status and theme, liaison meetings held and invitations.
        regional_view.register(regional_challenges.MEASURES, regional_challenges.provider)
        registry.register_municipality_panel(regional.municipality_panel)
        registry.register_sitemaps(sitemaps)
