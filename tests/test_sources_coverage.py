"""Every timescale written in the sources is in the rulebook, and every quotation is exact.

The scan finds each phrase of a source that sounds like a timescale ("within 24 hours",
"same day", "as soon as possible", "immediately", "8 weeks", ...). Each must sit next to
the quotation of a rule of that procedure, or next to a `not_a_timescale` entry that says
why the handbook makes no rule of it. A timescale added to a source, or a rule deleted,
fails here.
"""

from __future__ import annotations

import re

import pytest

from repo_paths import SOURCES

pytestmark = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")

TIMESCALE = re.compile(
    r"within[^.;:]{0,40}?\b(\d+|one|two|three|five|fifteen)\b[^.;:]{0,20}?(hours?|days?|weeks?)"
    r"|\b\d+\s+(working\s+)?(days|hours?|weeks)\b|\bone working day\b|\bthree working days\b"
    r"|same day|as soon as possible|immediately|earliest opportunity|no later than|\bby when\b"
    r"|early opportunity|\bwithout delay\b|\bpromptly\b|\burgent(ly)?\b",
    re.I,
)


def normalise(text: str, keep_lines: bool = False) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("*", "")
    return re.sub(r"[ \t\xa0]+", " ", text) if keep_lines else re.sub(r"\s+", " ", text)


#: Where a sentence or list item ends: the phrase must be accounted for inside its own.
BOUNDARY = re.compile(r"\n|(?<=[.;:])\s|•|·|</?(?:p|li)>|–")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence or list item holding text[start:end]."""
    left = max((m.end() for m in BOUNDARY.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in BOUNDARY.finditer(text, end)), len(text))
    return text[left:right]


def _source(proc) -> str:
    return normalise((SOURCES / proc.document).read_text(encoding="utf-8"))


def test_every_citation_quote_is_word_for_word_in_its_source(rulebook):
    for proc in rulebook.procedures.values():
        text = _source(proc)
        for rule in proc.rules:
            assert rule.citation.quote, f"{rule.id}: give a short quotation of the timescale"
            assert normalise(rule.citation.quote) in text, f"{rule.id}: quote not found in {proc.document}"
        for quote, _ in proc.not_timescales:
            assert normalise(quote) in text, f"{proc.id}: not_a_timescale quote not found"


def test_every_timescale_phrase_in_the_sources_is_accounted_for(rulebook):
    missing = []
    for proc in rulebook.procedures.values():
        text = normalise((SOURCES / proc.document).read_text(encoding="utf-8"), keep_lines=True)
        quotes = [normalise(r.citation.quote) for r in proc.rules] + [normalise(q) for q, _ in proc.not_timescales]
        for m in TIMESCALE.finditer(text):
            sentence = normalise(sentence_around(text, m.start(), m.end()))
            if not any(q in sentence for q in quotes):
                missing.append(f"{proc.document}: …{text[max(0, m.start() - 60): m.end() + 40]}…")
    assert not missing, "timescales in the sources with no rule:\n" + "\n".join(missing)


def test_every_source_document_has_a_procedure(rulebook):
    documents = {p.document for p in rulebook.procedures.values()}
    assert documents == {p.name for p in SOURCES.glob("*.txt")}


def test_every_guidance_quote_is_word_for_word_in_its_source(rulebook):
    missing = []
    for proc in rulebook.procedures.values():
        text = _source(proc)
        for item in proc.guidance:
            if not item.citation.quote or normalise(item.citation.quote) not in text:
                missing.append(f"{item.id}: “{item.citation.quote}”")
    assert not missing, "quotes not found in their source:\n" + "\n".join(missing)


def test_every_procedure_names_a_source_document_that_is_there():
    """The package trusts a procedure's ``document`` as written; the source must be beside the checkout."""
    from calculators.rulebook import load

    for proc in load().procedures.values():
        assert (SOURCES / proc.document).is_file(), f"{proc.id}: {proc.document} is not in {SOURCES}"
