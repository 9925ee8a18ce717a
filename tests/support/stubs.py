"""Local HTTP stubs for third-party APIs (LINE, Slack) that record what they receive.

Only services we cannot reach from here are stubbed; the bot itself always runs for real.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class RecordingStub:
    """A threaded HTTP server: every request is recorded and answered from ``routes``."""

    routes: dict[str, tuple[int, Any]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        stub = self
        self._cond = threading.Condition()

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                with stub._cond:
                    stub.requests.append(
                        RecordedRequest(self.command, path, dict(self.headers), body)
                    )
                    stub._cond.notify_all()
                status, payload = stub.routes.get(path, (200, {}))
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_GET = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RecordingStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def clear(self) -> None:
        with self._cond:
            self.requests.clear()

    def wait_for(self, predicate: Any, timeout: float = 30.0) -> list[RecordedRequest]:
        """Block until ``predicate(requests)`` is true; return the matching requests."""
        with self._cond:
            self._cond.wait_for(lambda: predicate(self.requests), timeout=timeout)
            return list(self.requests)
