"""The loader is strict: a malformed rulebook fails loudly, naming the file and key."""

from __future__ import annotations

import pytest

from calculators.errors import RulebookError
from calculators.rulebook import load_from

GOOD_RULE = '''
[[rule]]
id = "pb-test-rule"
duty = "hold-strategy-discussion"
topic = "timing"
statement = "A test rule."
events = ["referral-received"]
timescale = { amount = 2, unit = "working-days", text = "within 2 working days" }
citation = { document = "000_470d48ffb991b472.txt", section = "2.1" }
strength = "must"
strength_quote = "will take place within 24 hours"
start = { stated = true, quote = "of the receipt of information" }

[[rule.example]]
name = "x"
at = "2026-11-24T10:00"
due = "2026-11-26"
'''


def _append(book, text, name="peterborough-2012.toml"):
    with (book / "partnerships" / name).open("a") as fh:
        fh.write(text)


def test_the_real_rulebook_loads(book):
    rb = load_from(book)
    files = sorted(p.stem for p in (book / "partnerships").glob("*.toml"))
    assert sorted(rb.procedures) == files
    assert [p.order for p in rb.procedures.values()] == sorted(p.order for p in rb.procedures.values())
    assert len(rb.all_rules()) >= 40


def test_a_good_rule_loads(book):
    _append(book, GOOD_RULE)
    assert load_from(book).procedures["peterborough-2012"].rule("pb-test-rule").examples[0].due == "2026-11-26"


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (lambda r: r.replace('citation = { document = "000_470d48ffb991b472.txt", section = "2.1" }\n', ""),
         "missing key 'citation'"),
        (lambda r: r.split("[[rule.example]]")[0], "needs at least one worked example"),
        (lambda r: r.replace('topic = "timing"', 'topic = "timing"\ncolour = "red"'), "unknown key(s) 'colour'"),
        (lambda r: r.replace('"referral-received"]', '"lunch"]'), "unknown event 'lunch'"),
        (lambda r: r.replace('unit = "working-days"', 'unit = "fortnights"'), "unit 'fortnights'"),
        (lambda r: r.replace("amount = 2, ", ""), "needs a whole 'amount'"),
        (lambda r: r.replace('"000_470d48ffb991b472.txt", section', '"001_3e51a89a92a894b8.txt", section'),
         "is not this procedure's"),
        (lambda r: r.replace('due = "2026-11-26"', 'due = "26/11/2026"'), "YYYY-MM-DD"),
        (lambda r: r.replace('id = "pb-test-rule"', 'id = "pb-initial-discussion-24-hours"'), "used twice"),
        (lambda r: r.replace('id = "pb-test-rule"', 'id = "pb-test-rule"\nsupersedes = ["nothing"]'),
         "supersedes unknown rule"),
    ],
)
def test_malformed_rules_are_refused(book, mutation, message):
    _append(book, mutation(GOOD_RULE))
    with pytest.raises(RulebookError) as exc:
        load_from(book)
    assert message in str(exc.value)
    assert "peterborough-2012.toml" in str(exc.value)


def test_a_no_number_rule_needs_no_example(book):
    _append(book, GOOD_RULE.replace("amount = 2, unit = \"working-days\"", "unit = \"none\"").split("[[rule.example]]")[0])
    load_from(book)


def test_a_duplicate_toml_key_is_refused(book):
    _append(book, GOOD_RULE.replace('topic = "timing"', 'topic = "timing"\ntopic = "again"'))
    with pytest.raises(RulebookError) as exc:
        load_from(book)
    assert "not valid TOML" in str(exc.value)


def test_a_procedure_file_outside_its_folder_is_refused(book):
    (book / "leeds-2030.toml").write_text("")
    with pytest.raises(RulebookError, match="leeds-2030.toml"):
        load_from(book)


def test_a_removed_procedure_is_simply_gone(book):
    (book / "partnerships" / "devon-mash-2014.toml").unlink()
    assert "devon-mash-2014" not in load_from(book).procedures
