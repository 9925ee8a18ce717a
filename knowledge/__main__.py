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
from knowledge.clock import ENV_VAR
from knowledge.clock import today as current_day
from knowledge.loader import DATA_DIR, KnowledgeError


def _summary(kb: KnowledgeBase, today: date) -> str:
    lines = [f"Knowledge base OK: {kb.data_dir}"]
    lines.append(f"  programs:      {len(kb.programs)}")
    lines.append(
        f"  organizations: {len(kb.organizations)} "
        f"(not implemented: {', '.join(g.prefecture for g in kb.non_implementing)})"
    )
    lines.append(f"  facts:         {len(kb.facts)}")
    lines.append(f"  sources:       {len(kb.sources)} (besides the brochure and URLs)")
    fiscal_year = kb.current_fiscal_year(today)
    lines.append(
        f"Rounds as of {today.isoformat()} (fiscal year {fiscal_year}, "
        f"{kb.fiscal_year_label(fiscal_year)}):"
    )
    for program in kb.programs:
        status = kb.status(program, today)
        if not status.rounds:
            lines.append(f"  {program.id:<28} no rounds (standing service)")
            continue
        for entry in status.rounds:
            closes = entry.round.closes
            when = closes.isoformat() if isinstance(closes, date) else str(closes)
            lines.append(
                f"  {program.id:<28} FY{entry.round.fiscal_year} "
                f"{entry.state.value:<20} closes {when}"
            )
        if not status.current_year:
            lines.append(f"  {program.id:<28} FY{fiscal_year} nothing known yet")
    counts: Counter[tuple[str, str]] = Counter()
    for program in kb.programs:
        counts[(program.source, "programs")] += 1
    for org in kb.organizations:
        counts[(org.source, "organizations")] += 1
    for gap in kb.non_implementing:
        counts[(gap.source, "not implemented")] += 1
    for fact in kb.facts:
        counts[(fact.source, "facts")] += 1
    for program in kb.programs:
        for entry in program.rounds:
            counts[(entry.source, "rounds")] += 1
    lines.append("Entries per source:")
    for source in sorted({source for source, _ in counts}):
        kinds = ", ".join(
            f"{kind} {counts[(source, kind)]}"
            for kind in ("programs", "rounds", "organizations", "not implemented", "facts")
            if counts[(source, kind)]
        )
        lines.append(f"  {source}: {kinds}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data and print a summary")
    check.add_argument("--data", type=Path, default=DATA_DIR, help="data directory")
    check.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help=f"date for the rounds' status (default: {ENV_VAR}, else the real date)",
    )
    args = parser.parse_args(argv)
    try:
        kb = KnowledgeBase.load(args.data)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        day = args.today or current_day()
    except ValueError as error:  # a malformed NAVI_TODAY
        print(error, file=sys.stderr)
        return 1
    print(_summary(kb, day))
    return 0


if __name__ == "__main__":
    sys.exit(main())
