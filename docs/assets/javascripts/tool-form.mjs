/* What every tool's form shares: the status line, sending the form to Python, the GOV.UK
   error summary in the form's order, and the frame of the answer (its title, the question
   asked, each procedure's answer, the version line and "Print this answer").

   Each tool's own module (deadline-form.mjs, decision-form.mjs) reads its form and lays out
   one procedure's answer. Every word comes from the page's data (written by the build from
   calculators/presenter.py) or from Python's answer: nothing here is worded. */

import { el, printOnly } from "./dom.mjs";
import { errorDisplay } from "./error-summary.mjs";
import { summaryTable } from "./answer-view.mjs";
import { takeAway } from "./take-away.mjs";

/** The tool's data, embedded in its form by the build (build_tools/fences/*_form.py). */
export function toolData(root) {
  return JSON.parse(root.querySelector("script[data-tool-data]").textContent);
}

/** The GOV.UK date input's boxes, in the order they are read. */
export const DATE_BOXES = ["day", "month", "year", "hour", "minute"];

/** What the deadline and timeline forms share: their data, prefix, form, procedure select, the
    offset choice of the first date, `boxesOf(id)`, the date boxes of one date input by key, and the
    circumstances' items with `circumstances()`, the values of those ticked and on offer. */
export function dateForm(root) {
  const data = toolData(root);
  const prefix = data.tool;
  const form = root.querySelector("form[data-form]");
  const boxesOf = (id) => Object.fromEntries(DATE_BOXES.map((key) => [key, form.querySelector(`#${prefix}-${id}-${key}`)]));
  const circumstanceItems = Array.from(form.querySelectorAll(".sdh-checkboxes__item"));
  // The circumstances ticked among those on offer for the chosen procedure (a hidden one is not sent).
  const circumstances = () => circumstanceItems
    .filter((item) => !item.hidden)
    .map((item) => item.querySelector("input"))
    .filter((input) => input.checked)
    .map((input) => input.value);
  return { data, prefix, form, boxesOf, circumstanceItems, circumstances, procedure: form.querySelector(`#${prefix}-procedure`),
           offset: form.querySelector(`#${prefix}-at-offset`) };
}

/** Errors in the order of the form's fields (those of no field last), as the summary lists them. */
function inFieldOrder(errors, order) {
  const rank = (e) => (order.includes(e.field) ? order.indexOf(e.field) : order.length);
  return errors.map((e, i) => [rank(e), i, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

/** Wire up one tool's form.
    tool: {data, order (field ids, in the form's order), read() -> request,
           recap(response) -> the <li>s of the question asked, answer(view, headingLevel) -> a node,
           optionally question(response, focusField) -> a node in place of the recap's list,
           and reset() -> after "Start again" (the tool shows its own parts again)}. */
export function toolForm(root, client, tool) {
  const { data } = tool;
  const words = data.words;
  const prefix = data.tool;
  const form = root.querySelector("form[data-form]");
  const status = root.querySelector("[data-status]");
  const result = root.querySelector("[data-result]");
  const errors = errorDisplay(form, root.querySelector("[data-error-summary]"), result);

  client.onReadiness((r) => {
    status.dataset.status = r.state;
    if (r.state === "ready") {
      status.textContent = r.version && r.version !== data.rulebook.version ? `${words.ready} ${words.stale}` : words.ready;
    } else if (r.state === "failed") {
      status.textContent = [words.failed, r.message, words.failed_after].filter(Boolean).join(" ");
    }
  });

  function showAnswer(response) {
    const title = el("h3", { class: "sdh-result__title", id: `${prefix}-result-title`, tabindex: "-1", text: words.result_title });
    const question = tool.question ? tool.question(response, focusField) : el("ul", { class: "sdh-result__question" }, ...tool.recap(response));
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print": "" }, words.print);
    print.addEventListener("click", () => printOnly(result, { compact: true }));
    const version = el("p", { class: "sdh-tool__version", text: words.worked_out_by });
    const actions = takeAway(words.take_away, response, print, startAgain);
    // "All side by side" opens with one table (procedure, what is due, by when); details follow.
    const summary = response.summary ? summaryTable(response.summary) : null;
    result.replaceChildren(title, question, ...(summary ? [summary] : []), ...response.views.map((v) => tool.answer(v, 4)), version, actions);
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  // "Change": the field's own focus target (its first box, its select), the page scrolled to it.
  function focusField(field) {
    const group = errors.groups[field];
    const target = group && (document.getElementById(group.dataset.focus || "") || group.querySelector("input, select"));
    if (!target) return;
    (target.closest("fieldset")?.querySelector("legend") || target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  // "Start again": the form emptied, the answer gone, the first question focused. Nothing was kept.
  function startAgain() {
    form.reset();
    errors.clear();
    result.replaceChildren();
    if (tool.reset) tool.reset();
    focusField(tool.order[0]);
  }

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const request = tool.read();
    busy = true;
    root.setAttribute("aria-busy", "true");
    if (client.readiness.state === "starting") {
      result.replaceChildren(el("p", { class: "sdh-result__wait", text: words.waiting }));
    }
    try {
      const response = await client.ask(prefix, request);
      if (response.ok) {
        errors.clear();
        showAnswer(response);
      } else {
        errors.show(inFieldOrder(response.errors || [], tool.order));
      }
    } finally {
      busy = false;
      root.removeAttribute("aria-busy");
    }
  });

  form.querySelector('button[type="submit"]').disabled = false;
  root.dataset.toolReady = "form";
}
