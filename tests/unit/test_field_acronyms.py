"""The acronyms the field's non-state dictionary gives a group, read from the compiled data.

The converter splits a trailing "(ltte)" off a PETRARCH name, so acronyms are short names of
their own; a bracket still in a name is a qualifier ("(colombia)") and is never an acronym.
"""

from __future__ import annotations

from detente.extract.actors import _field_acronyms
from detente.extract.aliases import Named, resolve_aliases


def test_acronyms_split_by_the_converter_still_resolve() -> None:
    assert "LTTE" in _field_acronyms("Liberation Tigers of Tamil Eelam")
    assert "LTTE" in _field_acronyms("Tamil Tigers")
    assert "GAM" in _field_acronyms("Free Aceh Movement")
    assert "FARC" in _field_acronyms("Revolutionary Armed Forces of Colombia")


def test_a_bracketed_qualifier_is_no_acronym() -> None:
    for name in ("National Liberation Army (Colombia)", "Direct Action (Greece)", "Dzhennet (Paradise)"):
        found = _field_acronyms(name)
        assert not found & {"COLOMBIA", "GREECE", "PARADISE"}, (name, found)


def test_unknown_group_has_no_acronyms() -> None:
    assert _field_acronyms("Society of Amateur Beekeepers") == frozenset()


def test_an_acronym_no_initials_explain_joins_its_group() -> None:
    # GAM's initials are not those of its English name: only the field's record ties them.
    text = "The Free Aceh Movement met envoys on Monday. Later GAM said it would return."
    long_end = text.index(" met")
    gam = text.index("GAM")
    items = [
        Named("Free Aceh Movement", "ORG", 4, long_end, False),
        Named("GAM", "ORG", gam, gam + 3, False),
    ]
    res = resolve_aliases(text, items, lambda w: False, field_acronyms=_field_acronyms)
    assert res.canonical.get(1) == "Free Aceh Movement", res
    alone = resolve_aliases(text, items, lambda w: False)
    assert 1 not in alone.canonical  # without the field's record, GAM stays a group of its own
