"""View counts for the "most viewed" order, without a write per page view.

Each process counts views in memory and adds them to the database at most once a minute
(one UPDATE per case study viewed). A crash loses at most a minute of counts: the order
by popularity does not need more precision than that.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from django.db.models import F

from ..models import CaseStudy

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
FLUSH_PENDING = 10_000

_lock = threading.Lock()
_pending: Counter = Counter()
_pending_total = [0]
_last_flush = time.monotonic()


def case_study_viewed(case_study_id: int) -> None:
    with _lock:
        _pending[int(case_study_id)] += 1
        _pending_total[0] += 1
        due = _pending_total[0] >= FLUSH_PENDING or time.monotonic() - _last_flush >= FLUSH_SECONDS
    if due:
        popularity_flush()


def popularity_flush() -> int:
    """Write the counted views to the database. Returns the number of views written."""
    global _last_flush
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _pending_total[0] = 0
        _last_flush = time.monotonic()
    # One UPDATE per distinct number of views (most case studies were seen once or twice
    # in a minute), not one per case study.
    by_count: dict[int, list[int]] = {}
    for pk, count in pending.items():
        by_count.setdefault(count, []).append(pk)
    written = 0
    for count, pks in by_count.items():
        try:
            CaseStudy.objects.filter(pk__in=pks).update(view_count=F("view_count") + count)
            written += count * len(pks)
        except Exception:
            logger.exception("could not record %d views of %d case studies", count, len(pks))
    return written


atexit.register(lambda: _pending and popularity_flush())
