"""Command line of the judging tool: ``python -m tools.judge {sample,show,record,report,match}``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .kinds import FIELDS
from .report import format_tallies, match_export, tally
from .show import show_record
from .store import (
    DEFAULT_DIR,
    Export,
    judgment_path,
    load_judgments,
    read_jsonl,
    sample,
    stored_key,
    write_jsonl,
)
from .verdicts import build_judgment, parse_verdict


def _sample(args: argparse.Namespace) -> int:
    export = Export.load(args.export)
    judged = load_judgments(args.dir, args.set, args.kind)
    chosen = sample(export, args.kind, args.n, seed=args.seed, judged=judged)
    if args.out:
        write_jsonl(args.out, chosen)
        print(f"{len(chosen)} {args.kind} records written to {args.out}")
    else:
        write_jsonl(Path("/dev/stdout"), chosen)
    return 0


def _show(args: argparse.Namespace) -> int:
    export = Export.load(args.export)
    for number, record in enumerate(read_jsonl(args.batch), 1):
        print(show_record(export, record, number))
    return 0


def _record(args: argparse.Namespace) -> int:
    batch = list(read_jsonl(args.batch))
    kind = str(batch[0]["kind"]) if batch else ""
    verdicts = []
    for line in args.verdicts.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            verdicts.append(parse_verdict(line, kind))
    numbers = [v[0] for v in verdicts]
    if len(set(numbers)) != len(numbers):
        raise ValueError("a record is judged twice in the verdict file; keep one line per record")
    done = {stored_key(j) for j in load_judgments(args.dir, args.set, kind)}
    rows = []
    for verdict in verdicts:
        if not 1 <= verdict[0] <= len(batch):
            raise ValueError(f"verdict for record {verdict[0]}, but the batch has {len(batch)} records")
        row = build_judgment(batch[verdict[0] - 1], verdict, set_name=args.set)
        # Recording a batch twice must not count its records twice.
        if stored_key(row) not in done:
            rows.append(row)
            done.add(stored_key(row))
    path = judgment_path(args.dir, args.set, kind)
    write_jsonl(path, rows, append=True)
    print(f"{len(rows)} judgments appended to {path} ({len(batch) - len(verdicts)} records left unjudged)")
    return 0


def _report(args: argparse.Namespace) -> int:
    sets = args.set or sorted({p.stem.rpartition("_")[0] for p in args.dir.glob("*.jsonl")})
    for set_name in sets:
        print(f"== {set_name}")
        print(format_tallies(tally(load_judgments(args.dir, set_name))))
    return 0


def _match(args: argparse.Namespace) -> int:
    export = Export.load(args.export)
    tallies, uncovered = match_export(export, load_judgments(args.dir, args.set))
    for kind in FIELDS:
        covered = tallies[kind].n if kind in tallies else 0
        print(f"{kind:9s} covered {covered:4d}  not judged {uncovered[kind]:4d}")
    print(format_tallies(tallies, causes=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m tools.judge", description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of judgment files")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="seeded random sample of records of a kind not judged yet")
    p.add_argument("export", type=Path)
    p.add_argument("kind", choices=sorted(FIELDS))
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", default="dev", help="judged set the sample is for (skips its judged records)")
    p.add_argument("--out", type=Path, help="write the batch here (default: stdout)")
    p.set_defaults(func=_sample)

    p = sub.add_parser("show", help="print each record of a batch with its sentence and context")
    p.add_argument("export", type=Path)
    p.add_argument("batch", type=Path)
    p.set_defaults(func=_show)

    p = sub.add_parser("record", help="turn a file of verdict lines on a batch into judgments")
    p.add_argument("batch", type=Path)
    p.add_argument("verdicts", type=Path, help="lines 'N r|p|w [field:w ...] [#cause] why'")
    p.add_argument("--set", default="dev")
    p.set_defaults(func=_record)

    p = sub.add_parser("report", help="precision per kind and per field, with counts")
    p.add_argument("--set", action="append", help="set to report (repeatable; default all)")
    p.set_defaults(func=_report)

    p = sub.add_parser("match", help="precision of a new export over the records already judged")
    p.add_argument("export", type=Path)
    p.add_argument("--set", help="judged set to match against (default all)")
    p.set_defaults(func=_match)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
