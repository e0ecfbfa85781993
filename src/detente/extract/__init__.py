"""Extraction: one module per fact kind, each a function of (doc, article, knowledge)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.extract.actors import extract_actors, gazetteer_pass
from detente.extract.roles import extract_roles
from detente.records import Article, ArticleFacts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from detente.knowledge.files import Knowledge

__all__ = ["EXTRACTOR_VERSION", "extract"]

EXTRACTOR_VERSION = "0.1.0"
"""Changes whenever extraction output may change; recorded with every run."""


def extract(doc: Doc, article: Article, kb: Knowledge, nlp: Language) -> ArticleFacts:
    """Every fact detente reads from one parsed article."""
    gazetteer_pass(doc, kb, nlp)
    actors, mentions = extract_actors(doc, article, kb)
    roles = extract_roles(doc, article, actors, mentions, kb)
    return ArticleFacts(article=article, actors=actors, mentions=mentions, roles=roles)
