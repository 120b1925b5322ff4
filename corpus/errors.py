"""Errors a user can act on; each message says what to do."""


class QueryError(ValueError):
    """A query or parameter the user must fix (HTTP 400, a CLI usage error)."""


class IndexProblem(Exception):
    """An index problem the user can act on (missing, locked, unreachable)."""


class IndexLocked(IndexProblem):
    pass
