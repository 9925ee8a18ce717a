"""Desk logins, signed session cookies, CSRF tokens and the API token.

Users come from ``DESK_USERS`` (``name:password`` or ``name:<hash>`` pairs, comma
separated; hashes from ``python -m desk.auth hash``, Werkzeug's scrypt/pbkdf2 format).
The session cookie is signed with ``DESK_SECRET_KEY`` (a random key per process when
unset, so a restart logs everyone out). Each session carries its own CSRF token, which
every form posts back.
"""

from __future__ import annotations

import getpass
import hmac
import os
import secrets
import sys
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

SESSION_COOKIE = "desk_session"
SESSION_MAX_AGE_S = 8 * 3600  # one working day
_HASH_PREFIXES = ("scrypt:", "pbkdf2:")


@dataclass(frozen=True)
class Session:
    """``user`` is None before login; ``csrf`` is the token the session's forms carry."""

    user: str | None
    csrf: str


class UserConfigError(ValueError):
    """DESK_USERS is malformed; the message says how to write it."""


def load_users(raw: str | None = None) -> dict[str, str]:
    """``{name: password-or-hash}`` from DESK_USERS."""
    raw = os.environ.get("DESK_USERS", "") if raw is None else raw
    users: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        name, sep, secret = entry.partition(":")
        if not sep or not name or not secret:
            raise UserConfigError("DESK_USERS must look like name:password,name2:hash")
        users[name] = secret
    return users


def check_login(users: dict[str, str], name: str, password: str) -> bool:
    """Constant-time check of a password against a plain value or a Werkzeug hash."""
    secret = users.get(name)
    if secret is None or not password:
        # Spend similar time for unknown users, so names cannot be probed by timing.
        hmac.compare_digest(password or "", "x" * 16)
        return False
    if secret.startswith(_HASH_PREFIXES):
        return check_password_hash(secret, password)
    return hmac.compare_digest(secret.encode("utf-8"), password.encode("utf-8"))


class SessionCodec:
    """Signs and reads the session cookie."""

    def __init__(self, secret_key: str | None = None) -> None:
        key = secret_key or os.environ.get("DESK_SECRET_KEY") or secrets.token_urlsafe(32)
        self._serializer = URLSafeTimedSerializer(key, salt="desk-session")

    def new(self, user: str | None = None) -> Session:
        return Session(user=user, csrf=secrets.token_urlsafe(24))

    def dump(self, session: Session) -> str:
        return self._serializer.dumps({"u": session.user, "c": session.csrf})

    def load(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        user = data.get("u")
        return Session(user=user if isinstance(user, str) else None, csrf=data["c"])


class LoginThrottle:
    """Slows password guessing: after MAX_FAILURES failed logins for one name or from one
    address within WINDOW_S, further attempts are refused until the window has passed.

    In memory and per process (the desk runs one), hand-written because it is a dozen
    lines and no maintained library fits Sanic 21.12.
    """

    MAX_FAILURES = 5
    WINDOW_S = 300.0

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}

    def blocked(self, *keys: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return any(len(self._recent(key, now)) >= self.MAX_FAILURES for key in keys)

    def failed(self, *keys: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in keys:
            self._failures[key] = [*self._recent(key, now), now]

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> list[float]:
        return [t for t in self._failures.get(key, []) if now - t < self.WINDOW_S]


def csrf_ok(session: Session | None, token: str | None) -> bool:
    return bool(session and token) and hmac.compare_digest(session.csrf, token or "")


def api_token_ok(header: str | None) -> bool:
    """``Authorization: Bearer <DESK_API_TOKEN>``; no token configured means no API access."""
    expected = os.environ.get("DESK_API_TOKEN", "")
    if not expected or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer ") :].encode(), expected.encode())


def main(argv: list[str]) -> int:
    """``python -m desk.auth hash``: print a password hash for DESK_USERS."""
    if argv[:1] != ["hash"]:
        print("usage: python -m desk.auth hash   (asks for the password)", file=sys.stderr)
        return 2
    password = getpass.getpass("password: ")
    if len(password) < 12:
        print("Please use at least 12 characters.", file=sys.stderr)
        return 1
    print(generate_password_hash(password))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
