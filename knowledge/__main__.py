"""``python -m knowledge check``: validate the data and print a summary.

Run it after editing any YAML file; it exits non-zero on any problem, naming
the file, the entry and the field.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from knowledge.base import KnowledgeBase
from knowledge.deadlines import status
from knowledge.loader import DATA_DIR, KnowledgeError


def _summary(kb: KnowledgeBase, today: date) -> str:
    lines = [f"Knowledge base OK: {kb.data_dir}"]
    lines.append(f"  programs:      {len(kb.programs)}")
    lines.append(
        f"  organizations: {len(kb.organizations)} "
        f"(not implemented: {', '.join(g.prefecture for g in kb.non_implementing)})"
    )
    lines.append(f"  facts:         {len(kb.facts)}")
    lines.append(f"Deadlines as of {today.isoformat()}:")
    for program in kb.programs:
        result = status(program, today)
        when = result.date.isoformat() if result.date else "-"
        lines.append(f"  {program.id:<28} {result.state.value:<13} {when}")
    counts: Counter[tuple[str, str]] = Counter()
    for program in kb.programs:
        counts[(program.source, "programs")] += 1
    for org in kb.organizations:
        counts[(org.source, "organizations")] += 1
    for gap in kb.non_implementing:
        counts[(gap.source, "not implemented")] += 1
    for fact in kb.facts:
        counts[(fact.source, "facts")] += 1
    lines.append("Entries per source:")
    for source in sorted({source for source, _ in counts}):
        kinds = ", ".join(
            f"{kind} {counts[(source, kind)]}"
            for kind in ("programs", "organizations", "not implemented", "facts")
            if counts[(source, kind)]
        )
        lines.append(f"  {source}: {kinds}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data and print a summary")
    check.add_argument("--data", type=Path, default=DATA_DIR, help="data directory")
    check.add_argument("--today", type=date.fromisoformat, default=None, help="date for deadlines")
    args = parser.parse_args(argv)
    try:
        kb = KnowledgeBase.load(args.data)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    print(_summary(kb, args.today or date.today()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
