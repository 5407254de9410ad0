"""SQL written once per database connection wrapper."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")


def per_connection(connection: BaseDatabaseWrapper, key: object, build: Callable[[], T]) -> T:
    """What ``build()`` made for ``connection``, built on first use. A wrapper is per thread and
    per database, and what is built binds its quoting and converters, so it is kept on the wrapper."""
    built: dict[object, object] = connection.__dict__.setdefault("_alongside_built", {})
    if key not in built:
        built[key] = build()
    return built[key]  # type: ignore[return-value]
