"""Keep users' messages out of every log line, at every level.

Rasa and its libraries log the message text in places we do not control (debug lines,
warnings about odd input, tracebacks). The channels call ``hold(text)`` before handing a
message to Rasa; for the rest of that request (a context variable, so concurrent
conversations do not mix) every log record created anywhere in the process has that text
replaced, in its message, its arguments and its traceback. A record factory is used rather
than a handler filter because it sees every record, whichever logger or handler emits it
and whenever logging is configured.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any

PLACEHOLDER = "<user text>"
_MIN_CHARS = 2  # a single character is everywhere in a log; it identifies nobody
_held: ContextVar[tuple[str, ...]] = ContextVar("navi_user_text", default=())
_installed = False


def _variants(text: str) -> tuple[str, ...]:
    """The forms in which a log line may quote the text (raw, JSON, repr)."""
    forms = {
        text,
        text.strip(),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
        repr(text)[1:-1],
    }
    return tuple(sorted((f for f in forms if len(f) >= _MIN_CHARS), key=len, reverse=True))


def hold(text: Any) -> None:
    """Redact ``text`` from every log record for the rest of this request."""
    install()
    _held.set(_variants(text) if isinstance(text, str) else ())


def redact(value: str) -> str:
    """``value`` with the held user text replaced."""
    for form in _held.get():
        if form in value:
            value = value.replace(form, PLACEHOLDER)
    return value


def install() -> None:
    """Wrap the log record factory once per process."""
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _held.get():
            _scrub(record)
        return record

    logging.setLogRecordFactory(factory)


def _scrub(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed record is logged as it is
        return
    record.msg, record.args = redact(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
