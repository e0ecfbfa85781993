"""The extractor version: what made an article's facts, computed rather than bumped by hand.

A stored article remembers the version its facts were made with; ingest re-extracts an article
whose version differs from the running one. The version is the package version plus a digest
of everything that decides extraction output: the extraction, lexicon and story code, the shipped
knowledge files, the user's knowledge files, and the spaCy model's name. Editing a rule, a
lexicon entry or a user file therefore changes it; nothing has to remember to bump a constant.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from detente import __version__

# Parts of the package whose content decides what extraction produces. `knowledge` is in it
# because story keys are computed when events are stored: a new story rule re-extracts (and
# so re-keys) the stored articles on their next ingest.
_CODE = ("extract", "lexicon", "knowledge", "codes.py", "nlp.py", "records.py")
_DATA = "data"
_NOT_KNOWLEDGE = frozenset({"demo", "defaults.toml", "demo.md"})


def _walk(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    if node.is_file():
        return [(prefix, node)]
    out: list[tuple[str, Traversable]] = []
    for child in node.iterdir():
        if child.name == "__pycache__" or child.name.startswith("."):
            continue
        out.extend(_walk(child, f"{prefix}/{child.name}"))
    return out


@lru_cache(maxsize=1)
def _shipped_digest() -> str:
    root = resources.files("detente")
    files: list[tuple[str, Traversable]] = []
    for part in _CODE:
        files.extend(_walk(root.joinpath(part), part))
    for child in root.joinpath(_DATA).iterdir():
        if child.name not in _NOT_KNOWLEDGE:
            files.extend(_walk(child, f"{_DATA}/{child.name}"))
    digest = hashlib.sha256()
    for name, node in sorted(files, key=lambda f: f[0]):
        if name.endswith((".py", ".yaml", ".yml", ".json", ".txt", ".toml", ".tsv")):
            digest.update(name.encode() + b"\0" + node.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=16)
def extractor_version(model: str, knowledge: tuple[str, ...] = ()) -> str:
    """The version of the extractor that runs with `model` and the user's `knowledge` files.

    `0.1.0+3f9c2a1be04d`: the package version, then 12 hex digits of a digest over the shipped
    code and knowledge, the user files' contents and the model name. An unreadable user file
    counts by its path alone (loading it fails with a clear error elsewhere).
    """
    digest = hashlib.sha256(_shipped_digest().encode() + b"\0" + model.encode())
    for path in knowledge:
        try:
            content = Path(path).read_bytes()
        except OSError:
            content = b""
        digest.update(b"\0" + path.encode() + b"\0" + content)
    return f"{__version__}+{digest.hexdigest()[:12]}"
