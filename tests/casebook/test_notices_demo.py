"""`make run` loads demo notices: two public ones, an internal 要確認 事務連絡 that 札幌市's
staff must confirm, and a draft; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from casebook.models import Notice, NoticeReceipt, NoticeStatus
from casebook.selectors.notices import notices_public
from portal import registry
from portal.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_notices_twice_without_duplicates(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    assert Notice.objects.count() == 4
    assert Notice.objects.filter(status=NoticeStatus.DRAFT).count() == 1
    assert notices_public().count() == 2
    to_confirm = Notice.objects.get(requires_confirmation=True)
    assert NoticeReceipt.objects.filter(notice=to_confirm, municipality_id="011002").exists()
    sapporo = User.objects.get(email="sapporo@demo.example.jp")
    assert any(to_confirm.title in item.title for item in registry.todos_for(sapporo))
