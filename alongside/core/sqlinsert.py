"""One-row INSERTs for the hottest writes (a check-in, an audit entry), their SQL written once
per database connection.

``Model.save()`` builds the same INSERT again on every call, and for a request that writes one
row and one audit entry, building them cost more than running them. ``insert_row`` sends what
the ORM would send (every concrete column, each value through its field's own ``pre_save`` and
``get_db_prep_save``, so defaults, encryption and JSON are exactly the ORM's), and can skip a
row that would break a unique constraint instead of failing, in the same statement (``ON
CONFLICT DO NOTHING``, on PostgreSQL and SQLite alike), which is how a check-in finds out without
an extra query that it is not the day's first.

Model signals are not sent and ``save()`` is not called: use it only for models whose
``save()`` adds nothing to an insert (the models that use it say so in a test: CheckIn has
Django's own ``save()``, AuditEntry's only refuses updates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import NotSupportedError, connections, models, router, transaction
from django.db.models import NOT_PROVIDED

from alongside.core.dbcache import per_connection

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper


class _InsertSQL:
    def __init__(self, model: type[models.Model], connection: BaseDatabaseWrapper, *, skip_conflicts: bool) -> None:
        meta = model._meta
        pk = meta.pk
        assert pk is not None
        # As Model.save(): every concrete column but an auto-incremented key, which the database
        # assigns, and generated columns, which it computes.
        self.fields = [f for f in meta.concrete_fields if f is not meta.auto_field and not f.generated]
        for field in self.fields:
            if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                raise NotSupportedError(f"insert_row does not fill database defaults ({meta.label}.{field.name})")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        conflict = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
        # Only quoted names from the model's own metadata; every value is a parameter.
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
            f"{conflict} RETURNING {quote(str(pk.column))}"
        )


def insert_row(obj: models.Model, *, skip_conflicts: bool = False) -> bool:
    """INSERT ``obj`` as a new row and set its primary key; True when a row was stored.

    With ``skip_conflicts``, a row that would break a unique constraint is not stored and the
    answer is False (on PostgreSQL the statement first waits for a concurrent insert of the same
    key to commit or roll back, so False means the other row now exists). Without it, such a
    row raises IntegrityError, as ``save()`` would.
    """
    model = type(obj)
    if obj._meta.auto_field is None or obj.pk is not None:
        raise NotSupportedError("insert_row stores new rows whose key the database assigns")
    # As save(): refuse a related object that is not saved yet (it would be stored as NULL).
    obj._prepare_related_fields_for_save(operation_name="insert_row")  # type: ignore[attr-defined]
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    if not connection.features.can_return_columns_from_insert:  # pragma: no cover - SQLite < 3.35
        raise NotSupportedError("insert_row needs INSERT ... RETURNING")
    statement = per_connection(
        connection,
        (_InsertSQL, model, skip_conflicts),
        lambda: _InsertSQL(model, connection, skip_conflicts=skip_conflicts),
    )
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in statement.fields]
    # As save(): a failed statement marks the enclosing atomic block for rollback.
    with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = alias
    return True
