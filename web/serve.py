"""Serve the chat widget's page and assets, with the Rasa server's URL filled in.

Run as ``python -m web.serve --port 8080 --rasa-url http://localhost:5005``. The widget
talks to Rasa directly from the browser (REST channel), so this server only hands out
files from web/static; it never sees a user's message.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

STATIC_DIR = Path(__file__).resolve().parent / "static"
RASA_URL_PLACEHOLDER = "{{RASA_URL}}"
HOST_PORT = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


def normalise_rasa_url(url: str) -> str:
    """Accept only an absolute http(s) URL, so nothing odd lands in the page or CSP."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not HOST_PORT.fullmatch(parts.netloc):
        raise ValueError(f"--rasa-url must be an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def content_security_policy(rasa_url: str) -> str:
    """Scripts and styles only from this server; fetch only to it and to Rasa.

    Defence in depth: the widget already builds every message with textContent.
    """
    parts = urlsplit(rasa_url)
    rasa_origin = f"{parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            f"connect-src 'self' {rasa_origin}",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def render_index(rasa_url: str, static_dir: Path = STATIC_DIR) -> bytes:
    """The demo page, with the Rasa URL escaped for an HTML attribute."""
    page = (static_dir / "index.html").read_text(encoding="utf-8")
    return page.replace(RASA_URL_PLACEHOLDER, html.escape(rasa_url, quote=True)).encode()


def resolve_static(request_path: str, static_dir: Path = STATIC_DIR) -> Path | None:
    """Map a URL path to a file inside static_dir; None for anything outside it."""
    path = urlsplit(request_path).path
    if path in ("", "/"):
        path = "/index.html"
    candidate = (static_dir / path.lstrip("/")).resolve()
    root = static_dir.resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    if candidate.suffix not in TYPES:
        return None
    return candidate


class WidgetHandler(BaseHTTPRequestHandler):
    """GET/HEAD for the page and its assets; every other method is refused."""

    server_version = "navi-web"
    sys_version = ""

    def __init__(
        self,
        *args: object,
        rasa_url: str,
        static_dir: Path,
        quiet: bool,
        **kwargs: object,
    ) -> None:
        self.rasa_url = rasa_url
        self.static_dir = static_dir
        self.quiet = quiet
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        target = resolve_static(self.path, self.static_dir)
        if target is None:
            self._send(
                HTTPStatus.NOT_FOUND,
                "text/plain; charset=utf-8",
                b"not found\n",
                send_body,
            )
            return
        if target.name == "index.html":
            body = render_index(self.rasa_url, self.static_dir)
        else:
            body = target.read_bytes()
        self._send(HTTPStatus.OK, TYPES[target.suffix], body, send_body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # Assets change with the repo; always revalidate so a restart shows the new widget.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if kind.startswith("text/html"):
            self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Paths and status codes only; this server never receives chat text."""
        if not self.quiet:
            sys.stderr.write(f"web: {self.address_string()} {format % args}\n")


def make_server(
    host: str,
    port: int,
    rasa_url: str,
    static_dir: Path = STATIC_DIR,
    quiet: bool = False,
) -> ThreadingHTTPServer:
    """A ready-to-run server; port 0 picks a free port (see server.server_address)."""
    handler = partial(
        WidgetHandler,
        rasa_url=normalise_rasa_url(rasa_url),
        static_dir=static_dir,
        quiet=quiet,
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the 海外知財支援ナビ chat widget.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005", help="Rasa server base URL")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, args.rasa_url, quiet=args.quiet)
    except ValueError as error:
        parser.error(str(error))
    host, port = server.server_address[:2]
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    print(
        f"web: chat widget at http://{shown}:{port}/ (Rasa: {args.rasa_url})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
