import pytest

from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def allocation(db):
    return AllocationFactory()


@pytest.fixture
def draft(sapporo_staff, call):
    return ApplicationFactory(call=call, created_by=sapporo_staff)
