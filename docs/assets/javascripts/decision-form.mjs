/* The decision tools (joint investigation, child seen alone, attendance ...): one module for
   every one of them. The form was written at build time from the tool's questions
   (procedures/tools.toml; build_tools/fences/decision_form.py), one group per question with
   data-field (its id) and data-kind (choice, multi, yes-no, whole-number, date, datetime,
   text). The answer comes from calculators.web.run(tool, {procedure, facts}), worded by
   calculators/presenter.py (tool_view, and the question asked in tool_recap): this lays it
   out and chooses no words. */

import { citationLine, forceLine, notesBlock, statementBlock, warningsAndSilence, workingList } from "./answer-view.mjs";
import { el, printOnly } from "./dom.mjs";
import { checkAnswers } from "./take-away.mjs";
import { toolData, toolForm } from "./tool-form.mjs";

export function setupDecision(root, client) {
  const data = toolData(root);
  const form = root.querySelector("form[data-form]");
  const procedure = form.querySelector(`#${data.tool}-procedure`);
  const questions = Array.from(form.querySelectorAll("[data-field]")).filter((g) => g.dataset.kind !== "procedure");

  /** What was typed in a date's boxes, unchanged ("" when all are empty): Python checks it. */
  function typedDate(group) {
    const values = {};
    for (const box of group.querySelectorAll("[data-part]")) values[box.dataset.part] = box.value;
    return Object.values(values).every((v) => v.trim() === "") ? "" : values;
  }

  /** The request: {procedure, facts}, with the questions left unanswered left out. */
  function read() {
    const facts = {};
    for (const group of questions) {
      const kind = group.dataset.kind;
      let value = "";
      if (kind === "choice" || kind === "yes-no") {
        const chosen = group.querySelector("input[type=radio]:checked");
        value = chosen ? chosen.value : "";
      } else if (kind === "multi") {
        value = Array.from(group.querySelectorAll("input[type=checkbox]:checked")).map((i) => i.value);
      } else if (kind === "whole-number" || kind === "text") {
        const input = group.querySelector("input, textarea");
        value = input.value.trim() === "" ? "" : kind === "text" ? input.value : input.value.trim();
      } else if (kind === "date" || kind === "datetime") {
        value = typedDate(group);
      }
      if (value === "" || (Array.isArray(value) && value.length === 0)) continue;
      facts[group.dataset.field] = value;
    }
    return { procedure: procedure.value, facts };
  }

  // Every string below is Python's (calculators/presenter.py): the script only places them.
  function line(v) {
    const li = el("li", { class: "sdh-line", "data-item": v.item, "data-due": v.due });
    li.append(statementBlock("sdh-line__statement", data.items[v.item]?.statement, v.statement));
    if (v.force) li.append(forceLine(v.force));
    if (v.due_text) li.append(el("p", { class: "sdh-line__due" }, el("strong", { text: v.due_text })));
    const notes = notesBlock("sdh-line__notes", data.items[v.item]?.notes, v.notes);
    if (notes) li.append(notes);
    li.append(citationLine(v.citation));
    if (v.working.length) {
      li.append(el("details", { class: "sdh-working-details" }, el("summary", { text: v.working_title }), workingList(v.working)));
    }
    return li;
  }

  /** The draft record (composed by Python from the answers), to copy or print: never stored or sent. */
  function draft(draftText) {
    const words = data.words.draft;
    const box = el("div", { class: "sdh-draft", "data-draft": "" });
    box.append(el("p", { class: "sdh-draft__title" }, el("strong", { text: words.title })));
    box.append(el("p", { class: "sdh-hint", text: words.hint }));
    const text = el("p", { class: "sdh-draft__text", "data-record-draft": "", text: draftText });
    const said = el("p", { class: "sdh-draft__status", role: "status" });
    const copy = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-copy": "" }, words.copy);
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(draftText);
        said.textContent = words.copied;
      } catch {
        const range = document.createRange();
        range.selectNodeContents(text);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        said.textContent = words.not_copied;
      }
    });
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print-draft": "" }, words.print);
    print.addEventListener("click", () => printOnly(box));
    box.append(text, el("div", { class: "sdh-button-group" }, copy, print), said);
    return box;
  }

  function factors(v) {
    return el(
      "ul",
      { class: "sdh-factors", "data-factors": "" },
      ...v.factors.map((f) =>
        el(
          "li",
          { "data-factor": f.id, "data-present": f.present ? "yes" : "no", class: f.present ? "sdh-factor--present" : "" },
          el("span", { class: "sdh-factor__mark", "aria-hidden": "true", text: f.mark }),
          el("strong", { text: f.lead }),
          f.label,
        ),
      ),
    );
  }

  function answer(v, headingLevel) {
    const section = el("section", { class: "sdh-answer", "data-procedure": v.procedure });
    const subheading = (text, level) => el(`h${headingLevel + 1}`, { class: "sdh-level__title", ...(level ? { "data-level": level } : {}), text });
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: v.heading }));
    section.append(el("p", { class: "sdh-answer__source", text: v.source_title }));
    if (v.summary) {
      section.append(
        el(
          "div",
          { class: "sdh-headline", "data-summary": v.summary.id },
          el("p", { class: "sdh-headline__label" }, el("strong", { text: v.summary.label })),
          v.summary.text ? el("p", { text: v.summary.text }) : null,
        ),
      );
    }
    section.append(...warningsAndSilence(v));
    for (const level of v.levels) {
      section.append(subheading(level.title, level.level));
      section.append(el("ul", { class: "sdh-lines", "data-level": level.level }, ...level.lines.map(line)));
    }
    if (v.factors.length) section.append(subheading(v.factors_title), factors(v));
    if (v.not_addressed.length) {
      section.append(subheading(v.not_addressed_title));
      section.append(el("ul", { class: "sdh-not-addressed" }, ...v.not_addressed.map((n) => el("li", { text: n }))));
    }
    if (v.record_draft) section.append(draft(v.record_draft));
    section.append(el("p", { class: "sdh-caveat", text: v.caveat }));
    return section;
  }

  toolForm(root, client, {
    data,
    order: ["procedure", ...questions.map((g) => g.dataset.field)],
    read,
    // The question asked, as Python words it (GOV.UK "check your answers"): each answered
    // question with its answer and a "Change" link to it.
    question: (response, focusField) => checkAnswers(data.words.take_away, response.check, focusField),
    answer,
  });
}
