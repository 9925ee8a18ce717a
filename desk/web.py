"""The desk web app (Sanic): login, queue, ticket view, insights, export and the APIs.

Every page and API call needs a valid session (or, for /api/, the bearer token):
without one the answer is 401. Forms carry the session's CSRF token. Templates are
autoescaped Jinja2; scripts and styles are served from desk/static (no CDN), and the
Content-Security-Policy allows nothing else.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Request, Sanic
from sanic.response import HTTPResponse, html, raw, redirect
from sanic.response import json as json_response

from desk import audit, config
from desk.auth import (
    SESSION_COOKIE,
    SESSION_MAX_AGE_S,
    LoginThrottle,
    Session,
    SessionCodec,
    api_token_ok,
    check_login,
    csrf_ok,
    load_users,
)
from desk.charts import bar_chart, column_chart
from desk.db import get_engine
from desk.feedback import feedback_counts, purge_expired_feedback
from desk.insights import OUTCOME_LABELS, load_insights
from desk.summary import REASON_LABELS, channel_label
from desk.tickets import (
    QueueFilter,
    TicketError,
    assign,
    delete_ticket,
    export_tickets,
    filter_options,
    get_ticket,
    list_tickets,
    mark_done,
    purge_expired,
)
from knowledge import get_knowledge_base

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATUS_LABELS = {"new": "新規", "assigned": "対応中", "done": "完了"}
STATUS_FILTERS = {
    "open": "未完了",
    "new": "新規",
    "assigned": "対応中",
    "done": "完了",
    "all": "すべて",
}
RETENTION_INTERVAL_S = 3600
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

Handler = Callable[..., Awaitable[HTTPResponse]]


def create_app(name: str = "desk") -> Sanic:
    """The app; users and keys are read from the environment now, once."""
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = 25 * 1024 * 1024  # triage uploads
    # The first triage call loads the model (half a minute or more on a busy machine),
    # and a large batch takes a while: allow both instead of Sanic's 60 s.
    app.config.RESPONSE_TIMEOUT = 900
    app.ctx.users = load_users()
    app.ctx.codec = SessionCodec()
    app.ctx.throttle = LoginThrottle()
    app.ctx.templates = _templates()
    app.ctx.triage = None
    app.ctx.triage_lock = threading.Lock()
    app.static("/static", str(HERE / "static"), name="static")
    _routes(app)

    @app.before_server_start
    async def _start(app: Sanic, _loop: Any) -> None:
        get_engine()  # migrate before the first request, not during it
        app.add_task(_retention_loop())

    @app.on_response
    async def _headers(request: Request, response: HTTPResponse) -> None:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"

    return app


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    )
    kb = get_knowledge_base()
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        STATUS_FILTERS=STATUS_FILTERS,
        REASON_LABELS=REASON_LABELS,
        OUTCOME_LABELS=OUTCOME_LABELS,
        channel_label=channel_label,
        program_name=lambda pid: (p.name if (p := kb.program(pid)) else pid),
        programs=[(p.id, p.name) for p in kb.programs],
    )
    env.filters["jst"] = _jst
    return env


def _jst(value: Any) -> str:
    from datetime import timezone
    from zoneinfo import ZoneInfo

    if value is None:
        return ""
    moment = value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo("Asia/Tokyo"))
    return moment.strftime("%Y-%m-%d %H:%M")


# --- sessions -------------------------------------------------------------------------


def _session(request: Request) -> Session | None:
    return request.app.ctx.codec.load(request.cookies.get(SESSION_COOKIE))


def _set_session(request: Request, response: HTTPResponse, session: Session) -> None:
    response.cookies[SESSION_COOKIE] = request.app.ctx.codec.dump(session)
    cookie = response.cookies[SESSION_COOKIE]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    cookie["max-age"] = SESSION_MAX_AGE_S
    if config_secure_cookie():
        cookie["secure"] = True


def config_secure_cookie() -> bool:
    import os

    return os.environ.get("DESK_COOKIE_SECURE", "") == "1"


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTTPResponse:
    session = context.pop("session", None) or _session(request)
    body = request.app.ctx.templates.get_template(template).render(
        user=session.user if session else None,
        csrf=session.csrf if session else "",
        path=request.path,
        **context,
    )
    return html(body, status=status)


def _login_page(request: Request, status: int, error: str | None = None) -> HTTPResponse:
    """The login form with a fresh pre-login session (which carries its CSRF token)."""
    session = _session(request)
    if session is None or session.user is not None:
        session = request.app.ctx.codec.new()
    response = _render(request, "login.html", status=status, session=session, error=error)
    _set_session(request, response, session)
    return response


def page(handler: Handler) -> Handler:
    """A page for logged-in users: 401 with the login form otherwise."""

    @wraps(handler)
    async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        session = _session(request)
        if session is None or session.user is None:
            return _login_page(request, 401)
        request.ctx.session = session
        return await handler(request, *args, **kwargs)

    return wrapped


def form(handler: Handler) -> Handler:
    """A form post from a logged-in user with the session's CSRF token; else 401/403."""

    @wraps(handler)
    async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        session = _session(request)
        if session is None or session.user is None:
            return _login_page(request, 401)
        if not csrf_ok(session, request.form.get("csrf")):
            return _render(request, "error.html", 403, message=CSRF_MESSAGE)
        request.ctx.session = session
        return await handler(request, *args, **kwargs)

    return wrapped


def api(handler: Handler) -> Handler:
    """JSON API: the bearer token (DESK_API_TOKEN), or a logged-in session for GET."""

    @wraps(handler)
    async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        session = _session(request)
        by_session = request.method == "GET" and session is not None and session.user
        if not (api_token_ok(request.headers.get("authorization")) or by_session):
            return json_response({"error": "ログインまたはAPIトークンが必要です。"}, status=401)
        return await handler(request, *args, **kwargs)

    return wrapped


CSRF_MESSAGE = (
    "フォームの有効期限が切れたか、不正な送信です。ページを開き直してから、もう一度お試しください。"
)


# --- routes ---------------------------------------------------------------------------


def _routes(app: Sanic) -> None:
    @app.get("/login")
    async def login_form(request: Request) -> HTTPResponse:
        session = _session(request)
        if session is not None and session.user:
            return redirect("/")
        return _login_page(request, 200)

    @app.post("/login")
    async def login(request: Request) -> HTTPResponse:
        session = _session(request)
        if not csrf_ok(session, request.form.get("csrf")):
            return _login_page(request, 403, CSRF_MESSAGE)
        name = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        keys = (f"user:{name}", f"ip:{request.ip}")
        throttle = request.app.ctx.throttle
        if throttle.blocked(*keys):
            message = (
                "ログインの失敗が続いたため、しばらく受け付けません。5分ほどおいてお試しください。"
            )
            return _login_page(request, 429, message)
        if not check_login(request.app.ctx.users, name, password):
            throttle.failed(*keys)
            logger.info("desk login failed")
            return _login_page(request, 401, "ユーザー名またはパスワードが正しくありません。")
        throttle.succeeded(*keys)
        response = redirect("/", status=303)
        _set_session(request, response, request.app.ctx.codec.new(name))
        return response

    @app.post("/logout")
    @form
    async def logout(request: Request) -> HTTPResponse:
        response = redirect("/login", status=303)
        _set_session(request, response, request.app.ctx.codec.new())
        return response

    @app.get("/")
    @page
    async def queue(request: Request) -> HTTPResponse:
        filters = _filters(request)
        return _render(
            request,
            "queue.html",
            tickets=list_tickets(filters),
            filters=filters,
            options=filter_options(),
            query=request.query_string,
        )

    @app.get("/queue/rows")
    @page
    async def queue_rows(request: Request) -> HTTPResponse:
        """The queue's rows alone, which desk.js polls to show new tickets."""
        return _render(request, "_rows.html", tickets=list_tickets(_filters(request)))

    @app.get("/tickets/<ticket_id:str>")
    @page
    async def ticket_view(request: Request, ticket_id: str) -> HTTPResponse:
        ticket = get_ticket(ticket_id)
        if ticket is None:
            return _render(request, "error.html", 404, message="チケットが見つかりません。")
        return _render(request, "ticket.html", ticket=ticket, trail=audit.entries(ticket_id))

    @app.post("/tickets/<ticket_id:str>/assign")
    @form
    async def ticket_assign(request: Request, ticket_id: str) -> HTTPResponse:
        return _change(request, ticket_id, lambda user: assign(ticket_id, user))

    @app.post("/tickets/<ticket_id:str>/done")
    @form
    async def ticket_done(request: Request, ticket_id: str) -> HTTPResponse:
        return _change(request, ticket_id, lambda user: mark_done(ticket_id, user))

    @app.post("/tickets/<ticket_id:str>/delete")
    @form
    async def ticket_delete(request: Request, ticket_id: str) -> HTTPResponse:
        if not delete_ticket(ticket_id, request.ctx.session.user):
            return _render(request, "error.html", 404, message="チケットが見つかりません。")
        return redirect("/?deleted=1", status=303)

    @app.get("/export.json")
    @page
    async def export(request: Request) -> HTTPResponse:
        filters = _filters(request, default_status="all")
        filters.limit = 1000
        body = json.dumps(export_tickets(filters), ensure_ascii=False, indent=1)
        return raw(
            body.encode("utf-8"),
            content_type="application/json; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="desk-tickets.json"'},
        )

    @app.get("/insights")
    @page
    async def insights(request: Request) -> HTTPResponse:
        data = load_insights(config.tracker_db_url())
        kb = get_knowledge_base()
        programs = [
            ((p.name if (p := kb.program(pid)) else pid), n) for pid, n in data.volumes.per_program
        ]
        channels = [(channel_label(c), n) for c, n in data.volumes.per_channel]
        return _render(
            request,
            "insights.html",
            data=data,
            days=column_chart(data.volumes.per_day),
            channels=bar_chart(channels),
            programs=bar_chart(programs),
            feedback=feedback_counts(),
        )

    @app.get("/api/tickets")
    @api
    async def api_tickets(request: Request) -> HTTPResponse:
        return json_response({"tickets": export_tickets(_filters(request))}, ensure_ascii=False)

    @app.post("/api/triage")
    @api
    async def api_triage(request: Request) -> HTTPResponse:
        return await _triage(request)


def _filters(request: Request, default_status: str = "open") -> QueueFilter:
    args = request.args
    status = args.get("status") or default_status
    return QueueFilter(
        program=args.get("program") or None,
        prefecture=args.get("prefecture") or None,
        channel=args.get("channel") or None,
        status=status if status in STATUS_FILTERS else default_status,
    )


def _change(request: Request, ticket_id: str, action: Callable[[str], Any]) -> HTTPResponse:
    try:
        action(request.ctx.session.user)
    except TicketError:
        return _render(request, "error.html", 404, message="チケットが見つかりません。")
    return redirect(f"/tickets/{ticket_id}", status=303)


# --- triage API -----------------------------------------------------------------------


async def _triage(request: Request) -> HTTPResponse:
    """POST JSON {"inquiries": [{id, text, prefecture, company}, …]}, CSV or JSON Lines."""
    from desk.triage import error_row
    from desk.triage_input import InputFileError, parse_inquiries

    content_type = (request.content_type or "").split(";")[0].strip().lower()
    try:
        if content_type == "application/json":
            items = (
                (request.json or {}).get("inquiries") if isinstance(request.json, dict) else None
            )
            if not isinstance(items, list):
                raise InputFileError("JSONの inquiries に、お問い合わせのリストを入れてください。")
            body = "\n".join(json.dumps(item, ensure_ascii=False) for item in items)
            batch = parse_inquiries(body.encode("utf-8"), "request.jsonl")
        elif content_type in ("text/csv", "application/x-ndjson", "application/jsonl"):
            name = "request.csv" if content_type == "text/csv" else "request.jsonl"
            batch = parse_inquiries(request.body, name)
        else:
            raise InputFileError(
                "Content-Type は application/json、text/csv または application/x-ndjson"
                " にしてください。"
            )
    except InputFileError as error:
        return json_response({"error": str(error)}, status=400, ensure_ascii=False)
    except ValueError:
        return json_response({"error": "JSONとして読めません。"}, status=400, ensure_ascii=False)
    loop = asyncio.get_running_loop()
    routed = await loop.run_in_executor(None, _route_batch, request.app, batch.inquiries)
    results = [r.to_row() | {"programs": r.programs, "program_names": r.program_names,
                             "needs_person": r.needs_person}
               for r in routed + [error_row(e) for e in batch.errors]]  # fmt: skip
    results.sort(key=lambda r: r["line"])
    return json_response({"results": results}, ensure_ascii=False)


def _route_batch(app: Sanic, inquiries: list[Any]) -> list[Any]:
    """Load the model on the first triage call only (slow), then reuse it."""
    from desk.triage import Triage

    with app.ctx.triage_lock:
        if app.ctx.triage is None:
            app.ctx.triage = Triage()
            app.ctx.triage.warm_up()
        return app.ctx.triage.route_all(inquiries)


async def _retention_loop() -> None:
    """Delete tickets and feedback past DESK_RETENTION_DAYS, now and every hour."""
    while True:
        try:
            tickets, votes = purge_expired(), purge_expired_feedback()
            if tickets or votes:
                logger.info("retention: %d tickets and %d ratings deleted", tickets, votes)
        except Exception as error:  # keep the desk up; try again next hour
            logger.error("retention run failed: %s", type(error).__name__)
        await asyncio.sleep(RETENTION_INTERVAL_S)
