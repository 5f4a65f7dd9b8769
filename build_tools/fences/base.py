"""What every fence shares: failing the build, reading a fence's words, text to HTML, links.

A fence fails by raising :class:`FenceError`, a ``SuperFencesException`` whose message
starts with the fence's name: SuperFences lets that exception through and stops the
build, where any other exception from a formatter is swallowed and the fence's text is
left on the page as it was written. The formatter made by :func:`formatter` turns
every other exception into a ``FenceError`` for that reason.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pymdownx.superfences import SuperFencesException

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculators.presenter import list_words  # noqa: E402,F401 - the fences' one way to list words
from calculators.rulebook import Rulebook, load  # noqa: E402

DOCS = ROOT / "docs"
#: The word for "every procedure" in the fences that show one procedure or all.
ALL = "all"

_markdown = MarkdownIt("commonmark", {"html": False})


class FenceError(SuperFencesException):
    """A fence that cannot be written: the build stops with the fence's name and why."""

    def __init__(self, fence: str, message: str) -> None:
        super().__init__(f"```{fence}: {message}")
        self.fence = fence


# ------------------------------------------------------------------ text to HTML


def render_markdown(text: str) -> str:
    """Rulebook or scenario Markdown as HTML: CommonMark, raw HTML escaped, never passed through."""
    return _markdown.render(text).strip()


def render_inline(text: str) -> str:
    """The same, as phrasing content (for a label): no paragraphs."""
    return _markdown.renderInline(" ".join(text.split()))


def attr(value: str) -> str:
    """Text for an attribute value, quotes escaped."""
    return escape(value, quote=True)


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# ------------------------------------------------------------------ a fence's words


class Args:
    """A fence's words: an optional first positional word, then ``key=value`` pairs."""

    def __init__(self, fence: str, source: str, positional: bool, keys: Iterable[str], one_word: bool = False) -> None:
        self.fence = fence
        words = source.split()
        self.first: str | None = None
        self.values: dict[str, str] = {}
        if one_word:
            if len(words) != 1:
                raise FenceError(fence, f"a fence of this kind holds exactly one word, found {source.strip()!r}")
            self.first = words[0]
            return
        if positional:
            if not words or "=" in words[0]:
                raise FenceError(fence, f"the first word must say what to show, found {source.strip()!r}")
            self.first = words.pop(0)
        allowed = set(keys)
        for word in words:
            key, eq, value = word.partition("=")
            if not eq or not value:
                raise FenceError(fence, f"expected key=value, found {word!r}")
            if key not in allowed:
                raise FenceError(fence, f"unknown option {key!r}; known: {', '.join(sorted(allowed)) or 'none'}")
            if key in self.values:
                raise FenceError(fence, f"option {key!r} given twice")
            self.values[key] = value

    def fail(self, message: str) -> FenceError:
        """An error naming this fence."""
        return FenceError(self.fence, message)

    def get(self, key: str) -> str | None:
        """An option's value, or None if it was not given."""
        return self.values.get(key)

    def required(self, key: str) -> str:
        """An option that must be given."""
        if key not in self.values:
            raise self.fail(f"{key}= is required")
        return self.values[key]

    def ids(self, key: str, known: Iterable[str], what: str) -> list[str]:
        """A comma-separated list of ids, each checked against ``known``."""
        value = self.values.get(key)
        if value is None:
            return []
        known = list(known)
        out = []
        for item in value.split(","):
            if item not in known:
                raise self.fail(f"unknown {what} {item!r}; known: {', '.join(known)}")
            if item in out:
                raise self.fail(f"{what} {item!r} given twice")
            out.append(item)
        return out


def no_options(options: dict[str, Any], kwargs: dict[str, Any], fence: str) -> None:
    """Options, classes or an id on the fence's first line stop the build: a fence's words go inside it."""
    given = [*(options or {}), *(kwargs.get("attrs") or {})]
    given += [f".{c}" for c in kwargs.get("classes") or []]
    given += [f"#{kwargs['id_value']}"] if kwargs.get("id_value") else []
    if given:
        raise FenceError(fence, f"a fence of this kind takes no options on its first line, found {sorted(given)}")


# ------------------------------------------------------------------ one fence


@dataclass(frozen=True)
class Fence:
    """One custom fence: its name, the words it takes, how they are checked, and how it is written.

    ``check`` sees the rulebook and the words before anything is written and raises
    ``args.fail(...)`` for anything it does not know; ``render`` then writes the HTML.
    ``wrap`` puts the HTML in ``<div class="sdh-<name>">`` (the reading pages' fences).
    """

    name: str
    render: Callable[[Rulebook, Any, Args], str]
    check: Callable[[Rulebook, Args], None] | None = None
    positional: bool = True
    keys: tuple[str, ...] = ()
    one_word: bool = False
    wrap: bool = False

    @property
    def function_name(self) -> str:
        """The formatter's name in the package (``topic-rules`` -> ``topic_rules_fence``)."""
        return self.name.replace("-", "_") + "_fence"


def formatter(fence: Fence) -> Callable[..., str]:
    """The SuperFences formatter of ``fence``: read the words, check them, then write the HTML."""

    def format_fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any,
                     **kwargs: Any) -> str:
        try:
            no_options(options, kwargs, fence.name)
            args = Args(fence.name, source, fence.positional, fence.keys, fence.one_word)
            rb = load()
            if fence.check is not None:
                fence.check(rb, args)
            html = fence.render(rb, md, args)
        except SuperFencesException:
            raise
        except Exception as exc:  # anything else would leave the fence's text on the page unnoticed
            raise FenceError(fence.name, f"{type(exc).__name__}: {exc}") from exc
        return f'<div class="sdh-{fence.name}">{html}</div>' if fence.wrap else html

    format_fence.__name__ = fence.function_name
    format_fence.__qualname__ = fence.function_name
    format_fence.__doc__ = f"SuperFences formatter for ```{fence.name} (see build_tools/fences/)."
    return format_fence


# ------------------------------------------------------------------ links between pages


class Links:
    """Links from the page being converted, checked against the site's files under MkDocs.

    Under MkDocs each page is converted by its own ``Markdown`` instance, which carries
    MkDocs' ``relpath`` tree processor with the page's ``file`` and the site's ``files``:
    a link is written relative to the page, and a link to a page that does not exist
    stops the build. Outside MkDocs (the golden tests) links are written relative to the
    docs folder.
    """

    def __init__(self, md: Any, fence: str) -> None:
        self.fence = fence
        processors = getattr(md, "treeprocessors", None)
        proc = processors["relpath"] if processors is not None and "relpath" in processors else None
        self.here = getattr(proc, "file", None)
        self.files = getattr(proc, "files", None)

    @property
    def docs_dir(self) -> Path:
        """The docs folder of the site being built (the repository's ``docs/`` outside MkDocs)."""
        if self.here is not None and getattr(self.here, "abs_src_path", None):
            src = Path(self.here.abs_src_path)
            return src.parents[len(Path(self.here.src_uri).parts) - 1]
        return DOCS

    def exists(self, target: str) -> bool:
        """Whether ``target`` (a page's path in the docs folder) is a page of the site."""
        if self.files is not None:
            return self.files.get_file_from_path(target) is not None
        return (self.docs_dir / target).is_file()

    def href(self, target: str) -> str:
        """A link to ``target`` (``page.md`` or ``page.md#anchor``), escaped for an attribute."""
        path, _, anchor = target.partition("#")
        if self.here is None or self.files is None:
            return attr(target)
        from mkdocs.utils import get_relative_url  # only under MkDocs

        there = self.files.get_file_from_path(path)
        if there is None:
            raise FenceError(self.fence, f"{self.here.src_uri} links to {path}, which is not a page of the site")
        return attr(get_relative_url(there.url, self.here.url) + (f"#{anchor}" if anchor else ""))

    def link(self, target: str, text: str) -> str:
        """``<a href="...">text</a>``, the text escaped."""
        return f'<a href="{self.href(target)}">{escape(text)}</a>'
