/* Pieces of an answer as Python words them (calculators/presenter.py): placed, not worded. */

import { el } from "./dom.mjs";

/** A citation as Python worded it: the source's name, the section, the words in <q>. */
export function citationLine(c) {
  return el("p", { class: "sdh-citation" }, c.lead, el("span", { class: "sdh-citation__document", text: c.source }), c.section, ...(c.quote ? [el("q", { text: c.quote })] : []));
}

export function forceLine(f) {
  return el("p", { class: "sdh-strength", "data-strength": f.strength }, f.lead, el("q", { text: f.quote }), f.tail);
}

/** The working of a date, one line a step. */
export function workingList(lines) {
  return el("ol", { class: "sdh-working" }, ...lines.map((line) => el("li", { text: line })));
}
