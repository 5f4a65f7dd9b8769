"""The fence registry: mkdocs.yml names exactly the fences of ``build_tools.fences.FENCES``.

The list in mkdocs.yml is what MkDocs reads; ``custom_fences()`` is what every other
caller (and the golden tests) reads. They must be the same fences, in the same order,
with the same formatters, so that a fence added to one and not the other fails here and
not on a page.
"""

from __future__ import annotations

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader
from pymdownx.superfences import SuperFencesException

from build_tools import fences
from build_tools.fences.base import ROOT


def _superfences_config() -> list[dict]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.superfences" in ext:
            return ext["pymdownx.superfences"]["custom_fences"]
    raise AssertionError("mkdocs.yml does not configure pymdownx.superfences")


def test_mkdocs_yml_registers_exactly_the_package_fences():
    assert _superfences_config() == fences.custom_fences()


def test_every_fence_has_its_formatter_under_its_own_name():
    names = [f.name for f in fences.FENCES]
    assert len(names) == len(set(names))
    for f in fences.FENCES:
        assert getattr(fences, f.function_name) is fences.FORMATTERS[f.name]


@pytest.mark.parametrize("fence", [f.name for f in fences.FENCES])
def test_a_failure_names_the_fence(fence):
    with pytest.raises(SuperFencesException, match=f"^```{fence}: "):
        fences.FORMATTERS[fence]("", fence, fence, {}, None)
    with pytest.raises(SuperFencesException, match=f"^```{fence}: .*takes no options"):
        fences.FORMATTERS[fence]("all", fence, fence, {"x": "1"}, None)


def test_an_unexpected_error_stops_the_build_with_the_fence_name(monkeypatch):
    # SuperFences swallows any other exception and leaves the fence's text on the page.
    from build_tools.fences import rule_tables

    def broken(*args):
        raise KeyError("nowhere")

    monkeypatch.setattr(rule_tables, "procedure_table", broken)
    with pytest.raises(SuperFencesException, match="^```rule-table: KeyError: 'nowhere'"):
        fences.rule_table_fence("all", "rule-table", "rule-table", {}, None)
