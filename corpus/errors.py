"""Errors a user can act on; each message says what to do."""
import functools

from corpus import messages


class QueryError(ValueError):
    """A query or parameter the user must fix (HTTP 400, a CLI usage error): a code of
    corpus/messages.py and its parameters; str() is the English message."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(messages.english(code, params))

    def arabic(self) -> str:
        return messages.arabic(self.code, self.params)

    def __reduce__(self):       # pickles (between processes) by code and parameters
        return functools.partial(QueryError, self.code, **self.params), ()


class IndexProblem(Exception):
    """An index problem the user can act on (missing, locked, unreachable)."""


class IndexLocked(IndexProblem):
    pass
