"""Corrections of the few PETRARCH dictionary lines that break their own file's grammar.

Keyed by (file name, the line's exact text without its line end): a correction applies to that
line only, and `python -m tools.petrarch` fails when an erratum matches no line (the sources
changed and the table must be reviewed). Each entry gives the replacement line(s) and why.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Erratum:
    """Replacement lines for one source line (none: drop it) and the reason."""

    lines: tuple[str, ...]
    reason: str
    at: int | None = None
    """The line number, for a line whose text recurs in its file (only that one is corrected)."""


_V = "CAMEO.2.0.txt"
_C = "Phoenix.Countries.actors.txt"
_I = "Phoenix.International.actors.txt"
_A = "Phoenix.agents.txt"
_S = "Phoenix.IssueCoding.txt"

ERRATA: dict[tuple[str, str], Erratum] = {
    # --- the verb dictionary --------------------------------------------------------------------
    (_V, "- *SCEPTICAL                                          [012]         # REMAIN"): Erratum(
        ("- * SCEPTICAL [012]",), "the verb marker '*' is glued to the word after it"
    ),
    (_V, "- *_LAWS                                              [---]         # ELECT"): Erratum(
        ("- * LAWS [---]",), "the verb marker '*' is glued to the word after it"
    ),
    (_V, "- SPY_*_DEAL                                          [---]         # PLAN"): Erratum(
        ("- SPY * DEAL [---]",), "the verb marker '*' is glued between two words"
    ),
    (_V, "- * VENTURE (WITH VISIT)                              VISIT)[042:043]  # MAKE"): Erratum(
        ("- * VENTURE (WITH VISIT) [042:043]",), "a stray copy of the phrase's end before the code"
    ),
    (_V, "- STRONGLY * ATTACK (ON ^)                            ^)[111]       # CONDEMN"): Erratum(
        ("- STRONGLY * ATTACK (ON ^) [111]",), "a stray copy of the phrase's end before the code"
    ),
    (_V, "- * DOWN (FROM)                                       [080!]        # BACK"): Erratum(
        ("- * DOWN (FROM) [080]",), "'!' is no part of CAMEO code syntax; 080 is yield"
    ),
    (_V, "-  * (IN &WEATHER) [---]"): Erratum(
        (), "&WEATHER is never defined; PETRARCH skips a pattern with an undefined set"
    ),
    (_V, "-  * (IN &DEMONSTRATION) [145]"): Erratum(
        (), "&DEMONSTRATION is never defined; PETRARCH skips a pattern with an undefined set"
    ),
    # --- the actor dictionaries -----------------------------------------------------------------
    (_C, "\t[ARMUNR 9008223-911221]"): Erratum(
        ("\t[ARMUNR 900823-911221]",), "a doubled digit: the range starts where the line above ends"
    ),
    (_C, "\t[EGYGOV 20121207-20120802] # PM pt. 2"): Erratum(
        ("\t[EGYGOV 20111207-20120802]",), "Ganzouri's second term began in December 2011, not 2012"
    ),
    (_C, "+FAEROYENE]_"): Erratum(("+FAEROYENE_",), "a stray ']' in the name"),
    (_C, "\t[GBRGOV >201005011]"): Erratum(
        ("\t[GBRGOV >20100511]",), "a nine-digit date; Cameron took office on 11 May 2010"
    ),
    (_C, "\t[IRQOCC 1920030320-20060520]"): Erratum(
        ("\t[IRQOCC 20030320-20060520]",), "a stray '19' before an eight-digit date"
    ),
    (_C, "\t[SDNSSDAUT 1920050709-20110709]"): Erratum(
        ("\t[SDNSSDAUT 20050709-20110709]",), "a stray '19' before an eight-digit date"
    ),
    (_C, "\t[MNEGOV 20121204]"): Erratum(
        ("\t[MNEGOV >20121204]",), "a bare date: the term that began on that day ('>' missing)"
    ),
    (_C, "\t[USAGOV 19820101] # entered Foreign Service"): Erratum(
        ("\t[USAGOV >19820101]",), "a bare date: service that began on that day ('>' missing)"
    ),
    (_I, "\t[KORGOVBUS 2004017-20061201]"): Erratum(
        ("\t[KORGOVBUS 20040117-20061201]",), "a seven-digit date; Ban's term began on 17 January 2004"
    ),
    (_I, "\tJOHN_MCCLOY_\t[IGOUNODEVWBK 470301-490630]# IGOrulers.txt"): Erratum(
        ("+JOHN_MCCLOY_", "\t[IGOUNODEVWBK 470301-490630]"),
        "an indented synonym of the line above with its code on the same line",
    ),
    (_I, "ASSOCIATION_FOR_SUSTAINABLE_HUMAN_DEVELOPMENT_\t[NGOEEURENV] #MleH 01 Jul 2010"): Erratum(
        ("ASSOCIATION_FOR_SUSTAINABLE_HUMAN_DEVELOPMENT_\t[NGOEURENV]",), "a doubled E in NGO+EUR+ENV"
    ),
    (_I, "A.H._BELO_CORPORATION_\t[MNCMED]\tNewspapers/Magazines\t$137,000,000"): Erratum(
        ("A.H._BELO_CORPORATION_\t[MNCMED]",), "industry and revenue notes after the code"
    ),
    (_I, "ACCRETIVE_HEALTH_INC_\t[MNCHLH]\tOther Consumer Services\t$991,000,000"): Erratum(
        ("ACCRETIVE_HEALTH_INC_\t[MNCHLH]",), "industry and revenue notes after the code"
    ),
    (_I, "ORTHOFIX_INTERNATIONAL_\t[MNCNLD] Antilles\tMedical/Dental Instruments\t$503,000,000"): Erratum(
        ("ORTHOFIX_INTERNATIONAL_\t[MNCNLD]",), "industry and revenue notes after the code"
    ),
    # --- the agent dictionary ---------------------------------------------------------------------
    (_A, "DEPARMENT_OF_ENVIRONMENT [~ENV}"): Erratum(("DEPARMENT_OF_ENVIRONMENT [~ENV]",), "'}' for ']'"),
    (_A, "ISLAMIC_EXTREMIST"): Erratum((), "no code; PETRARCH skips an agent without one"),
    # --- the issue list -------------------------------------------------------------------------
    (_S, "</ISSUE>"): Erratum((), "the SHORTAGE section is closed twice", at=481),
    (_S, "intimidation of press [MEDIA_CENSORSHIP]intimidation of the media [MEDIA_CENSORSHIP]"): Erratum(
        ("intimidation of press [MEDIA_CENSORSHIP]", "intimidation of the media [MEDIA_CENSORSHIP]"),
        "two terms on one line",
    ),
    (_S, "aqim [NAMED_TERROR_GROUP] [NAMED_TERROR_GROUP]"): Erratum(
        ("aqim [NAMED_TERROR_GROUP]",), "the code written twice"
    ),
    (
        _S,
        "islamic jihad organization [NAMED_TERROR_GROUP]islamic jihad organizations [NAMED_TERROR_GROUP]",
    ): Erratum(
        (
            "islamic jihad organization [NAMED_TERROR_GROUP]",
            "islamic jihad organizations [NAMED_TERROR_GROUP]",
        ),
        "two terms on one line",
    ),
    (_S, "liberation tigers of tamil eelam [NAMED_TERROR_GROUP]*******"): Erratum(
        ("liberation tigers of tamil eelam [NAMED_TERROR_GROUP]",), "stray asterisks after the code"
    ),
}
