/* The handbook's tools in the page: reads the form that build_tools/handbook_markdown.py
   wrote from the rulebook, asks the Python in tool-worker.mjs for the answer, and shows it.

   Trust: the only HTML inserted is the rule statements and notes that the build rendered
   from the rulebook (markdown-it-py, raw HTML off), embedded in the page as JSON and
   looked up by rule id. Everything that comes back from Python is written as text.
   Privacy: nothing typed is put in the address, in storage or in a cookie, and nothing is
   sent anywhere but to the worker in this page. */

import { citationLine, forceLine, workingList } from "./answer-view.mjs";
import { el, hidden, listWords, printOnly, siteRoot, trustedRuleHtml } from "./dom.mjs";
import { errorDisplay } from "./error-summary.mjs";

const tools = Array.from(document.querySelectorAll(".sdh-tool[data-tool]"));

// Set once tool-start.mjs is loaded (pages without a tool never load it).
let postToWorker = null;
let nextId = 1;
const pending = new Map();
const readiness = { state: "starting", message: "", listeners: [] };

function onReadiness(listener) {
  readiness.listeners.push(listener);
  if (readiness.state !== "starting") listener(readiness);
}

function setReadiness(state, detail) {
  // A named mark, so the benchmark (bench/run.py) reads the ready moment exactly, with
  // the worker's own timings of its steps (ms since the worker started) as its detail.
  if (state === "ready" && performance.mark) performance.mark("sdh-tool-ready", { detail: detail.timings || null });
  Object.assign(readiness, { state }, detail);
  for (const listener of readiness.listeners) listener(readiness);
  // register-sw.mjs waits for this before it downloads the offline copy (see there).
  if (state === "ready" || state === "failed") document.dispatchEvent(new Event("sdh-tool-settled"));
}

function startWorker(connect) {
  connect((kind, event) => {
    if (kind === "message") {
      const data = event.data || {};
      if (data.type === "ready") setReadiness("ready", { version: data.version, date: data.date, timings: data.timings });
      else if (data.type === "failed") setReadiness("failed", { message: data.message });
      else if (data.type === "answer" && pending.has(data.id)) {
        pending.get(data.id)(data.response);
        pending.delete(data.id);
      }
      return;
    }
    setReadiness("failed", { message: `The tool could not start (${event.message || "the worker failed to load"}).` });
    for (const [id, resolve] of pending) {
      resolve(JSON.stringify({ ok: false, errors: [{ field: null, message: readiness.message }] }));
      pending.delete(id);
    }
  });
}

function ask(tool, request) {
  if (readiness.state === "failed") {
    return Promise.resolve({ ok: false, errors: [{ field: null, message: readiness.message }] });
  }
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, (text) => resolve(JSON.parse(text)));
    postToWorker({ id, tool, request: JSON.stringify(request) });
  });
}

/* ------------------------------------------------------------------ the deadline tool */

const DATE_PARTS = [
  ["day", "a day"],
  ["month", "a month"],
  ["year", "a year"],
  ["hour", "an hour"],
  ["minute", "a minute"],
];

const FIELD_ORDER = ["procedure", "event", "at", "earlier", "earlier-at", "circumstances"];

function inFieldOrder(errors) {
  const rank = (e) => (FIELD_ORDER.includes(e.field) ? FIELD_ORDER.indexOf(e.field) : FIELD_ORDER.length);
  return errors.map((e, i) => [rank(e), i, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

function setupDeadlines(root) {
  const data = JSON.parse(root.querySelector("script[data-tool-data]").textContent);
  const prefix = data.tool;
  const form = root.querySelector("form[data-form]");
  const status = root.querySelector("[data-status]");
  const summary = root.querySelector("[data-error-summary]");
  const result = root.querySelector("[data-result]");
  const submit = form.querySelector('button[type="submit"]');
  const procedure = form.querySelector(`#${prefix}-procedure`);
  const offset = form.querySelector(`#${prefix}-at-offset`);
  const parts = Object.fromEntries(DATE_PARTS.map(([key]) => [key, form.querySelector(`#${prefix}-at-${key}`)]));
  const earlierGroup = form.querySelector("[data-earlier]");
  const earlierEvent = form.querySelector(`#${prefix}-earlier-event`);
  const earlierParts = Object.fromEntries(DATE_PARTS.map(([key]) => [key, form.querySelector(`#${prefix}-earlier-at-${key}`)]));
  const circumstanceItems = Array.from(form.querySelectorAll(".sdh-checkboxes__item"));
  const noCircumstances = form.querySelector("[data-no-circumstances]");
  const groups = Object.fromEntries(
    Array.from(form.querySelectorAll("[data-field]")).map((g) => [g.dataset.field, g]),
  );

  onReadiness((r) => {
    status.dataset.status = r.state;
    if (r.state === "ready") {
      let text = "The tool is ready.";
      if (r.version && r.version !== data.rulebook.version) {
        text += ` Its rulebook (version ${r.version}) differs from this page's (version ${data.rulebook.version}): reload the page.`;
      }
      status.textContent = text;
    } else if (r.state === "failed") {
      status.textContent = `The tool could not start. ${r.message} Reload the page to try again; the table of every timescale, further down this page, still applies.`;
    }
  });

  function showCircumstances() {
    const chosen = procedure.value;
    let shown = 0;
    for (const item of circumstanceItems) {
      const users = (item.dataset.procedures || "").split(" ");
      const visible = chosen === "all" || users.includes(chosen);
      hidden(item, !visible);
      if (visible) shown += 1;
    }
    hidden(noCircumstances, shown > 0);
  }
  procedure.addEventListener("change", showCircumstances);
  showCircumstances();

  // Offer an earlier event only where the event chosen keeps earlier clocks running
  // (the list of which is the rulebook's, embedded at build time).
  function showEarlier() {
    const chosen = form.querySelector(`input[name="${prefix}-event"]:checked`);
    const allowed = chosen ? data.earlier[chosen.value] || [] : [];
    for (const option of earlierEvent.options) {
      if (option.value) hidden(option, !allowed.includes(option.value));
    }
    if (earlierEvent.value && !allowed.includes(earlierEvent.value)) earlierEvent.value = "";
    hidden(earlierGroup, allowed.length === 0);
  }
  for (const radio of form.querySelectorAll(`input[name="${prefix}-event"]`)) radio.addEventListener("change", showEarlier);
  showEarlier();

  const errors = errorDisplay(form, summary, result);

  /* ------------------------------------------------ reading the form */

  // What was typed in each box, unchanged: Python reads and checks it (calculators/date_boxes.py).
  const boxValues = (boxes) => Object.fromEntries(DATE_PARTS.map(([key]) => [key, boxes[key].value]));

  function readEarlier() {
    if (earlierGroup.hidden || !earlierEvent.value) return {};
    return { earlier: { [earlierEvent.value]: boxValues(earlierParts) } };
  }

  function readAt() {
    return { at: { ...boxValues(parts), offset: offset.value } };
  }

  function readRequest() {
    const event = form.querySelector(`input[name="${prefix}-event"]:checked`);
    const circumstances = circumstanceItems
      .filter((item) => !item.hidden)
      .map((item) => item.querySelector("input"))
      .filter((input) => input.checked)
      .map((input) => input.value);
    const { at } = readAt();
    const { earlier } = readEarlier();
    return { request: { procedure: procedure.value, event: event ? event.value : "", at, circumstances, ...(earlier ? { earlier } : {}) } };
  }

  /* ------------------------------------------------ the answer */

  function ruleHtml(ruleId, key, fallbackText) {
    const entry = data.rules[ruleId];
    if (entry && entry[key] !== undefined) return trustedRuleHtml(entry[key]);
    return el("p", { text: fallbackText });
  }


  // Every string below is Python's (calculators/presenter.py): the script only places them.
  function renderLimit(v) {
    const item = el("li", { class: `sdh-deadline sdh-deadline--${v.role}`, "data-rule": v.rule, "data-due": v.due, "data-role": v.role });
    item.append(el("p", { class: "sdh-deadline__due" }, el("strong", { text: v.heading })));
    const statement = el("div", { class: "sdh-deadline__statement" });
    statement.append(ruleHtml(v.rule, "statement", v.statement));
    item.append(statement);
    item.append(el("p", { class: "sdh-deadline__timescale", text: v.timescale }));
    if (v.force) item.append(forceLine(v.force));
    const start = el("p", { class: "sdh-start", text: v.start });
    if (v.start_link) start.append(" ", el("a", { href: `${siteRoot()}${v.start_link.href}`, text: v.start_link.text }));
    item.append(start);
    if (v.fallback) item.append(el("p", { class: "sdh-fallback", text: v.fallback }));
    if (v.readings.length) {
      item.append(
        el("ul", { class: "sdh-readings" }, ...v.readings.map((r) => el("li", { "data-unit": r.unit, "data-due": r.due ?? "" }, el("strong", { text: r.label }), r.due_text))),
      );
    }
    const notes = data.rules[v.rule]?.notes;
    if (notes && notes.length) {
      const box = el("div", { class: "sdh-deadline__notes" });
      for (const note of notes) box.append(trustedRuleHtml(note));
      item.append(box);
    } else if (v.notes.length) {
      item.append(el("div", { class: "sdh-deadline__notes" }, ...v.notes.map((note) => el("p", { text: note }))));
    }
    item.append(citationLine(v.citation));
    const details = el("details", { class: "sdh-working-details" }, el("summary", { text: v.working_title }));
    details.append(workingList(v.working));
    for (const r of v.readings_working) details.append(el("p", { text: r.title }), workingList(r.lines));
    item.append(details);
    return item;
  }

  function renderAnswer(v, headingLevel) {
    const section = el("section", { class: "sdh-answer", "data-procedure": v.procedure });
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: v.heading }));
    if (v.first.length) {
      const classes = { headline: "sdh-governing__headline", force: "sdh-governing__force", if: "sdh-governing__if" };
      const lines = v.first.map((line) =>
        line.kind === "headline"
          ? el("li", { class: classes.headline, "data-duty": line.duty, "data-governs": line.governs }, el("strong", { text: line.text }))
          : el("li", { class: classes[line.kind], ...(line.rule ? { "data-rule": line.rule } : {}), text: line.text }),
      );
      section.append(el("ul", { class: "sdh-governing" }, ...lines));
    }
    if (v.warnings.length) {
      const box = el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: v.warnings_title })));
      box.append(el("ul", {}, ...v.warnings.map((w) => el("li", { text: w }))));
      section.append(box);
    }
    if (v.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: v.silent }));
    if (v.limits.length) section.append(el("ol", { class: "sdh-deadlines" }, ...v.limits.map(renderLimit)));
    if (v.running.length) {
      section.append(
        el("ul", { class: "sdh-running" }, ...v.running.map((r) => el("li", { "data-rule": r.rule, "data-role": "running" }, el("p", { text: r.text }), citationLine(r.citation)))),
      );
    }
    if (v.not_running.length) {
      section.append(el("ul", { class: "sdh-not-running" }, ...v.not_running.map((r) => el("li", { "data-rule": r.rule, "data-role": "not-running", text: r.text }))));
    }
    section.append(el("p", { class: "sdh-caveat", text: v.caveat }));
    return section;
  }

  function renderAnswers(views) {
    const title = el("h3", { class: "sdh-result__title", id: `${prefix}-result-title`, tabindex: "-1", text: data.words.result_title });
    const question = el("ul", { class: "sdh-result__question" }, ...views[0].recap.map((line) => el("li", { text: line })));
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print": "" }, data.words.print);
    print.addEventListener("click", printAnswer);
    const version = el("p", { class: "sdh-tool__version", text: data.words.worked_out_by });
    result.replaceChildren(title, question, ...views.map((v) => renderAnswer(v, 4)), version, print);
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  function printAnswer() {
    printOnly(result);
  }

  /* ------------------------------------------------ submit */

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const { request } = readRequest();
    busy = true;
    root.setAttribute("aria-busy", "true");
    if (readiness.state === "starting") {
      result.replaceChildren(el("p", { class: "sdh-result__wait", text: "Working it out as soon as the tool has started…" }));
    }
    try {
      const response = await ask(prefix, request);
      if (response.ok) {
        errors.clear();
        renderAnswers(response.views);
      } else {
        errors.show(inFieldOrder(response.errors || []));
      }
    } finally {
      busy = false;
      root.removeAttribute("aria-busy");
    }
  });

  submit.disabled = false;
  root.dataset.toolReady = "form";
}

/* ------------------------------------------------------------------ the decision tools

   One script for every decision tool (joint investigation, child seen alone, ...): the form
   was written at build time from the tool's questions (procedures/tools.toml), one group per
   question with data-field (its id) and data-kind (choice, multi, yes-no, whole-number,
   date, datetime, text). The answer comes from calculators.web.run(tool, {procedure, facts}). */

const DAY_PARTS = [
  ["day", "a day"],
  ["month", "a month"],
  ["year", "a year"],
];
const TIME_PARTS = [
  ["hour", "an hour"],
  ["minute", "a minute"],
];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

function setupDecision(root) {
  const data = JSON.parse(root.querySelector("script[data-tool-data]").textContent);
  const prefix = data.tool;
  const form = root.querySelector("form[data-form]");
  const status = root.querySelector("[data-status]");
  const summary = root.querySelector("[data-error-summary]");
  const result = root.querySelector("[data-result]");
  const submit = form.querySelector('button[type="submit"]');
  const procedure = form.querySelector(`#${prefix}-procedure`);
  const errors = errorDisplay(form, summary, result);
  const questions = Array.from(form.querySelectorAll("[data-field]")).filter((g) => g.dataset.kind !== "procedure");
  const order = ["procedure", ...questions.map((g) => g.dataset.field)];

  onReadiness((r) => {
    status.dataset.status = r.state;
    if (r.state === "ready") {
      let text = "The tool is ready.";
      if (r.version && r.version !== data.rulebook.version) {
        text += ` Its rulebook (version ${r.version}) differs from this page's (version ${data.rulebook.version}): reload the page.`;
      }
      status.textContent = text;
    } else if (r.state === "failed") {
      status.textContent = `The tool could not start. ${r.message} Reload the page to try again; the chapter's text still applies.`;
    }
  });

  function legendText(group) {
    const legend = group.querySelector("legend") || group.querySelector("label");
    return legend.textContent.replace(/ \(optional\)$/, "");
  }

  /* ------------------------------------------------ reading the form */

  /** What was typed in a date's boxes, unchanged ("" when all are empty): Python checks it. */
  function readDateGroup(group) {
    const values = {};
    for (const box of group.querySelectorAll("[data-part]")) values[box.dataset.part] = box.value;
    return Object.values(values).every((v) => v.trim() === "") ? "" : values;
  }

  /** The request: {procedure, facts}. */
  function readRequest() {
    const facts = {};
    for (const group of questions) {
      const field = group.dataset.field;
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
        value = readDateGroup(group);
      }
      if (value === "" || (Array.isArray(value) && value.length === 0)) continue;
      facts[field] = value;
    }
    return { request: { procedure: procedure.value, facts } };
  }

  function inFieldOrder(list) {
    const rank = (e) => (order.includes(e.field) ? order.indexOf(e.field) : order.length);
    return list.map((e, i) => [rank(e), i, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
  }

  /** What was asked, in the form's own words, for the top of the answer (text fields left out). */
  function recap(facts) {
    const items = [];
    for (const group of questions) {
      const field = group.dataset.field;
      const kind = group.dataset.kind;
      if (kind === "text" || !(field in facts)) continue;
      let shown;
      if (kind === "choice" || kind === "yes-no" || kind === "multi") {
        const values = Array.isArray(facts[field]) ? facts[field] : [facts[field]];
        shown = values
          .map((v) => group.querySelector(`input[value="${CSS.escape(v)}"] + label`)?.textContent || v)
          .join("; ");
      } else if (kind === "date" || kind === "datetime") {
        const box = (key) => group.querySelector(`[data-part="${key}"]`).value.trim();
        const month = MONTHS[Number(box("month")) - 1] || box("month");
        shown = `${Number(box("day"))} ${month} ${box("year")}`;
        if (kind === "datetime") shown += ` at ${box("hour").padStart(2, "0")}:${box("minute").padStart(2, "0")}`;
      } else {
        shown = String(facts[field]);
      }
      const label = legendText(group);
      items.push(el("li", {}, /[?:]$/.test(label) ? `${label} ` : `${label}: `, el("strong", { text: shown })));
    }
    if (!items.length) items.push(el("li", { text: "No question answered." }));
    return el("ul", { class: "sdh-result__question" }, ...items);
  }

  /* ------------------------------------------------ the answer */

  function itemHtml(itemId, fallbackText) {
    const entry = data.items[itemId];
    if (entry && entry.statement !== undefined) return trustedRuleHtml(entry.statement);
    return el("p", { text: fallbackText });
  }

  // Every string below is Python's (calculators/presenter.py): the script only places them.
  function renderLine(v) {
    const li = el("li", { class: "sdh-line", "data-item": v.item, "data-due": v.due });
    const statement = el("div", { class: "sdh-line__statement" });
    statement.append(itemHtml(v.item, v.statement));
    li.append(statement);
    if (v.force) li.append(forceLine(v.force));
    if (v.due_text) li.append(el("p", { class: "sdh-line__due" }, el("strong", { text: v.due_text })));
    const notes = data.items[v.item]?.notes;
    if (notes && notes.length) {
      const box = el("div", { class: "sdh-line__notes" });
      for (const note of notes) box.append(trustedRuleHtml(note));
      li.append(box);
    } else if (v.notes.length) {
      li.append(el("div", { class: "sdh-line__notes" }, ...v.notes.map((note) => el("p", { text: note }))));
    }
    li.append(citationLine(v.citation));
    if (v.working.length) {
      const details = el("details", { class: "sdh-working-details" }, el("summary", { text: v.working_title }));
      details.append(el("ol", { class: "sdh-working" }, ...v.working.map((w) => el("li", { text: w }))));
      li.append(details);
    }
    return li;
  }

  function renderDraft(draftText) {
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

  function renderAnswer(v, headingLevel) {
    const section = el("section", { class: "sdh-answer", "data-procedure": v.procedure });
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
    if (v.warnings.length) {
      const box = el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: v.warnings_title })));
      box.append(el("ul", {}, ...v.warnings.map((w) => el("li", { text: w }))));
      section.append(box);
    }
    if (v.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: v.silent }));
    for (const level of v.levels) {
      section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", "data-level": level.level, text: level.title }));
      section.append(el("ul", { class: "sdh-lines", "data-level": level.level }, ...level.lines.map(renderLine)));
    }
    if (v.factors.length) {
      section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", text: v.factors_title }));
      const checklist = el("ul", { class: "sdh-factors", "data-factors": "" });
      for (const f of v.factors) {
        checklist.append(
          el(
            "li",
            { "data-factor": f.id, "data-present": f.present ? "yes" : "no", class: f.present ? "sdh-factor--present" : "" },
            el("span", { class: "sdh-factor__mark", "aria-hidden": "true", text: f.mark }),
            el("strong", { text: f.lead }),
            f.label,
          ),
        );
      }
      section.append(checklist);
    }
    if (v.not_addressed.length) {
      section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", text: v.not_addressed_title }));
      section.append(el("ul", { class: "sdh-not-addressed" }, ...v.not_addressed.map((n) => el("li", { text: n }))));
    }
    if (v.record_draft) section.append(renderDraft(v.record_draft));
    section.append(el("p", { class: "sdh-caveat", text: v.caveat }));
    return section;
  }

  function renderAnswers(views, facts) {
    const title = el("h3", { class: "sdh-result__title", id: `${prefix}-result-title`, tabindex: "-1", text: data.words.result_title });
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print": "" }, data.words.print);
    print.addEventListener("click", () => printOnly(result));
    const version = el("p", { class: "sdh-tool__version", text: data.words.worked_out_by });
    result.replaceChildren(title, recap(facts), ...views.map((v) => renderAnswer(v, 4)), version, print);
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  /* ------------------------------------------------ submit */

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const { request } = readRequest();
    busy = true;
    root.setAttribute("aria-busy", "true");
    if (readiness.state === "starting") {
      result.replaceChildren(el("p", { class: "sdh-result__wait", text: "Working it out as soon as the tool has started…" }));
    }
    try {
      const response = await ask(prefix, request);
      if (response.ok) {
        errors.clear();
        renderAnswers(response.views, request.facts);
      } else {
        errors.show(inFieldOrder(response.errors || []));
      }
    } finally {
      busy = false;
      root.removeAttribute("aria-busy");
    }
  });

  submit.disabled = false;
  root.dataset.toolReady = "form";
}

const SETUP = { deadlines: setupDeadlines };

if (tools.length) {
  // Pages with a tool load tool-start.mjs early from the head (build_tools/theme/main.html);
  // importing it again here reuses that one module, and so that one worker.
  const { connect, post } = await import("./tool-start.mjs");
  postToWorker = post;
  startWorker(connect);
  for (const root of tools) {
    const setup = root.dataset.toolKind === "decision" ? setupDecision : SETUP[root.dataset.tool];
    if (!setup) throw new Error(`tool.mjs: no script for the tool "${root.dataset.tool}"`);
    setup(root);
  }
}
