"""The handbook's custom fences for pymdown-extensions' SuperFences, in one registry.

Every page that shows a rule, a tool, a comparison or a training case writes a fence
(```` ```calculator ````, ```` ```topic-rules ```` ...) whose words are read and checked
against the rulebook before anything is written; a fence that cannot be written stops
the build with its name (``FenceError``, a ``SuperFencesException``). Nothing here uses
MkDocs' plugin API: any Python-Markdown caller can use :func:`custom_fences`::

    markdown.Markdown(extensions=["pymdownx.superfences"],
                      extension_configs={"pymdownx.superfences": {"custom_fences": custom_fences()}})

``mkdocs.yml`` names each formatter (``!!python/name:build_tools.fences.calculator_fence``);
``tests/build_tools/test_fences.py`` checks that it lists exactly :data:`FENCES`.

Modules: ``base`` (errors, words, Markdown, links, the formatter), ``govuk`` (the form
patterns), ``citations`` (sources, force, tables); then one module per family of fences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from build_tools.fences.base import Fence, FenceError, formatter
from build_tools.fences.bench_figures import BENCH_FIGURES
from build_tools.fences.compare import ANSWER, COMPARE
from build_tools.fences.decision_form import CALCULATOR
from build_tools.fences.outcomes_panel import OUTCOMES_PANEL
from build_tools.fences.reading import GUIDANCE, PROCEDURE, TOPIC_RULES
from build_tools.fences.rule_tables import RULE_TABLE, SOURCES
from build_tools.fences.timeline_form import TIMELINE, TOOL_LIST
from build_tools.fences.training_case import SCENARIO
from build_tools.fences.training_index import TRAINING_INDEX

#: Every fence, in the order mkdocs.yml lists them.
FENCES: tuple[Fence, ...] = (
    CALCULATOR, RULE_TABLE, SOURCES, OUTCOMES_PANEL, BENCH_FIGURES,
    TOPIC_RULES, GUIDANCE, PROCEDURE, COMPARE, ANSWER,
    SCENARIO, TRAINING_INDEX, TIMELINE, TOOL_LIST,
)

FORMATTERS: dict[str, Callable[..., str]] = {f.name: formatter(f) for f in FENCES}

# Each formatter under the name mkdocs.yml gives it (``build_tools.fences.topic_rules_fence`` ...),
# made from FENCES so that a fence is named in one place in Python.
globals().update({f.function_name: FORMATTERS[f.name] for f in FENCES})

def custom_fences() -> list[dict[str, Any]]:
    """The SuperFences ``custom_fences`` entries, for callers other than MkDocs."""
    return [{"name": f.name, "class": f.name, "format": FORMATTERS[f.name]} for f in FENCES]


__all__ = ["FENCES", "FORMATTERS", "Fence", "FenceError", "custom_fences", *(f.function_name for f in FENCES)]
