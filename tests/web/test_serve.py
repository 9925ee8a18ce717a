"""web.serve: the page gets the Rasa URL, only files under web/static are served."""

from __future__ import annotations

import threading
from typing import Iterator

import httpx
import pytest

from web.serve import make_server, normalise_rasa_url

RASA = "http://localhost:5005"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, RASA, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def test_page_embeds_the_widget_with_the_rasa_url(base_url: str) -> None:
    response = httpx.get(base_url + "/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<script src="/widget.js" data-rasa-url="{RASA}" defer></script>' in response.text
    assert "{{RASA_URL}}" not in response.text


def test_page_may_only_talk_to_itself_and_rasa(base_url: str) -> None:
    csp = httpx.get(base_url + "/").headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert f"connect-src 'self' {RASA}" in csp
    assert "https://" not in csp  # no CDN


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/widget.js", "text/javascript"),
        ("/widget.css", "text/css"),
        ("/page.css", "text/css"),
    ],
)
def test_assets_are_served_from_the_repo(base_url: str, path: str, kind: str) -> None:
    response = httpx.get(base_url + path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(kind)
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/../serve.py",
        "/%2e%2e/serve.py",
        "/../../Makefile",
        "/nothing.js",
        "/static/widget.js",
    ],
)
def test_nothing_outside_web_static_is_served(base_url: str, path: str) -> None:
    response = httpx.get(base_url + path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_other_methods_are_refused(base_url: str) -> None:
    assert httpx.post(base_url + "/", content=b"x").status_code == 501


def test_widget_loads_nothing_from_a_cdn() -> None:
    from web.serve import STATIC_DIR

    for asset in STATIC_DIR.iterdir():
        text = asset.read_text(encoding="utf-8")
        assert "//cdn" not in text and "unpkg" not in text and "jsdelivr" not in text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://localhost:5005/", "http://localhost:5005"),
        ("https://navi.example.jp/rasa", "https://navi.example.jp/rasa"),
    ],
)
def test_rasa_url_is_normalised(given: str, expected: str) -> None:
    assert normalise_rasa_url(given) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "localhost:5005",
        '"><script>',
        "",
        'http://a"b:5005',
        "http://user:pw@host:5005",
    ],
)
def test_rasa_url_must_be_http(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_rasa_url(bad)
