/* Pieces of an answer as Python words them (calculators/presenter.py): placed, not worded. */

import { el, trustedRuleHtml } from "./dom.mjs";

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

/** A rule's or a line's statement: the build's HTML where the page holds it, else Python's text. */
export function statementBlock(className, builtHtml, text) {
  return el("div", { class: className }, builtHtml !== undefined ? trustedRuleHtml(builtHtml) : el("p", { text }));
}

/** Notes: the build's HTML where the page holds them, else Python's text; null when there are none. */
export function notesBlock(className, builtHtml, texts) {
  if (builtHtml && builtHtml.length) return el("div", { class: className }, ...builtHtml.map(trustedRuleHtml));
  if (texts.length) return el("div", { class: className }, ...texts.map((note) => el("p", { text: note })));
  return null;
}

/** The warnings of an answer under Python's title, then its "says nothing" line: those it has. */
export function warningsAndSilence(v) {
  const warnings = v.warnings.length
    ? el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: v.warnings_title })), el("ul", {}, ...v.warnings.map((w) => el("li", { text: w }))))
    : null;
  const silent = v.silent ? el("p", { class: "sdh-silent", "data-silent": "", text: v.silent }) : null;
  return [warnings, silent].filter(Boolean);
}

/** The table that opens an answer for every procedure (calculators/summary.py words it):
    one row per procedure and duty, the procedure's name as the row's header. */
export function summaryTable(s) {
  const head = el("tr", {}, ...s.columns.map((c) => el("th", { scope: "col", text: c })));
  const rows = s.rows.map((r) => {
    const row = el("tr", { "data-procedure": r.procedure, ...(r.due ? { "data-due": r.due } : {}) }, el("th", { scope: "row", text: r.heading }), el("td", { text: r.what }));
    if (s.columns.length > 2) row.append(el("td", { class: "sdh-summary__when", text: r.when }));
    return row;
  });
  const table = el("table", { class: `sdh-summary sdh-summary--${s.columns.length}` }, el("caption", { text: s.title }), el("thead", {}, head), el("tbody", {}, ...rows));
  return el("div", { class: "sdh-summary-block", "data-summary": "" }, table, el("p", { class: "sdh-summary__after", text: s.after }));
}
