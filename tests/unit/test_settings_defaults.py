"""The dataclass defaults and the shipped defaults.toml say the same thing, setting by setting."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources

from detente.config import Settings


def test_every_setting_has_the_same_default_in_the_dataclass_and_the_toml() -> None:
    shipped = tomllib.loads(resources.files("detente").joinpath("data/defaults.toml").read_text("utf-8"))
    plain = Settings()
    names = {f.name for f in dataclasses.fields(Settings)}
    assert set(shipped) == names, "defaults.toml and Settings declare different settings"
    for name in names:
        value = getattr(plain, name)
        expected = tuple(shipped[name]) if isinstance(value, tuple) else shipped[name]
        assert value == expected, f"{name}: Settings says {value!r}, defaults.toml {shipped[name]!r}"
