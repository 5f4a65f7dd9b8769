"""Checks shared by the browser tests: axe-core, nothing kept in the browser, a visible focus."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations, once the page has stopped moving (the theme's header
    fades its tabs out on scrolling, and a colour half-way through a fade is no colour to check)."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        WCAG_TAGS,
    )


#: The one thing the handbook may keep in the browser: the "my procedure" preference, and only
#: once the user has set it (docs/assets/javascripts/my-procedure.mjs). Never a case fact.
MY_PROCEDURE_KEY = "sdh-my-procedure"

STORED = """async () => ({
  local: Object.keys(localStorage),
  session: sessionStorage.length,
  cookie: document.cookie,
  databases: (await indexedDB.databases()).map((d) => d.name),
})"""
NOTHING_STORED = {"local": [], "session": 0, "cookie": "", "databases": []}
#: What is stored once the user has set "my procedure": that key, and nothing else.
ONLY_MY_PROCEDURE = {**NOTHING_STORED, "local": [MY_PROCEDURE_KEY]}


#: The element with the focus, and whether the focus shows (an outline of 2px or more, a shadow, or
#: the yellow background) and is inside a tool, for the keyboard-only tests.
FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const background = s.backgroundColor === 'rgb(255, 221, 0)';
  return {id: e.id, tag: e.tagName, type: e.type || '', checked: !!e.checked, value: e.value || '',
          visible: outline || shadow || background, inTool: !!e.closest('.sdh-tool')};
}"""
