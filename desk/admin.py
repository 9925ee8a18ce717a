"""Desk maintenance from the command line: export, delete and the retention purge.

    python -m desk.admin export -o tickets.json [--status all|open|new|assigned|done]
    python -m desk.admin delete TICKET_ID … | --sender CONVERSATION_ID
    python -m desk.admin purge [--days N]

Every deletion is written to the audit log with the actor ``admin-cli`` (or ``retention``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desk import config
from desk.feedback import purge_expired_feedback
from desk.tickets import QueueFilter, delete_by_sender, delete_ticket, export_tickets, purge_expired

ACTOR = "admin-cli"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desk.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write tickets as JSON")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument(
        "--status", default="all", choices=["all", "open", "new", "assigned", "done"]
    )
    delete = commands.add_parser("delete", help="delete tickets by id or conversation")
    delete.add_argument("ids", nargs="*")
    delete.add_argument("--sender", help="delete every ticket of this conversation id")
    purge = commands.add_parser("purge", help="delete what is older than the retention period")
    purge.add_argument("--days", type=int, default=None)
    args = parser.parse_args(argv)

    if args.command == "export":
        tickets = export_tickets(QueueFilter(status=args.status, limit=1000))
        args.output.write_text(json.dumps(tickets, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(tickets)}件のチケットを {args.output} に書き出しました。")
        return 0
    if args.command == "delete":
        if not args.ids and not args.sender:
            print("削除するチケット番号か --sender を指定してください。", file=sys.stderr)
            return 2
        deleted = sum(delete_ticket(ticket_id, ACTOR) for ticket_id in args.ids)
        missing = len(args.ids) - deleted
        if args.sender:
            deleted += delete_by_sender(args.sender, ACTOR)
        print(
            f"{deleted}件のチケットを削除しました。"
            + (f"見つからなかった番号：{missing}件。" if missing else "")
        )
        return 0 if not missing else 1
    days = args.days or config.retention_days()
    tickets, ratings = purge_expired(days), purge_expired_feedback(days)
    print(f"{days}日より古いチケット{tickets}件と評価{ratings}件を削除しました。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
