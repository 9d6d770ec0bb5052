"""Run the periodic tasks once, in this process: for `make run`, which has no Celery beat.

Every task on CELERY_BEAT_SCHEDULE is safe to run twice (CONVENTIONS §6), so running them
all now does what beat would have done by now: publish the case studies whose time has come,
send the pending notifications and the day's reminders, clear expired sessions and drafts.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run every periodic task (Celery beat's schedule) once, here and now."

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help="only these schedule entries (e.g. casebook-publish-due)"
        )

    def handle(self, *args, names=(), **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        unknown = sorted(set(names) - set(schedule))
        if unknown:
            raise CommandError(f"Unknown schedule entries: {', '.join(unknown)}")
        for name, entry in schedule.items():
            if names and name not in names:
                continue
            module, _, attr = entry["task"].rpartition(".")
            task = getattr(import_module(module), attr)
            result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
            self.stdout.write(f"{name}: {result.get()!r}")
