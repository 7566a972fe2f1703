"""Domain errors raised by the services; the API answers them as problem details."""


class ArticleConflict(Exception):
    """The write would break a uniqueness rule (same copy, canonical URL or source id)."""


class DuplicateContent(ArticleConflict):
    """An article with the same headline and body is stored."""


class IngestError(ValueError):
    """The input is not an article; `problems` lists (field, reason) pairs."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.problems))


class StaleVersion(Exception):
    """The client's If-Match names a version that is no longer the current one."""
