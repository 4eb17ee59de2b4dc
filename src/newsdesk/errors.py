"""Errors newsdesk raises on purpose: each message names the file or record and says what to do next.

Input that cannot become an article is not an error but a value (``newsdesk.model.SourceProblem``), reported
and skipped while the rest goes on; ``DeskError`` is for problems that stop a command (a desk that cannot be
opened or written, an invalid query or option).
"""


class DeskError(Exception):
    """A problem that stops the current command; its message is meant for the user as it is."""
