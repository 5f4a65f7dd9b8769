"""Reading the built site: pages, their text, ids, links and the nav's sections."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from build_tools.procedure_pages import site_nav
from calculators.rulebook import load

ROOT = Path(__file__).resolve().parents[2]


def built_path(site: Path, page: str) -> Path:
    """docs/<page>.md -> site/<page>/index.html (use_directory_urls), index.md -> index.html."""
    stem = page[:-3]
    if stem == "index":
        return site / "index.html"
    if stem.endswith("/index"):
        return site / stem[:-6] / "index.html"
    return site / stem / "index.html"


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.data_rules: set[str] = set()
        self.data_guidance: set[str] = set()
        self.stylesheets: list[str] = []
        self.in_article = 0
        self.article_text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a and a["id"] is not None:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a.get("href", ""))
        if a.get("data-rule"):
            self.data_rules.add(a["data-rule"])
        if a.get("data-guidance"):
            self.data_guidance.add(a["data-guidance"])
        if tag == "article":
            self.in_article += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article:
            self.article_text.append(data)


class Page:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        p = _Parser()
        p.feed(self.html)
        self.ids = p.ids
        self.links = p.links
        self.data_rules = p.data_rules
        self.data_guidance = p.data_guidance
        self.stylesheets = p.stylesheets
        self.text = re.sub(r"\s+", " ", "".join(p.article_text)).strip()


def plain(markdown_html: str) -> str:
    """HTML as the words a reader sees: tags out, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markdown_html))).strip()


def nav() -> list:
    """The nav the site is built with: mkdocs.yml's, with a page per procedure."""
    return site_nav(load())


def nav_section(title: str) -> list[str]:
    """The pages of one top-level section of the nav, in order."""
    for entry in nav():
        if isinstance(entry, dict) and title in entry:
            return [next(iter(item.values())) for item in entry[title]]
    raise KeyError(title)
