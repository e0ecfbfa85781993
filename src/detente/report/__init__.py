"""Outputs: exports in the contract's formats (and, later, briefings and timelines)."""
