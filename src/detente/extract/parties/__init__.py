"""Who a phrase stands for: names, pronouns, descriptions and "the two sides", resolved to actors."""

from detente.extract.parties.resolve import Parties
from detente.extract.parties.resolvers import GROUP_NOUNS

__all__ = ["GROUP_NOUNS", "Parties"]
