"""Log lines without personal data (issue 15).

Exception texts can carry file paths, file names and participants' names, so the log
keeps only each exception's type, an error id and where it happened (file base name,
line, function): enough to find the bug, nothing about the people in the data."""

from __future__ import annotations

import logging
import secrets
import traceback
from pathlib import PurePath
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def error_id() -> str:
    """A short id to quote between the user's message and the log."""
    return secrets.token_hex(4)


def describe(exc: BaseException) -> str:
    """Type names and frames of an exception and its causes, without any message text."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {PurePath(frame.filename).name}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("orsakat av:")
    return "\n".join(lines)


class PrivateFormatter(logging.Formatter):
    """Formats a record's exception as `describe` does (the message names the error id)."""

    def formatException(self, ei: object) -> str:
        exc = ei[1] if isinstance(ei, tuple) and len(ei) > 1 else None
        if not isinstance(exc, BaseException):
            return ""
        return describe(exc)

    def formatStack(self, stack_info: str) -> str:
        return "(stack utelämnad)"
