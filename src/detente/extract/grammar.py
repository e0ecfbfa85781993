"""The labels of the parser and the entity recogniser the extraction rules read: the language seam.

detente's rules walk spaCy parses of English made with the ClearNLP dependency labels
(`nsubjpass`, `dobj`, `pobj` …), the Universal POS tags and the OntoNotes entity labels. A
pipeline of another language or scheme labels the same things differently, so the sets the
rules compare against live here, named for what they mean, next to the word groups of
`data/<lang>/words.yaml`. A single label tested once (`dep_ == "dobj"`) stays where it is read.
"""

from __future__ import annotations

# --- dependency labels ---------------------------------------------------------------------------

NOMINAL_SUBJECTS = ("nsubj", "nsubjpass")
"""Subjects that are nouns or pronouns, active or passive ("Russia proposed", "talks were held")."""

AUXILIARIES = ("aux", "auxpass")
"""Auxiliary verbs of a clause: "will meet", "was held"."""

ADJECTIVE_HEADS = ("acomp", "amod")
"""How a stance adjective hangs from what it qualifies: "is ready to talk", "a ready partner"."""

CLAUSE_MODIFIERS = ("relcl", "acl", "appos")
"""Clauses and appositions attached to a noun: "Umerov, who leads …", "the envoy, a former …"."""

# --- part-of-speech tags --------------------------------------------------------------------------

VERBS = ("VERB", "AUX")
"""Tags of a word that heads a clause."""

NOUNS = ("NOUN", "PROPN")
"""Tags of common and proper nouns."""

# --- entity labels --------------------------------------------------------------------------------

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
"""Entity labels that may name an actor."""

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""Entity labels that may name a place."""

NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
"""Entity labels of numbers and times, never a place."""

DATE_LABELS = ("DATE", "TIME")
"""Entity labels that may hold a date ("Tuesday morning" is a TIME)."""

LABEL_BY_VIA = {"country": "GPE", "capital": "GPE", "demonym": "NORP", "seat": "ORG"}
"""The entity label a knowledge entry's name should get, by how it names a country."""

LABEL_BY_TYPE = {"person": "PERSON", "organization": "ORG", "group": "ORG", "country": "GPE"}
"""The entity label a knowledge entry's name should get, by the actor's type."""

# --- extract/events and extract/parties ------------------------------------------------------------

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
"""Every subject of a verb, a clausal one too ("that they met surprised no one")."""

OTHER_CLAUSES = frozenset({"ccomp", "relcl", "advcl", "parataxis"})
"""Clauses below a verb that belong to another verb: their dates and places are not its own."""

PARTY_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
"""How a party modifies a noun that stands for it: "Russian officials", "Kyiv's delegation"."""

OUTSIDE_NOUN_PHRASE = frozenset({"punct", "cc", "conj", "prep", "relcl", "appos", "acl"})
"""Children of a noun left out of its phrase's written name: lists, prepositions, clauses."""

PLURAL_NOUN_TAGS = ("NNS", "NNPS")
"""Fine-grained tags of plural nouns: "delegations", "Americans"."""

NAME_LIKE_TAGS = frozenset({"PROPN", "NOUN", "ADV", "ADJ", "X"})
"""Tags the small model gives a bare surname at times (never a verb's)."""
