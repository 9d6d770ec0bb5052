"""One person is never booked for two live sessions at once, across all requests: on
PostgreSQL a rule of the database itself, like the assignments' (0003).

People attend a session through the automatic many-to-many table, which knows neither the
time nor whether the session was cancelled, and a constraint cannot look into another table.
So the table becomes an explicit model (same table, same rows: a change of state only) that
carries a copy of its session's time and cancellation, kept in step by the session services,
and the exclusion constraint is put on it. Sessions touching at the minute (15:00–17:00 and
17:00–18:00) do not clash: the period is half-open.

Old data may already hold clashes, and an exclusion constraint cannot be added NOT VALID.
Rather than fail, the migration marks each booking overlapping an earlier one of the same
person (``legacy_overlap``) and names it in a warning; the constraint leaves those rows out
and the services still count them, so nothing new can be booked over them. Cancelling one
of the two resolves the clash. Where btree_gist cannot be created (no privilege), the
service's check under a lock on the person remains, as for assignments.
"""

import logging

import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery

logger = logging.getLogger(__name__)

CONSTRAINT = "dispatch_session_attendance_no_overlap"
ADD_CONSTRAINT = f"""
ALTER TABLE dispatch_session_people ADD CONSTRAINT {CONSTRAINT}
    EXCLUDE USING gist (person_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (NOT is_cancelled AND NOT legacy_overlap)
"""
DROP_CONSTRAINT = f"ALTER TABLE dispatch_session_people DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def copy_times(apps, schema_editor):
    """Give every attendance its session's time and state."""
    Attendance = apps.get_model("dispatch", "SessionAttendance")
    Session = apps.get_model("dispatch", "Session")
    session = Session.objects.filter(pk=OuterRef("session_id"))
    Attendance.objects.update(
        starts_at=Subquery(session.values("starts_at")[:1]),
        ends_at=Subquery(session.values("ends_at")[:1]),
        is_cancelled=Exists(session.filter(cancelled_at__isnull=False)),
    )
    run_pending_checks(schema_editor)


def run_pending_checks(schema_editor):
    """Updating rows queues their deferred foreign-key checks, and PostgreSQL alters no
    table with checks pending: run them now, then defer again as Django expects."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def mark_legacy_overlaps(apps) -> None:
    """Mark the live bookings that overlap an earlier one of the same person, and say which:
    what is left unmarked has no clash, so the constraint can be added."""
    Attendance = apps.get_model("dispatch", "SessionAttendance")
    rows = (
        Attendance.objects.filter(is_cancelled=False)
        .order_by("person_id", "starts_at", "session_id")
        .values_list(
            "pk", "person_id", "session_id", "session__request__reference", "starts_at", "ends_at"
        )
    )
    marked = []
    person, busy_until = None, None
    for pk, person_id, session_id, reference, starts_at, ends_at in rows.iterator():
        if person_id != person:
            person, busy_until = person_id, ends_at
            continue
        if starts_at < busy_until:
            marked.append(pk)
            logger.warning(
                "dispatch: session %s (%s) overlaps an earlier session of roster entry %s. "
                "It stays booked but is left out of the database rule until one of the two "
                "is cancelled.",
                session_id,
                reference or "-",
                person_id,
            )
        else:
            busy_until = ends_at
    Attendance.objects.filter(legacy_overlap=True).exclude(pk__in=marked).update(
        legacy_overlap=False
    )
    Attendance.objects.filter(pk__in=marked).update(legacy_overlap=True)


def constrain(apps, schema_editor):
    """Mark old clashes, then (PostgreSQL) add the exclusion constraint. Safe to run again."""
    mark_legacy_overlaps(apps)
    run_pending_checks(schema_editor)
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    except DatabaseError:
        return
    schema_editor.execute(DROP_CONSTRAINT)
    schema_editor.execute(ADD_CONSTRAINT)


def unconstrain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONSTRAINT)


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0006_calendar_feed_tokens_per_user")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SessionAttendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="session_attendances",
                                to="dispatch.person",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendances",
                                to="dispatch.session",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "session attendance",
                        "verbose_name_plural": "session attendances",
                        "db_table": "dispatch_session_people",
                        "unique_together": {("session", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="session",
                    name="people",
                    field=models.ManyToManyField(
                        related_name="sessions",
                        through="dispatch.SessionAttendance",
                        to="dispatch.person",
                        verbose_name="people attending",
                    ),
                ),
            ],
            # The automatic table already has these columns, index and unique pair.
            database_operations=[],
        ),
        migrations.AddField(
            model_name="sessionattendance",
            name="starts_at",
            field=models.DateTimeField(null=True, verbose_name="starts at"),
        ),
        migrations.AddField(
            model_name="sessionattendance",
            name="ends_at",
            field=models.DateTimeField(null=True, verbose_name="ends at"),
        ),
        migrations.AddField(
            model_name="sessionattendance",
            name="is_cancelled",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="sessionattendance",
            name="legacy_overlap",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_times, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sessionattendance",
            name="starts_at",
            field=models.DateTimeField(verbose_name="starts at"),
        ),
        migrations.AlterField(
            model_name="sessionattendance",
            name="ends_at",
            field=models.DateTimeField(verbose_name="ends at"),
        ),
        migrations.AddConstraint(
            model_name="sessionattendance",
            constraint=models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_attendance_ends_after_start",
            ),
        ),
        migrations.RunPython(constrain, unconstrain),
    ]
