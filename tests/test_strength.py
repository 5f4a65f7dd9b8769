"""Every rule and guidance line records its source's own force and where its clock starts.

A line is exactly as strong as the source sentence it rests on (``calculators/strength.py``).
Each item's ``strength_quote`` is the few source words that carry its modal verb: these tests
find those words in ``../shared/sources/`` and check that they carry the recorded strength and
no other. Each rule also says what its timescale runs from, in the source's words, or says that
the source does not say and which start the handbook uses.
"""

from __future__ import annotations

import re

import pytest

from calculators.errors import RulebookError
from calculators.rulebook import load_from
from calculators.strength import MODAL_WORDS, STRENGTHS
from repo_paths import SOURCES
from test_sources_coverage import normalise

pytestmark = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is not beside the checkout")

#: The strengths whose force is carried by a modal word (the other two by the source's status).
MODAL = ("must", "should", "may", "expected")

#: The one source that is an audit bulletin, not a procedure.
BULLETIN = "004_2e9c75e0f4d17dc5.txt"


def _plain(text: str) -> str:
    """Whitespace, curly quotes and case made uniform, as for citation quotes."""
    return normalise(text).strip().casefold()


def _items(rulebook):
    for proc in rulebook.procedures.values():
        for rule in proc.rules:
            yield proc, "rule", rule
        for line in proc.guidance:
            yield proc, "guidance", line


def _phrase(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])" + re.escape(words.casefold()) + r"(?![\w'])")


def modal_phrases_in(quote: str, strength: str) -> tuple[list[str], list[str]]:
    """The phrases of ``strength`` in the quote, and any phrase of another strength left over.

    The quote's own phrases are taken out first, longest first, so that a longer phrase of its
    strength ("may need to", "there will be times") is not read as another's ("need to", "will").
    """
    text = _plain(quote)
    own = []
    for words in sorted(MODAL_WORDS[strength], key=len, reverse=True):
        if _phrase(words).search(text):
            own.append(words)
            text = _phrase(words).sub(" | ", text)
    others = [f"{words!r} ({other})" for other in MODAL if other != strength
              for words in MODAL_WORDS[other] if _phrase(words).search(text)]
    return own, others


def test_every_rule_and_line_records_a_known_strength_and_its_words(rulebook):
    wrong = [f"{item.id}: strength {item.strength!r}, quote {item.strength_quote!r}"
             for _, _, item in _items(rulebook) if item.strength not in STRENGTHS or not item.strength_quote.strip()]
    assert not wrong, "items without a strength or its words:\n" + "\n".join(wrong)


def test_every_strength_quote_is_word_for_word_in_its_source(rulebook):
    missing = []
    for proc, _, item in _items(rulebook):
        source = _plain((SOURCES / proc.document).read_text(encoding="utf-8"))
        if _plain(item.strength_quote) not in source:
            missing.append(f"{item.id}: “{item.strength_quote}” is not in {proc.document}")
    assert not missing, "strength quotes not found in their source:\n" + "\n".join(missing)


def _modal_quotes(rulebook):
    """Each item whose force a modal word carries, with its quote's phrases of that strength and of others."""
    for _, _, item in _items(rulebook):
        if item.strength in MODAL:
            yield (item, *modal_phrases_in(item.strength_quote, item.strength))


def test_a_modal_strength_quote_holds_a_word_of_that_strength(rulebook):
    wrong = [f"{item.id} ({item.strength}): “{item.strength_quote}” has none of {MODAL_WORDS[item.strength]}"
             for item, own, _ in _modal_quotes(rulebook) if not own]
    assert not wrong, "quotes that do not carry their strength:\n" + "\n".join(wrong)


def test_a_modal_strength_quote_holds_no_stronger_or_weaker_modal(rulebook):
    wrong = [f"{item.id} ({item.strength}): “{item.strength_quote}” also says {', '.join(others)}"
             for item, _, others in _modal_quotes(rulebook) if others]
    assert not wrong, "quotes whose words carry another strength:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("quote", "strength", "ok"), [
    ("must be held within one working day", "must", True),
    ("should be held within one working day", "must", False),
    ("must be held, or should be", "must", False),
    ("these decisions may need to be reviewed", "may", True),
    ("There will be times when", "may", True),
    ("will be available within 1 hour", "should", False),
    ("the expectation is that", "expected", True),
    ("shoulder", "should", False),
])
def test_the_modal_check_itself(quote, strength, ok):
    own, others = modal_phrases_in(quote, strength)
    assert (bool(own) and not others) is ok


def test_audit_criterion_is_used_only_for_the_audit_bulletin(rulebook):
    wrong = [f"{proc.id} {item.id}" for proc, _, item in _items(rulebook)
             if item.strength == "audit-criterion" and proc.document != BULLETIN]
    assert not wrong, "audit criteria outside the audit bulletin:\n" + "\n".join(wrong)


def test_every_line_of_the_audit_bulletin_is_an_audit_criterion_or_reported(rulebook):
    procs = [p for p in rulebook.procedures.values() if p.document == BULLETIN]
    assert procs, "the audit bulletin has a procedure file"
    wrong = [f"{item.id}: {item.strength}" for proc in procs for _, _, item in _items_of(proc)
             if item.strength not in ("audit-criterion", "reported")]
    assert not wrong, "the bulletin is not a procedure: its lines are audit criteria or reported\n" + "\n".join(wrong)


def _items_of(proc):
    return [(proc, "rule", r) for r in proc.rules] + [(proc, "guidance", g) for g in proc.guidance]


def test_every_rule_says_what_its_timescale_runs_from(rulebook):
    missing = [rule.id for rule in rulebook.all_rules() if rule.start is None]
    assert not missing, "rules without a start:\n" + "\n".join(missing)


def test_a_stated_start_is_quoted_word_for_word_from_the_source(rulebook):
    wrong = []
    for proc in rulebook.procedures.values():
        source = _plain((SOURCES / proc.document).read_text(encoding="utf-8"))
        for rule in proc.rules:
            if rule.start is not None and rule.start.stated:
                if not rule.start.quote.strip() or _plain(rule.start.quote) not in source:
                    wrong.append(f"{rule.id}: “{rule.start.quote}” is not in {proc.document}")
    assert not wrong, "stated starts not found in their source:\n" + "\n".join(wrong)


def test_an_unstated_start_says_which_start_the_handbook_uses(rulebook):
    wrong = [rule.id for rule in rulebook.all_rules()
             if rule.start is not None and not rule.start.stated and not rule.start.note.strip()]
    assert not wrong, "unstated starts with no note:\n" + "\n".join(wrong)


# ------------------------------------------------------------------ the loader requires them


_RULE = '''
[[rule]]
id = "pb-strength-test"
duty = "hold-strategy-discussion"
topic = "timing"
statement = "A test rule."
events = ["referral-received"]
timescale = { unit = "none", text = "as soon as possible" }
citation = { document = "000_470d48ffb991b472.txt", section = "2.1" }
strength = "must"
strength_quote = "will take place within 24 hours"
start = { stated = true, quote = "of the receipt of information" }
'''

_LINE = '''
[[guidance]]
id = "pb-strength-test-line"
tool = "attendance"
level = "rule"
statement = "A test line."
citation = { document = "000_470d48ffb991b472.txt", section = "3.4" }
strength = "expected"
strength_quote = "It is not usual for family members to take part"
'''


def _load_with(book, text):
    with (book / "partnerships" / "peterborough-2012.toml").open("a", encoding="utf-8") as fh:
        fh.write(text)
    return load_from(book)


def test_a_rule_and_a_line_with_strength_and_start_load(book):
    proc = _load_with(book, _RULE + _LINE).procedures["peterborough-2012"]
    rule = proc.rule("pb-strength-test")
    assert (rule.strength, rule.start.stated, rule.start.quote) == ("must", True, "of the receipt of information")
    assert next(g for g in proc.guidance if g.id == "pb-strength-test-line").strength == "expected"


@pytest.mark.parametrize(("text", "message"), [
    (_RULE.replace('strength = "must"\n', ""), "missing key 'strength'"),
    (_RULE.replace('strength_quote = "will take place within 24 hours"\n', ""), "missing key 'strength_quote'"),
    (_RULE.replace('strength = "must"', 'strength = "essential"'), "strength 'essential' is not one of"),
    (_RULE.replace('start = { stated = true, quote = "of the receipt of information" }\n', ""), "missing key 'start'"),
    (_RULE.replace('quote = "of the receipt of information" }', 'note = "" }'), "quotes the source's words"),
    (_RULE.replace('stated = true, quote = "of the receipt of information"', "stated = false"), "says which start the handbook uses"),
    (_LINE.replace('strength = "expected"\n', ""), "missing key 'strength'"),
    (_LINE.replace('strength_quote = "It is not usual for family members to take part"\n', ""), "missing key 'strength_quote'"),
])
def test_the_loader_refuses_a_missing_strength_or_start_naming_the_file_and_key(book, text, message):
    with pytest.raises(RulebookError) as exc:
        _load_with(book, text)
    assert message in str(exc.value)
    assert "peterborough-2012.toml" in str(exc.value)
