"""Learn the frequent words of every published case study as search index terms (after an
upgrade or a bulk import; publications do it for their own case study). Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import connection

from casebook.services.search import search_terms_learn_all


class Command(BaseCommand):
    help = "Learn the frequent words of the published case studies as search index terms."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Search terms are learnt on PostgreSQL only: nothing to do.")
            return
        learnt = search_terms_learn_all()
        listed = f": {', '.join(learnt)}" if learnt else "."
        self.stdout.write(f"{len(learnt)} search terms learnt{listed}")
