"""The desk app over HTTP (real server process), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from desk import audit
from desk.tickets import NewTicket, Turn, create_ticket, get_ticket
from tests.desk.desk_server import API_TOKEN, PASSWORD, USER, DeskServer

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def desk_server(backend_url: str, tmp_path_factory) -> Iterator[DeskServer]:
    """One desk server per backend; tests share it (the tables are emptied between tests)."""
    workdir = tmp_path_factory.mktemp("desk-web")
    env = {"DESK_DB_URL": backend_url, "TRACKER_DB": str(workdir / "no-tracker.db")}
    server = DeskServer(env, workdir / "desk.log")
    yield server
    server.stop()


@pytest.fixture
def desk(desk_server: DeskServer, db_url: str) -> DeskServer:
    return desk_server


def login(desk: DeskServer, password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=desk.url, timeout=20)
    token = CSRF.search(client.get("/login").text).group(1)
    reply = client.post("/login", data={"csrf": token, "username": USER, "password": password})
    assert reply.status_code == 303, reply.text
    return client


def csrf_of(client: httpx.Client, path: str) -> str:
    return CSRF.search(client.get(path).text).group(1)


def a_ticket(text: str = "中国で警告状が届きました。人と話したい") -> str:
    new = NewTicket(
        channel="rest",
        sender_id="web-visitor-1",
        reason="user_request",
        transcript=[Turn("user", text), Turn("bot", "担当の窓口におつなぎします。")],
        programs=["defense_support"],
        prefecture="大阪府",
    )
    return create_ticket(new).id


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/"),
        ("GET", "/queue/rows"),
        ("GET", "/tickets/abc"),
        ("GET", "/insights"),
        ("GET", "/export.json"),
        ("GET", "/api/tickets"),
        ("POST", "/api/triage"),
        ("POST", "/tickets/abc/assign"),
        ("POST", "/tickets/abc/done"),
        ("POST", "/tickets/abc/delete"),
        ("POST", "/logout"),
    ],
)
def test_everything_needs_a_login(desk: DeskServer, method: str, path: str) -> None:
    reply = httpx.request(method, desk.url + path, timeout=20)
    assert reply.status_code == 401


def test_wrong_password_and_forged_cookie_are_refused(desk: DeskServer) -> None:
    client = httpx.Client(base_url=desk.url, timeout=20)
    token = CSRF.search(client.get("/login").text).group(1)
    reply = client.post("/login", data={"csrf": token, "username": USER, "password": "nope"})
    assert reply.status_code == 401 and "正しくありません" in reply.text
    forged = httpx.get(desk.url + "/", cookies={"desk_session": "eyJ1Ijoic3V6dWtpIn0.x.y"})
    assert forged.status_code == 401


def test_login_without_csrf_token_is_refused(desk: DeskServer) -> None:
    client = httpx.Client(base_url=desk.url, timeout=20)
    client.get("/login")
    reply = client.post("/login", data={"username": USER, "password": PASSWORD})
    assert reply.status_code == 403


def test_queue_ticket_assign_and_done_with_audit(desk: DeskServer) -> None:
    ticket_id = a_ticket()
    client = login(desk)
    queue = client.get("/")
    assert queue.status_code == 200 and f"/tickets/{ticket_id}" in queue.text
    assert "防衛型侵害対策支援事業について（大阪府）のご相談。" in queue.text
    token = csrf_of(client, f"/tickets/{ticket_id}")
    assert client.post(f"/tickets/{ticket_id}/assign", data={"csrf": token}).status_code == 303
    assert client.post(f"/tickets/{ticket_id}/done", data={"csrf": token}).status_code == 303
    ticket = get_ticket(ticket_id)
    assert ticket.status == "done" and ticket.assignee == USER
    assert [(e.actor, e.new_value) for e in audit.entries(ticket_id) if e.action == "status"] == [
        (USER, "assigned"),
        (USER, "done"),
    ]
    assert f"/tickets/{ticket_id}" not in client.get("/").text  # done leaves the open queue
    assert f"/tickets/{ticket_id}" in client.get("/?status=done").text


def test_status_change_without_csrf_token_is_refused(desk: DeskServer) -> None:
    ticket_id = a_ticket()
    client = login(desk)
    reply = client.post(f"/tickets/{ticket_id}/done", data={})
    assert reply.status_code == 403 and get_ticket(ticket_id).status == "new"
    forged = client.post(f"/tickets/{ticket_id}/done", data={"csrf": "guess"})
    assert forged.status_code == 403 and get_ticket(ticket_id).status == "new"


def test_transcript_is_escaped(desk: DeskServer) -> None:
    ticket_id = a_ticket('<script>alert("x")</script><img src=x onerror=alert(1)>')
    page = login(desk).get(f"/tickets/{ticket_id}")
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_filters_export_and_delete(desk: DeskServer) -> None:
    ticket_id = a_ticket()
    client = login(desk)
    assert ticket_id in client.get("/?prefecture=大阪府&program=defense_support").text
    assert ticket_id not in client.get("/?prefecture=東京都").text
    assert ticket_id not in client.get("/?channel=line").text
    exported = client.get("/export.json").json()
    assert [t["id"] for t in exported] == [ticket_id]
    assert exported[0]["transcript"][0]["text"].startswith("中国で警告状")
    token = csrf_of(client, f"/tickets/{ticket_id}")
    assert client.post(f"/tickets/{ticket_id}/delete", data={"csrf": token}).status_code == 303
    assert get_ticket(ticket_id) is None and client.get("/export.json").json() == []


def test_api_token(desk: DeskServer) -> None:
    ticket_id = a_ticket()
    wrong = httpx.get(desk.url + "/api/tickets", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    reply = httpx.get(desk.url + "/api/tickets", headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert [t["id"] for t in reply.json()["tickets"]] == [ticket_id]


def test_insights_without_a_tracker_store_says_so(desk: DeskServer) -> None:
    page = login(desk).get("/insights")
    assert page.status_code == 200 and "トラッカーストア" in page.text
