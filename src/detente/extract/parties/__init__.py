"""Who a phrase stands for: names, pronouns, descriptions and "the two sides", resolved to actors."""

from detente.extract.parties.resolve import GROUP_NOUNS, Parties

__all__ = ["GROUP_NOUNS", "Parties"]
