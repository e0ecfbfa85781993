"""Hand judgment of extracted records: sample, show, record verdicts, report and re-match.

Run as ``python -m tools.judge COMMAND`` from the repository root. Judgments live in
``tests/fixtures/judged/<set>_<kind>.jsonl``, keyed by article id, offsets and the judged field
values, never the article text.
"""

from .kinds import FIELDS, KINDS, judgment_key, key_values
from .report import Tally, format_tallies, match_export, tally
from .store import Export, load_judgments, sample
from .verdicts import VERSION, build_judgment, parse_verdict

__all__ = [
    "FIELDS",
    "KINDS",
    "VERSION",
    "Export",
    "Tally",
    "build_judgment",
    "format_tallies",
    "judgment_key",
    "key_values",
    "load_judgments",
    "match_export",
    "parse_verdict",
    "sample",
    "tally",
]
