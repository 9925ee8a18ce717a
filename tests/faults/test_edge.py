"""The public edge: nginx limits each client, refuses oversized bodies, and only nginx
is reachable from outside. 127.0.0.2 and 127.0.0.3 stand for two users' addresses; the
services bind 127.0.0.1 only, so reaching them via 127.0.0.2 shows what another host
would see."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx

from launcher.topology import Scaled
from tests.faults.widget_client import WidgetClient


def test_a_flood_from_one_address_is_limited_while_another_user_is_answered(
    scaled_out: Scaled, facts: dict[str, str]
) -> None:
    bot = scaled_out.topology
    assert bot is not None
    flooder = WidgetClient(bot.public_url, "127.0.0.2", delays=[])
    user = WidgetClient(bot.public_url, "127.0.0.3")
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            flood = [pool.submit(flooder.post_once, f"flood-{n}", "こんにちは") for n in range(120)]
            answer = user.send("edge-user", "海外から警告状が届いた")
            statuses = [f.result().status_code for f in flood]
    finally:
        flooder.close()
        user.close()
    assert statuses.count(429) >= 60, statuses
    assert set(statuses) <= {200, 429}, statuses
    assert answer.status == 200
    assert facts["defence_program"] in answer.text
    assert facts["defence_phone"] in answer.text


def test_an_oversized_webhook_body_is_refused_at_the_edge(scaled_out: Scaled) -> None:
    bot = scaled_out.topology
    assert bot is not None
    client = WidgetClient(bot.public_url, "127.0.0.4")
    try:
        response = client.post_once("edge-big", "あ" * 20_000)
    finally:
        client.close()
    assert response.status_code == 413


def _refused(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


def test_only_nginx_is_reachable_from_the_public_side(scaled_out: Scaled) -> None:
    bot = scaled_out.topology
    assert bot is not None
    action_port = urlsplit(bot.action_url).port
    rasa_ports = [urlsplit(url).port for url in bot.rasa_urls]
    # From 127.0.0.1 (the private side) the servers answer ...
    assert httpx.get(f"{bot.action_url}/health", timeout=5).status_code == 200
    # ... from any other address nothing but nginx listens.
    for port in [action_port, *rasa_ports]:
        assert port is not None
        assert _refused("127.0.0.2", port), f"port {port} answers on a public address"
    # nginx does not forward anything but the channel webhooks and the widget.
    for path in ("/webhook", "/health", "/conversations/x/tracker", "/webhooks/unknown/x"):
        assert httpx.get(bot.public_url + path, timeout=5).status_code == 404, path
