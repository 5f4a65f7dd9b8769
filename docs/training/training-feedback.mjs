/* What a learner is told, as Python words it (calculators/training_words.py): the feedback on
   one answer (right or not, why, and where it is written) and the tables of how they did.
   The only HTML inserted is the build's, by rule or guidance id (see training.mjs). */

import { citationLine, workingList } from "../assets/javascripts/answer-view.mjs";
import { el, trustedRuleHtml as trusted } from "../assets/javascripts/dom.mjs";

/** A rule's or a line's statement: the build's HTML where the page holds it, else Python's text. */
function statement(html, text) {
  return html ? trusted(html) : el("p", { text });
}

/** The feedback on one answer: {box, title} (the title takes the focus). */
export function feedbackBox(v, data) {
  const box = el("div", { class: `sdh-feedback sdh-feedback--${v.correct ? "right" : "wrong"}`, "data-correct": String(v.correct), "data-kind": v.kind });
  const title = el("h4", { class: "sdh-feedback__title", tabindex: "-1" }, el("span", { class: "sdh-feedback__mark", "aria-hidden": "true", text: v.mark }), v.title);
  box.append(title, el("p", { class: "sdh-feedback__text", "data-feedback-text": "", text: v.text }));
  if (v.choice) box.append(el("p", { "data-choice": v.choice.id }, v.choice.lead, el("strong", { text: v.choice.label })));
  if (v.readings) box.append(el("p", { text: v.readings }));
  if (v.right.length) {
    box.append(el("p", { text: v.right_title }));
    const lines = v.right.map((line) =>
      el("li", { "data-item": line.item }, statement(data.items[line.item], line.statement), el("p", { class: "sdh-feedback__you", text: line.you })),
    );
    box.append(el("ul", { class: "sdh-feedback__lines", "data-right": "" }, ...lines));
  }
  if (v.extra.length) {
    box.append(el("p", { text: v.extra_title }));
    box.append(el("ul", { class: "sdh-feedback__lines", "data-extra": "" }, ...v.extra.map((line) => el("li", { "data-item": line.item }, statement(data.items[line.item], line.statement)))));
  }
  box.append(el("h5", { class: "sdh-feedback__why", text: v.why_title }));
  if (v.why.length) {
    const sources = v.why.map((w) => el("li", {}, statement(w.rule ? data.rules[w.rule] : data.items[w.item], w.statement), citationLine(w.citation)));
    box.append(el("ul", { class: "sdh-feedback__sources" }, ...sources));
  } else {
    box.append(el("p", { text: v.nothing_to_cite }));
  }
  if (v.working.length) box.append(el("details", { class: "sdh-working-details" }, el("summary", { text: v.working_title }), workingList(v.working)));
  return { box, title };
}

/** One cell of a table of answers: words, or a procedure's lines (the build's HTML by id). */
function cell(c, data) {
  if (!c.items) return c.text;
  return el("ul", { class: "sdh-plain-list" }, ...c.items.map((i) => el("li", {}, data.items[i.item] ? trusted(data.items[i.item]) : i.statement)));
}

/** A table of answers, one row a stage ({caption, heads, rows: [{stage, cells}]}), in a scrolling region. */
export function resultsTable(t, data) {
  const rows = t.rows.map((r) =>
    el("tr", { "data-stage": r.stage }, el("th", { scope: "row", text: r.cells[0].text }), ...r.cells.slice(1).map((c) => el("td", {}, cell(c, data)))),
  );
  const table = el(
    "table",
    { class: "sdh-rule-table sdh-training__results" },
    el("caption", { text: t.caption }),
    el("thead", {}, el("tr", {}, ...t.heads.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows),
  );
  return el("div", { class: "sdh-table-wrap", role: "region", tabindex: "0", "aria-label": t.caption }, table);
}
