"""`python -m launcher run | scaled | render-site ENV_FILE`.

- run: the embedded default of `make run` (action server, one Rasa process with SQLite,
  the widget page), in the foreground until Ctrl-C.
- scaled: `make run-scaled`, deploy/'s topology on this machine (nginx, Rasa processes,
  action server, PostgreSQL, Redis), kept in var/scaled/ so conversations survive.
- render-site: deploy/nginx/navi.conf filled in from a server's navi.env, to stdout.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

from launcher import topology, units
from launcher.paths import DEPLOY, ROOT

# REST senders must have the widget's form (web- and 32 hex digits).
REST_EXAMPLE = (
    "curl -s {url}/webhooks/rest/webhook "
    '-d \'{{"sender":"web-0123456789abcdef0123456789abcdef","message":"海外から警告状が届いた"}}\''
)


def _wait_for_ctrl_c() -> None:
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    print("\nstopping ...", flush=True)


def _desk_login() -> str:
    """Without DESK_USERS, a development login whose password is generated for this run
    (var/desk_dev_password, mode 600): never a fixed password in the repository."""
    if os.environ.get("DESK_USERS"):
        return ""
    path = ROOT / "var" / "desk_dev_password"
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(password + "\n", encoding="utf-8")
    os.environ["DESK_USERS"] = f"desk:{password}"
    return f"  Desk login:   desk / {password}   (development only; set DESK_USERS)\n"


def run_embedded() -> None:
    rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    web_port = int(os.environ.get("WEB_PORT", "8080"))
    desk_port = int(os.environ.get("DESK_PORT", "8090"))
    desk_login = _desk_login()
    workers = int(os.environ.get("SANIC_WORKERS", "1"))
    origins = os.environ.get(
        "WEB_ORIGINS", f"http://localhost:{web_port} http://127.0.0.1:{web_port}"
    )
    with topology.embedded(
        ROOT / "var",
        rasa_port=rasa_port,
        action_port=int(os.environ.get("ACTION_PORT", "5055")),
        workers=workers,
        env={
            "TRACKER_DB": os.environ.get("TRACKER_DB", str(ROOT / "var" / "tracker.db")),
            "DESK_DB_URL": os.environ.get("DESK_DB_URL", f"sqlite:///{ROOT / 'var' / 'desk.db'}"),
        },
        cors=origins,
        web_port=web_port,
        desk_port=desk_port,
    ):
        print(
            f"\n海外知財支援ナビ is running ({workers} Rasa worker(s), SQLite in var/).\n"
            f"  Chat widget:  http://localhost:{web_port}/\n"
            f"  REST:         {REST_EXAMPLE.format(url=f'localhost:{rasa_port}')}\n"
            f"  Support desk: http://localhost:{desk_port}/\n"
            f"{desk_login}"
            f"  Logs:         var/*.log\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        _wait_for_ctrl_c()
    print("stopped.")


def run_scaled() -> None:
    port = int(os.environ.get("PUBLIC_PORT", "8080"))
    processes = int(os.environ.get("RASA_PROCESSES", "2"))
    env = {
        k: os.environ[k]
        for k in (
            "LINE_CHANNEL_SECRET",
            "LINE_CHANNEL_ACCESS_TOKEN",
            "SLACK_BOT_TOKEN",
            "SLACK_SIGNING_SECRET",
        )
        if k in os.environ
    }
    controller = topology.Scaled(ROOT / "var" / "scaled", processes, env, public_port=port)
    try:
        bot = controller.start()
        print(
            f"\n海外知財支援ナビ, scaled: nginx → {processes} Rasa processes, PostgreSQL, Redis.\n"
            f"  Chat widget:  {bot.public_url}/\n"
            f"  REST:         {REST_EXAMPLE.format(url=bot.public_url)}\n"
            f"  Files:        deploy/ (rendered into var/scaled/), logs in var/scaled/logs/\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        _wait_for_ctrl_c()
    finally:
        controller.stop()
    print("stopped.")


def render_site(env_file: Path) -> None:
    values = units.read_env_file(env_file)
    sys.stdout.write(units.render_site(DEPLOY / "nginx" / "navi.conf", values, {}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m launcher",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="the embedded default (make run)")
    sub.add_parser("scaled", help="the scaled topology (make run-scaled)")
    render = sub.add_parser("render-site", help="print the nginx site for a navi.env")
    render.add_argument("env_file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "run":
        run_embedded()
    elif args.command == "scaled":
        run_scaled()
    else:
        render_site(args.env_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
