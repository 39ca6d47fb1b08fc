"""Exceptions raised by the client, one class per ``extensions.code`` of the API.

Every exception derives from :class:`SupplyGraphError`, so ``except
SupplyGraphError`` catches them all. The class says what went wrong (see the
error table of docs/api.md); ``message`` is the server's message, ``path`` the
GraphQL path of the field that failed (``["cascade"]``), ``data`` whatever the
rest of the request answered (the other questions of a request still answer
when one fails).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence


class SupplyGraphError(Exception):
    """A request failed. Subclasses name the reason; this class is also used
    for codes the client does not know (``INTERNAL``: the details are in the
    server's log)."""

    code: str = "INTERNAL"

    def __init__(
        self,
        message: str,
        *,
        path: Sequence[str | int] | None = None,
        code: str | None = None,
        status: int | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
        data: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str | int] = list(path or [])
        if code is not None:
            self.code = code
        #: The HTTP status of the answer (200 for most GraphQL errors).
        self.status = status
        #: Every error of the answer, as the server wrote them.
        self.errors: list[Mapping[str, Any]] = list(errors)
        #: The answer's data: the questions of the request that did not fail.
        self.data: Mapping[str, Any] | None = data

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path)
        return f"{self.code}: {self.message}" + (f" (at {where})" if where else "")


class NotFound(SupplyGraphError):
    """An unknown focal company, code, or company in an analysis question."""

    code = "NOT_FOUND"


class BadInput(SupplyGraphError):
    """An argument out of range, a bad date or cursor, or a query that does
    not match the schema or is past a limit."""

    code = "BAD_INPUT"


class Unauthenticated(SupplyGraphError):
    """No API key, or an unknown or revoked one (HTTP 401)."""

    code = "UNAUTHENTICATED"


class Forbidden(SupplyGraphError):
    """The key's role or supplier scope does not allow the operation."""

    code = "FORBIDDEN"


class Unavailable(SupplyGraphError):
    """The server or its database cannot be reached; ask again later."""

    code = "UNAVAILABLE"


class Timeout(SupplyGraphError):
    """The request ran past its time limit."""

    code = "TIMEOUT"


class NoKey(SupplyGraphError):
    """No API key was given and none could be found (see :class:`supplygraph.Client`)."""

    code = "UNAUTHENTICATED"


BY_CODE: dict[str, type[SupplyGraphError]] = {
    c.code: c for c in (NotFound, BadInput, Unauthenticated, Forbidden, Unavailable, Timeout)
}

# HTTP statuses of answers that carry no GraphQL error (a proxy, an old
# server), mapped to the class that says the same.
BY_STATUS: dict[int, type[SupplyGraphError]] = {
    400: BadInput,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    405: BadInput,
    408: Timeout,
    413: BadInput,
    415: BadInput,
    422: BadInput,
    429: Unavailable,
    502: Unavailable,
    503: Unavailable,
    504: Timeout,
}


def from_graphql(
    errors: Sequence[Mapping[str, Any]], status: int, data: Mapping[str, Any] | None
) -> SupplyGraphError:
    """The exception for an answer's errors: the class of the first error's
    code; the others are in ``errors``."""
    first = errors[0]
    code = str((first.get("extensions") or {}).get("code") or "")
    cls = BY_CODE.get(code) or BY_STATUS.get(status) or SupplyGraphError
    return cls(
        str(first.get("message", "")),
        path=first.get("path"),
        code=code or None,
        status=status,
        errors=errors,
        data=data,
    )


def from_status(status: int, text: str) -> SupplyGraphError:
    """The exception for an HTTP answer without GraphQL errors."""
    cls = BY_STATUS.get(status, SupplyGraphError)
    return cls(f"HTTP {status}: {text.strip()[:200]}", status=status)
