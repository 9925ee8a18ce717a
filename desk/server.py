"""``python -m desk.server --port 8090``: run the desk web app."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from desk.auth import UserConfigError, load_users


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desk.server")
    parser.add_argument("--host", default=os.environ.get("DESK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DESK_PORT", "8090")))
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("desk", "alembic"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        users = load_users()
    except UserConfigError as error:
        print(f"desk: {error}", file=sys.stderr)
        return 2
    if not users:
        print("desk: set DESK_USERS (name:password or name:hash) so that someone can log in",
              file=sys.stderr)  # fmt: skip
        return 2
    from desk.web import create_app

    app = create_app()
    app.run(host=args.host, port=args.port, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
