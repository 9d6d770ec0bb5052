"""Queueing background work from services without importing the tasks (CONVENTIONS §6).

Services name a task ("portal.tasks.render_document") and it is sent once the current
transaction commits, so a worker never sees a row that a rollback undid, and the services
module never imports its app's tasks module (which imports the services: a cycle).

A broker that is down is logged, never raised: every queued job here has a periodic sweep
or a first-use fallback, so the user's save must not fail because the queue did.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args, **kwargs) -> None:
    """Send the Celery task registered as ``task_name`` with ``args`` once the current
    transaction commits (at once outside one). Eager settings run it in-process."""
    transaction.on_commit(lambda: send_now(task_name, *args, **kwargs))


def send_now(task_name: str, *args, **kwargs) -> bool:
    """Send the task immediately (for callers outside any write, such as a search that learns
    a term). Returns False when it could not be queued."""
    module, _, name = task_name.rpartition(".")
    try:
        # Imported by name here, at send time: the tasks module may import the services.
        task = getattr(import_module(module), name)
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.warning("could not queue %s%r", task_name, args)
        return False
    return True
