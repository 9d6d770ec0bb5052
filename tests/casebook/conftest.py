import pytest
from django.conf import settings

from casebook.models import Editor
from portal import pagecache
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # The kernel's fixture clears the shared cache; forget this process's copy too.
    pagecache.reset_local()
    yield
    pagecache.reset_local()


@pytest.fixture
def editor(db):
    user = UserFactory(hq=True, name="編集 太郎")
    Editor.objects.create(user=user)
    return user


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def reload_themes():
    """Transactional tests flush the database, themes included: load them again."""
    from importlib import import_module

    from django.apps import apps

    from casebook.models import Theme

    if not Theme.objects.exists():
        import_module("casebook.migrations.0002_themes").load(apps, None)
