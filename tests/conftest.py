import os
import socket
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.utils import translation

from portal.celery import app as celery_app
from tests.factories import ConsultationFactory, UserFactory


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _drop_celery_pools():
    # kombu keeps one pool per broker URL; the app only needs to look it up again.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str, *, eager: bool = False):
    """Publish to ``url`` (really, not eagerly) inside the block. Celery keeps its connection
    and producer pools bound to the broker they were made for, so changing ``broker_url``
    alone would keep publishing to the previous one: the pools are dropped on the way in
    and on the way out."""
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, eager
    _drop_celery_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        _drop_celery_pools()


# The tests that take longest, run first. pytest-xdist hands tests to the workers in the
# order collected; with these at the end (tests/portal sorts last), one worker was still
# typesetting the annual report or crawling the admin while the other sat idle. Longest
# first, the short tests fill the gaps at the end (the classic scheduling rule). This runs
# before pytest-django's own ordering, whose stable sort then keeps it within each of its
# classes: tests in a rolled-back transaction, then those that flush the database (the
# browser journeys: they reload the reference data they need), then those without one.
LONGEST_FIRST = (
    "tests/e2e/",
    "tests/portal/test_annual_report_pdf.py",
    "tests/hardening/",
    "tests/portal/test_admin_bad_ids.py",
    "tests/portal/test_excel_import.py",
    "tests/portal/test_settings.py",
    "tests/portal/test_demo.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    def rank(item):
        return next(
            (i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
            len(LONGEST_FIRST),
        )

    items.sort(key=rank)  # stable: the order within each group is kept
    _keep_xdist_groups(config, items)


def _keep_xdist_groups(config, items):
    """Tests marked ``xdist_group`` run in one worker (``--dist loadgroup``): a module that
    loads the demo once for all its tests relies on it. pytest-xdist 3.8 tells its scheduler
    the group by appending "@group" to ``item._nodeid``, which pytest 9.2 no longer reads (the
    id is ``item._id``): every group was silently split across the workers, each loading the
    demo again (the crawl as each role ran half in each). The id is set here the way pytest
    9.2 keeps it, to the string xdist means; on an older pytest xdist's own works."""
    if not getattr(config.option, "loadgroup", False) or not hasattr(
        items[0] if items else None, "_id"
    ):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if names and item.nodeid.rfind("@") <= item.nodeid.rfind("]"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits and other cached state must not leak between tests, nor the pages the page
    # cache keeps in this process.
    from portal import pagecache

    cache.clear()
    pagecache.reset_local()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    # A test that activates English (a request with the language cookie, an admin page)
    # must not make the next test's service messages English: every test starts in the
    # portal's default language, Japanese, whatever ran before it.
    translation.activate("ja")
    yield
    translation.deactivate()


@pytest.fixture
def sapporo_staff(db):
    return UserFactory(sapporo=True)


@pytest.fixture
def ebetsu_staff(db):
    return UserFactory(ebetsu=True)


@pytest.fixture
def hakodate_staff(db):
    return UserFactory(hakodate=True)


@pytest.fixture
def ishikari_officer(db):
    return UserFactory(ishikari_officer=True)


@pytest.fixture
def oshima_officer(db):
    return UserFactory(oshima_officer=True)


@pytest.fixture
def hq_user(db):
    return UserFactory(hq=True)


@pytest.fixture
def advisor(db):
    return UserFactory(advisor=True)


@pytest.fixture
def newcomer(db):
    return UserFactory()


@pytest.fixture
def consultation(sapporo_staff):
    return ConsultationFactory(asker=sapporo_staff)


def in_ci() -> bool:
    return os.environ.get("PORTAL_CI") == "1"


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (live server, real worker) flush the database afterwards, which
    removes the reference data the migrations loaded; load it again when it is missing."""
    from importlib import import_module

    from django.apps import apps

    from portal.models import Region

    if not Region.objects.exists():
        import_module("portal.migrations.0002_reference_data").load(apps, None)
        import_module("portal.migrations.0005_default_notice_prefixes").fill(apps, None)
        import_module("grants.migrations.0002_reference_values").load(apps, None)
        import_module("grants.migrations.0005_policy_themes").load(apps, None)
        import_module("dispatch.migrations.0002_skills").load(apps, None)


@pytest.fixture(autouse=True)
def _no_pending_views():
    """Views counted in memory by one test are neither seen by the next nor flushed at exit,
    after the test database is gone (any page that shows a case study counts a view)."""
    from casebook.services import popularity

    popularity._pending.clear()
    popularity._pending_total[0] = 0
    yield
    popularity._pending.clear()
    popularity._pending_total[0] = 0
