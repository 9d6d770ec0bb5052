"""The I3 demo loader: a certified cooperative with a notification falling due, and an
application awaiting the bureau; safe to run twice."""

import io

import pytest

from casebook.demo.cooperatives import load_cooperative_demo
from casebook.models import CertificationApplication, ChangeNotification, Cooperative
from portal import registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates(django_capture_on_commit_callbacks):
    UserFactory(hq=True, email="hq@demo.example.jp")
    with django_capture_on_commit_callbacks(execute=False):
        load_cooperative_demo(io.StringIO())
        load_cooperative_demo(io.StringIO())
    assert Cooperative.objects.count() == 2
    assert Cooperative.objects.filter(certified_on__isnull=False).count() == 1
    statuses = sorted(CertificationApplication.objects.values_list("status", flat=True))
    assert statuses == ["certified", "submitted"]
    assert ChangeNotification.objects.count() == 1
    assert load_cooperative_demo in registry.demo_loaders()
