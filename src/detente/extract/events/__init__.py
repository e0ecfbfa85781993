"""Events: triggers from the lexicon, their arguments from the parse, status, date and place."""

from detente.extract.events.reader import extract_events

__all__ = ["extract_events"]
