"""How strongly a source puts each rule and guidance line: its own modal force.

An answer is exactly as strong as the source sentence it rests on. Each ``[[rule]]``
and ``[[guidance]]`` item records ``strength`` (one of ``STRENGTHS``) and
``strength_quote``: the few words of the source that carry the modal verb, checked
word for word against the source by ``tests/test_strength.py``. Every surface words a
line's force from ``label`` here, never from its own text.
"""

from __future__ import annotations

#: The strengths a source can give, strongest first, each with the words shown beside a line.
STRENGTHS: dict[str, str] = {
    "must": "Must: the source makes this a requirement",
    "should": "Should: the source expects this unless there is a good reason not to",
    "may": "May: the source allows this; it is a choice",
    "expected": "Expected: a practice standard the source sets",
    "audit-criterion": "Audit criterion: what an audit looked for, not a procedure",
    "reported": "Reported: the source reports this from another document",
}

#: One word for a line's force, for headings and short labels.
SHORT: dict[str, str] = {
    "must": "Must",
    "should": "Should",
    "may": "May",
    "expected": "Expected",
    "audit-criterion": "Audit criterion",
    "reported": "Reported",
}

#: Words that carry each strength in a source; a ``strength_quote`` holds at least one, and
#: none of another strength once its own are taken out (longest first: "may need to" is may,
#: "there will be times" a possibility, not will).
MODAL_WORDS: dict[str, tuple[str, ...]] = {
    "must": ("must", "will", "is required", "are required", "required to", "responsible for",
             "responsibility for", "responsibility to", "shall", "has to", "have to", "need to", "needs to",
             "is to"),
    "should": ("should", "ought", "important to"),
    "may": ("may", "can", "could", "might", "is possible", "may need to", "there will be times"),
    "expected": ("expect", "expected", "expectation", "expectations", "standard", "not usual"),
    "audit-criterion": (),  # any words of the audit bulletin: its status makes the strength
    "reported": (),  # the words that name the other document
}


def label(strength: str) -> str:
    """The words shown beside a line of this strength."""
    return STRENGTHS[strength]


def short(strength: str) -> str:
    """One word or two for a line of this strength."""
    return SHORT[strength]
