"""The work one query may do before the search itself: a deadline and allowances shared by
every step that grows a query (name transliteration matched against the vocabulary, prefix
and wildcard expansion), so that no input, however it is built, runs unbounded or stalls
the server's other requests.

    budget = WorkBudget()           # one per request
    budget.take_name()              # False once NAMES names were matched
    budget.seconds_left()           # what a vocabulary scan may still take
    budget.postings_share(n)        # postings an expansion may hold, of n still to expand

What a bound left out is said in `notices()` (the API, the pages and the CLI show them).
"""
from __future__ import annotations

import time

from corpus.messages import Notice

SECONDS = 1.0           # vocabulary scans (names, leading wildcards) of one query, in all
NAMES = 16              # words of one query transliterated and matched as names
POSTINGS = 100_000      # postings all of one query's prefixes and wildcards may expand to


class WorkBudget:
    def __init__(self, seconds: float | None = None, names: int | None = None,
                 postings: int | None = None):
        self.deadline = time.monotonic() + (SECONDS if seconds is None else seconds)
        self.names_left = NAMES if names is None else names
        self.postings_left = POSTINGS if postings is None else postings
        self.skipped_names: list[str] = []
        self.timed_out: list[str] = []

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def take_name(self, word: str) -> bool:
        """May `word` be matched as a name? Counts it when it may."""
        if self.names_left <= 0 or self.seconds_left() <= 0:
            self.skipped_names.append(word)
            return False
        self.names_left -= 1
        return True

    def excuse(self, seconds: float) -> None:
        """Time spent on work that is not this query's (a vocabulary built once per index
        version) does not count against it."""
        self.deadline += seconds

    def out_of_time(self, what: str) -> None:
        """A scan for `what` stopped at the deadline."""
        self.timed_out.append(what)

    def postings_share(self, patterns_left: int) -> int:
        """The postings the next of `patterns_left` expansions may hold: an even share of
        what is left, so that the first prefix of a long query cannot take it all."""
        return self.postings_left // max(1, patterns_left)

    def spend_postings(self, n: int) -> None:
        self.postings_left = max(0, self.postings_left - n)

    def notices(self) -> list[str]:
        out = []
        if self.skipped_names:
            out.append(Notice("names_skipped", max=NAMES, words=", ".join(self.skipped_names)))
        if self.timed_out:
            out.append(Notice("expansion_timed_out", words=", ".join(self.timed_out)))
        return out
