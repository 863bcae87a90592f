"""One error type for every document that cannot be read, so the CLI can say which and why."""


class DocumentError(Exception):
    """A document could not be loaded; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
