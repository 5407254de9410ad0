"""The session engine (``SESSION_ENGINE = "alongside.websessions.store"``).

A database-backed store like Django's, whose rows also say whose session it is. Loading a
session fetches, in the same query, the user and the membership the person chose (with its
organization and program). ``accounts.backends.EmailBackend.get_user`` and
``organizations.middleware.viewer_of`` take those instead of querying again; Django's checks
all still run (the session's auth hash against the user's password and session generation,
the account being active, the membership being active and theirs). Anything that does not
line up falls back to the ordinary lookups.
"""

from __future__ import annotations

import contextvars
import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, models, router
from django.utils import timezone

from alongside.organizations.middleware import SESSION_MEMBERSHIP
from alongside.websessions.models import WebSession

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from alongside.accounts.models import User
    from alongside.organizations.models import Membership

# The store of the request whose user is being loaded (set by accounts.middleware around
# django.contrib.auth.get_user, read by EmailBackend.get_user).
loading_store: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar(
    "alongside_loading_session_store", default=None
)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _LoadQuery:
    """The one query that loads a session with its user and chosen membership (and that
    membership's organization and program), written out once per database connection.

    It is what ``select_related("user", "membership__organization", "membership__program")``
    would ask, without the ORM building the same SQL again on every request. Kept because a
    same-run measurement says it is worth its cost: ``bench/run.py session`` times both,
    interleaved on one connection (issue 13, PostgreSQL: 0.37 ms against 1.89 ms at the median;
    the difference is the ORM compiling the five-table SELECT), and every signed-in request
    loads its session. Values go
    through each field's own converters, exactly as the ORM would apply them, so the instances
    are the ones the ORM would have made (``tests/test_session_store.py`` compares them).
    """

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        from alongside.organizations.models import Membership, Organization, Program

        User = get_user_model()

        quote = connection.ops.quote_name
        self.alias = connection.alias
        self.adapt_now = connection.ops.adapt_datetimefield_value
        self.parts: list[tuple[type[models.Model], int, int, int, list[tuple[list[Any], Any]]]] = []
        columns: list[str] = []
        for model, alias in ((WebSession, "s"), (User, "u"), (Membership, "m"), (Organization, "o"), (Program, "p")):
            fields = model._meta.concrete_fields
            # Per column: its converters (possibly none) and the expression they are given.
            converters = []
            for field in fields:
                column = field.get_col(alias)
                chain = field.get_db_converters(connection) + connection.ops.get_db_converters(column)
                converters.append((chain, column))
            pk_at = [field.primary_key for field in fields].index(True)
            self.parts.append((model, len(columns), len(columns) + len(fields), pk_at, converters))
            columns += [f"{alias}.{quote(str(field.column))}" for field in fields]

        def table(model: type[models.Model]) -> str:
            return quote(model._meta.db_table)

        # Only quoted table and column names from the models' own metadata; values are parameters.
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {table(WebSession)} s"  # noqa: S608
            f" LEFT OUTER JOIN {table(User)} u ON u.{quote('id')} = s.{quote('user_id')}"
            f" LEFT OUTER JOIN {table(Membership)} m ON m.{quote('id')} = s.{quote('membership_id')}"
            f" LEFT OUTER JOIN {table(Organization)} o ON o.{quote('id')} = m.{quote('organization_id')}"
            f" LEFT OUTER JOIN {table(Program)} p ON p.{quote('id')} = m.{quote('program_id')}"
            f" WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
        )
        self.connection = connection

    @classmethod
    def of(cls, connection: BaseDatabaseWrapper) -> _LoadQuery:
        """The query for ``connection``, written on first use. A wrapper is per thread and per
        database, and the query binds its quoting and converters, so it is kept on the wrapper."""
        query = connection.__dict__.get("_alongside_session_query")
        if query is None:
            query = connection.__dict__["_alongside_session_query"] = cls(connection)
        return query

    def run(self, session_key: str | None) -> WebSession | None:
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, [session_key, self.adapt_now(timezone.now())])
            values = cursor.fetchone()
        if values is None:
            return None
        built: list[models.Model | None] = []
        for model, start, end, pk_at, converters in self.parts:
            row = list(values[start:end])
            if row[pk_at] is None:  # no such related row
                built.append(None)
                continue
            for i, (chain, column) in enumerate(converters):
                for convert in chain:
                    row[i] = convert(row[i], column, self.connection)
            built.append(model.from_db(self.alias, None, row))  # type: ignore[arg-type]  # from_db takes the row as a tuple; stubs say list
        session, user, membership, organization, program = built
        assert isinstance(session, WebSession)
        _cache(session, "user", user)
        _cache(session, "membership", membership)
        if membership is not None:
            _cache(membership, "organization", organization)
            _cache(membership, "program", program)
        return session


def _cache(instance: models.Model, name: str, value: models.Model | None) -> None:
    instance._meta.get_field(name).set_cached_value(instance, value)  # type: ignore[union-attr]  # get_field may name a reverse relation in the stubs; here it is always a forward key


class SessionStore(DBStore):
    _row: WebSession | None = None

    @classmethod
    def get_model_class(cls) -> type[WebSession]:
        return WebSession

    def create_model_instance(self, data: dict[str, Any]) -> WebSession:
        row = super().create_model_instance(data)
        assert isinstance(row, WebSession)
        row.user_id = _as_int(data.get(SESSION_KEY))
        row.membership_id = _as_int(data.get(SESSION_MEMBERSHIP))
        return row

    def _get_session_from_db(self) -> WebSession | None:
        try:
            row = _LoadQuery.of(connections[router.db_for_read(WebSession)]).run(self.session_key)
        except SuspiciousOperation as e:  # as Django's own store does
            logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            row = None
        if row is None:
            self._session_key = None
        return row

    def load(self) -> dict[str, Any]:
        row = self._get_session_from_db()
        self._row = row
        return self.decode(row.session_data) if row else {}

    def _loaded(self) -> WebSession | None:
        # Only what was loaded for the data now in the session: after a login, a logout or a
        # switch of organization the row no longer speaks for it.
        row = self._row
        if row is None or self._session_cache is None:  # type: ignore[attr-defined]  # SessionBase keeps its cache in an attribute the stubs leave out
            return None
        data = self._session_cache  # type: ignore[attr-defined]  # SessionBase keeps its cache in an attribute the stubs leave out
        if row.user_id != _as_int(data.get(SESSION_KEY)):
            return None
        return row

    def loaded_user(self, user_id: Any) -> User | None:
        """The user loaded with this session, if it is the one with ``user_id`` (else None)."""
        row = self._loaded()
        if row is None or row.user_id is None or row.user_id != _as_int(user_id):
            return None
        return row.user

    def loaded_membership(self, user_id: Any, membership_id: Any) -> Membership | None:
        """The membership loaded with this session, if it is ``membership_id``, belongs to
        ``user_id`` and is active (else None)."""
        row = self._loaded()
        if row is None or row.membership_id is None or row.membership_id != _as_int(membership_id):
            return None
        membership = row.membership
        if membership is None or membership.user_id != _as_int(user_id) or not membership.is_active:
            return None
        return membership

    def cycle_key(self) -> None:
        super().cycle_key()
        self._row = None

    def flush(self) -> None:
        super().flush()
        self._row = None
