"""One exception tree for detente; every message says what went wrong, where, and how to fix it.

```
DetenteError
├── ConfigError          a setting or settings file is invalid
├── InputError           one input cannot be read (carries source, line, fix)
│   ├── FetchError       a URL could not be fetched
│   └── ParseError       an input was read but holds no usable article
├── ModelError           the spaCy pipeline is missing or broken
├── StoreError           the database cannot be opened, migrated or written
└── ExtraMissing         an optional extra is not installed
```
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base of every error detente raises on purpose."""

    def __init__(self, message: str, *, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} — {self.fix}" if self.fix else self.message


class ConfigError(DetenteError):
    """A setting, a settings file or a knowledge file is invalid."""


class InputError(DetenteError):
    """One input (a file, a line of a file, a URL, a feed entry) cannot be read."""

    def __init__(self, source: str, message: str, *, fix: str, line: int | None = None) -> None:
        super().__init__(message, fix=fix)
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message} — {self.fix}"


class FetchError(InputError):
    """A URL could not be fetched (network, status, size, type)."""


class ParseError(InputError):
    """An input was read but holds no usable article (no text, broken JSON, broken feed)."""


class ModelError(DetenteError):
    """The spaCy pipeline cannot be loaded."""


class StoreError(DetenteError):
    """The store cannot be opened, migrated or written."""


class ExtraMissing(DetenteError):
    """An optional dependency is not installed; the message gives the install line."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional package '{module}'",
            fix=f"pip install 'detente[{extra}]'",
        )
