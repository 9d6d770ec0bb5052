"""The kernel's gap-free numbering: one sequence per key and scope, taken under a lock in the
transaction that uses the number, and the pillars' old sequences carried over unchanged."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from portal.models import NumberSequence
from portal.services.numbering import next_number

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_key_and_scope():
    assert [next_number("grants.notice", 1, 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number("grants.notice", 1, 2027) == 1
    assert next_number("grants.notice", 2, 2026) == 1
    assert next_number("dispatch.notice", 1, 2026) == 1
    assert next_number("casebook.certificate", 2026) == 1
    assert NumberSequence.objects.get(key="grants.notice", scope="1:2026").last_number == 3


def test_a_rolled_back_transaction_gives_its_number_back():
    next_number("grants.application", 1, 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("grants.application", 1, 2026) == 2
        raise RuntimeError
    assert next_number("grants.application", 1, 2026) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["new-sequence", "existing-sequence"])
def test_concurrent_callers_get_consecutive_numbers(existing):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    if existing:
        next_number("dispatch.request", 1, 2026)
    callers = 6
    barrier = threading.Barrier(callers)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                numbers.append(next_number("dispatch.request", 1, 2026))
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    first = 2 if existing else 1
    assert sorted(numbers) == list(range(first, first + callers))


BEFORE = [
    ("grants", "0006_section_versions"),
    ("dispatch", "0008_edit_versions"),
    ("casebook", "0006_edit_versions"),
]
# The three migrations that moved the pillars' sequences into the kernel's table.
MOVES = [
    ("grants", "0007_number_sequences_to_kernel"),
    ("dispatch", "0009_number_sequences_to_kernel"),
    ("casebook", "0007_number_sequences_to_kernel"),
]


def run(moves, *, backwards: bool):
    """Unapply or apply just ``moves``, each from the state just before it: the migrations
    after them touch neither the old tables nor the kernel's, so the rest of the schema stays
    as it is. Migrating every app back and forth instead cost about 20 s of CPU (Django
    renders the historical models again after each operation of every later migration)."""
    executor = MigrationExecutor(connection)
    for key in moves:
        state = executor.loader.project_state(key, at_end=False)
        migration = executor.loader.graph.nodes[key]
        if backwards:
            executor.unapply_migration(state, migration)
        else:
            executor.apply_migration(state, migration)
    return executor.loader.project_state(BEFORE).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_every_sequence_over_and_numbering_continues():
    try:
        old = run(MOVES, backwards=True)
        grants = old.get_model("grants", "NumberSequence").objects
        grants.create(scope="reference:3:2026", last_number=12)
        grants.create(scope="notice:3:2026", last_number=7)
        dispatch = old.get_model("dispatch", "NumberSequence").objects
        dispatch.create(scope="request:3:2026", last_number=4)
        dispatch.create(scope="notice:3:2026", last_number=9)
        casebook = old.get_model("casebook", "CooperativeNumber").objects
        casebook.create(scope="reference:3:2026", last_number=2)
        casebook.create(scope="certificate:2026", last_number=5)
    finally:
        run(MOVES, backwards=False)  # the next tests find the schema as it is
    assert next_number("grants.application", 3, 2026) == 13
    assert next_number("grants.notice", 3, 2026) == 8
    assert next_number("dispatch.request", 3, 2026) == 5
    assert next_number("dispatch.notice", 3, 2026) == 10
    assert next_number("casebook.cooperative", 3, 2026) == 3
    assert next_number("casebook.certificate", 2026) == 6
    assert NumberSequence.objects.count() == 6
