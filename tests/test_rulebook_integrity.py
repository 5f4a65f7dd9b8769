"""Every way of breaking a copy of the rulebook is a RulebookError naming the file and the key."""

from __future__ import annotations

import json
import shutil

import pytest

from calculators import compiled_data
from calculators.errors import RulebookError
from calculators.rulebook import load_from


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rule_given_another_procedures_rule_id_is_refused(book):
    theirs = load_from(book).procedures["peterborough-2012"].rules[0].id
    ours = load_from(book).procedures["devon-mash-2014"].rules[0].id
    _edit(book / "partnerships" / "devon-mash-2014.toml", f'id = "{ours}"', f'id = "{theirs}"')
    # Files are read in name order: the later one is named, with the procedure it clashes with.
    with pytest.raises(RulebookError, match=rf"peterborough-2012.toml: id '{theirs}' is already used by procedure "
                                            "'devon-mash-2014'"):
        load_from(book)


def test_a_guidance_id_used_twice_is_refused(book):
    proc = load_from(book).procedures["south-tyneside-2016"]
    first, second = proc.guidance[0].id, proc.guidance[1].id
    _edit(book / "partnerships" / "south-tyneside-2016.toml", f'id = "{second}"', f'id = "{first}"')
    with pytest.raises(RulebookError, match=f"south-tyneside-2016.toml: id '{first}' is used twice"):
        load_from(book)


def test_two_procedures_with_one_order_are_refused(book):
    _edit(book / "partnerships" / "devon-mash-2014.toml", "order = 4", "order = 1")
    with pytest.raises(RulebookError, match=r"peterborough-2012.toml \[procedure\]: order 1 is also the order of 'devon-mash-2014'"):
        load_from(book)


def test_a_procedure_without_an_order_is_refused(book):
    _edit(book / "partnerships" / "devon-mash-2014.toml", "order = 4\n", "")
    with pytest.raises(RulebookError, match=r"devon-mash-2014.toml \[procedure\]: missing key 'order'"):
        load_from(book)


def test_a_file_named_other_than_its_id_is_refused(book):
    (book / "partnerships" / "devon-mash-2014.toml").rename(book / "partnerships" / "devon.toml")
    with pytest.raises(RulebookError, match="devon.toml .*does not match the file name"):
        load_from(book)


def _tool_block(book, tool_id):
    text = (book / "tools.toml").read_text(encoding="utf-8")
    return text, text.index(f'id = "{tool_id}"')


@pytest.mark.parametrize(("old", "new", "message"), [
    ('{ id = "pre-school"', '{ id = "unborn"', "tool 'attendance' field #2: option id 'unborn' is used twice"),
    ('id = "age-group"', 'id = "facts"', "tool 'attendance': field id 'facts' is used twice"),
    ('{ id = "add"', '{ id = "minimum"', "tool 'attendance': level id 'minimum' is used twice"),
], ids=["option", "field", "level"])
def test_a_duplicate_id_in_a_tool_is_refused(book, old, new, message):
    text, at = _tool_block(book, "attendance")
    text = text[:at] + text[at:].replace(old, new, 1)
    (book / "tools.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match=f"tools.toml {message}"):
        load_from(book)


@pytest.mark.parametrize("name", ["partnerships/peterborough-2012.toml", "vocabulary.toml", "tools.toml"])
def test_a_file_that_is_not_utf8_is_named(book, name):
    path = book / name
    path.write_bytes(path.read_bytes().replace(b"e", b"\xe9", 1))
    with pytest.raises(RulebookError, match=rf"{path.name}: not valid TOML: not UTF-8"):
        load_from(book)


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", json.dumps({"tools.toml": {"sha256": 1}}).encode(),
                                    b"\xff\xfe", b"[" * 100_000])
def test_a_malformed_compiled_copy_is_named(book, damage):
    (book / compiled_data.NAME).write_bytes(damage)
    compiled_data._compiled.cache_clear()
    with pytest.raises(RulebookError, match="compiled.json: not a valid compiled copy"):
        load_from(book)


def test_a_missing_partnerships_folder_is_named(book):
    shutil.rmtree(book / "partnerships")
    with pytest.raises(RulebookError, match="partnerships/: missing"):
        load_from(book)


def test_an_empty_partnerships_folder_is_named(book):
    for path in (book / "partnerships").glob("*.toml"):
        path.unlink()
    with pytest.raises(RulebookError, match="no procedure"):
        load_from(book)
