/* The handbook's tools in the page: reads the form that build_tools/handbook_markdown.py
   wrote from the rulebook, asks the Python in tool-worker.mjs for the answer, and shows it.

   Trust: the only HTML inserted is the rule statements and notes that the build rendered
   from the rulebook (markdown-it-py, raw HTML off), embedded in the page as JSON and
   looked up by rule id. Everything that comes back from Python is written as text.
   Privacy: nothing typed is put in the address, in storage or in a cookie, and nothing is
   sent anywhere but to the worker in this page. */

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

/* ------------------------------------------------------------------ small DOM helpers */

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Build-time HTML of a rule's statement or note (see the file's header), as a fragment. */
function trustedRuleHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content;
}

/** The site's root, from this script's own address (assets/javascripts/tool.mjs). */
function siteRoot() {
  return new URL("../../", import.meta.url).href;
}

function hidden(node, isHidden) {
  node.hidden = isHidden;
}

/** Print one part of the page (an answer, a draft record): the print stylesheet hides the rest. */
function printOnly(node) {
  const details = Array.from(node.querySelectorAll("details"));
  const wasOpen = details.map((d) => d.open);
  details.forEach((d) => (d.open = true));
  node.classList.add("sdh-print-target");
  document.documentElement.classList.add("sdh-printing");
  const done = () => {
    document.documentElement.classList.remove("sdh-printing");
    node.classList.remove("sdh-print-target");
    details.forEach((d, i) => (d.open = wasOpen[i]));
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
}

function listWords(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** The GOV.UK error summary and the messages at the fields, shared by every tool.
    `groups` maps a field id to its form group; each error is {field, message, focus?, inputs?}. */
function errorDisplay(form, summary, result) {
  const summaryList = summary.querySelector("[data-error-list]");
  const groups = Object.fromEntries(
    Array.from(form.querySelectorAll("[data-field]")).map((g) => [g.dataset.field, g]),
  );

  function clear() {
    summaryList.replaceChildren();
    hidden(summary, true);
    for (const group of Object.values(groups)) {
      group.classList.remove("sdh-form-group--error");
      const message = group.querySelector(":scope .sdh-error-message");
      if (message) {
        message.replaceChildren();
        hidden(message, true);
      }
    }
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    for (const input of form.querySelectorAll(".sdh-input--error, .sdh-select--error, .sdh-textarea--error")) {
      input.classList.remove("sdh-input--error", "sdh-select--error", "sdh-textarea--error");
    }
  }

  function show(errors) {
    clear();
    for (const error of errors) {
      const group = error.field ? groups[error.field] : null;
      let target = null;
      if (group) {
        target = document.getElementById(error.focus || group.dataset.focus);
        group.classList.add("sdh-form-group--error");
        const message = group.querySelector(":scope .sdh-error-message");
        if (message.childNodes.length) message.append(el("br"));
        else message.append(el("span", { class: "sdh-visually-hidden", text: "Error: " }));
        message.append(error.message);
        hidden(message, false);
        const inputs = error.inputs || Array.from(group.querySelectorAll("input, select, textarea"));
        for (const input of inputs) {
          if (input.type === "radio" || input.type === "checkbox") continue;
          input.setAttribute("aria-invalid", "true");
          const css = { SELECT: "sdh-select--error", TEXTAREA: "sdh-textarea--error" }[input.tagName] || "sdh-input--error";
          input.classList.add(css);
        }
      }
      const item = el("li");
      if (target) {
        const link = el("a", { href: `#${target.id}`, "data-target": target.id, text: error.message });
        link.addEventListener("click", (event) => {
          // Focus the field without putting anything in the address bar.
          event.preventDefault();
          const field = document.getElementById(link.dataset.target);
          const legend = field.closest("fieldset")?.querySelector("legend");
          (legend || field).scrollIntoView({ block: "start" });
          field.focus({ preventScroll: true });
        });
        item.append(link);
      } else {
        item.append(error.message);
      }
      summaryList.append(item);
    }
    hidden(summary, false);
    result.replaceChildren();
    summary.focus();
  }

  return { clear, show, groups };
}

/* ------------------------------------------------------------------ the deadline tool */

const DATE_PARTS = [
  ["day", "a day"],
  ["month", "a month"],
  ["year", "a year"],
  ["hour", "an hour"],
  ["minute", "a minute"],
];

/** Any valid time: used only to check the other fields while the date is incomplete. */
const STAND_IN_AT = "2020-01-06T12:00";
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
  const summaryList = summary.querySelector("[data-error-list]");
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

  /* ------------------------------------------------ errors (GOV.UK error summary pattern) */

  function clearErrors() {
    summaryList.replaceChildren();
    hidden(summary, true);
    for (const group of Object.values(groups)) {
      group.classList.remove("sdh-form-group--error");
      const message = group.querySelector(":scope .sdh-error-message");
      if (message) {
        message.replaceChildren();
        hidden(message, true);
      }
    }
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    for (const input of form.querySelectorAll(".sdh-input--error, .sdh-select--error")) {
      input.classList.remove("sdh-input--error", "sdh-select--error");
    }
  }

  function fieldInputs(field) {
    const group = groups[field];
    if (!group) return [];
    return Array.from(group.querySelectorAll("input, select")).filter((i) => !i.closest("[hidden]"));
  }

  function showErrors(errors) {
    clearErrors();
    for (const error of errors) {
      const group = error.field ? groups[error.field] : null;
      let target = null;
      if (group) {
        target = error.focus ? document.getElementById(error.focus) : document.getElementById(group.dataset.focus);
        group.classList.add("sdh-form-group--error");
        const message = group.querySelector(":scope .sdh-error-message");
        if (message.childNodes.length) message.append(el("br"));
        else message.append(el("span", { class: "sdh-visually-hidden", text: "Error: " }));
        message.append(error.message);
        hidden(message, false);
        const inputs = error.parts
          ? error.parts.map((p) => parts[p])
          : error.field === "at"
            ? Object.values(parts)
            : error.field === "earlier-at"
              ? Object.values(earlierParts)
              : fieldInputs(error.field);
        for (const input of inputs) {
          input.setAttribute("aria-invalid", "true");
          input.classList.add(input.tagName === "SELECT" ? "sdh-select--error" : "sdh-input--error");
        }
      }
      const item = el("li");
      if (target) {
        const link = el("a", { href: `#${target.id}`, "data-target": target.id, text: error.message });
        link.addEventListener("click", (event) => {
          // Focus the field without putting anything in the address bar.
          event.preventDefault();
          const field = document.getElementById(link.dataset.target);
          const legend = field.closest("fieldset")?.querySelector("legend");
          (legend || field).scrollIntoView({ block: "start" });
          field.focus({ preventScroll: true });
        });
        item.append(link);
      } else {
        item.append(error.message);
      }
      summaryList.append(item);
    }
    hidden(summary, false);
    result.replaceChildren();
    summary.focus();
  }

  /* ------------------------------------------------ reading the form */

  function readEarlier() {
    if (earlierGroup.hidden || !earlierEvent.value) return {};
    const values = Object.fromEntries(DATE_PARTS.map(([key]) => [key, earlierParts[key].value.trim()]));
    const filled = DATE_PARTS.filter(([key]) => values[key] !== "");
    if (filled.length === 0) return { earlier: { [earlierEvent.value]: "" } }; // Python says what to enter.
    const pad = (text, n) => text.padStart(n, "0");
    return {
      earlier: {
        [earlierEvent.value]:
          `${pad(values.year, 4)}-${pad(values.month, 2)}-${pad(values.day, 2)}` + `T${pad(values.hour, 2)}:${pad(values.minute, 2)}`,
      },
    };
  }

  function readAt() {
    const values = Object.fromEntries(DATE_PARTS.map(([key]) => [key, parts[key].value.trim()]));
    const filled = DATE_PARTS.filter(([key]) => values[key] !== "");
    if (filled.length === 0) return { at: "" }; // Python says what to enter.
    const missing = DATE_PARTS.filter(([key]) => values[key] === "");
    if (missing.length) {
      return {
        error: {
          field: "at",
          focus: parts[missing[0][0]].id,
          parts: missing.map(([key]) => key),
          message: `The date and time of the event must include ${listWords(missing.map(([, words]) => words))}.`,
        },
      };
    }
    const wrong = DATE_PARTS.filter(([key]) => !/^[0-9]+$/.test(values[key]));
    if (wrong.length) {
      return {
        error: {
          field: "at",
          focus: parts[wrong[0][0]].id,
          parts: wrong.map(([key]) => key),
          message: `The ${listWords(wrong.map(([key]) => key))} of the event must be written in figures, for example 24 12 2026 and 16 30.`,
        },
      };
    }
    const pad = (text, n) => text.padStart(n, "0");
    const at =
      `${pad(values.year, 4)}-${pad(values.month, 2)}-${pad(values.day, 2)}` +
      `T${pad(values.hour, 2)}:${pad(values.minute, 2)}${offset.value}`;
    return { at };
  }

  function readRequest() {
    const event = form.querySelector(`input[name="${prefix}-event"]:checked`);
    const circumstances = circumstanceItems
      .filter((item) => !item.hidden)
      .map((item) => item.querySelector("input"))
      .filter((input) => input.checked)
      .map((input) => input.value);
    const { at, error } = readAt();
    const { earlier } = readEarlier();
    return {
      request: { procedure: procedure.value, event: event ? event.value : "", at: at ?? "", circumstances, ...(earlier ? { earlier } : {}) },
      error,
    };
  }

  /* ------------------------------------------------ the answer */

  function ruleHtml(ruleId, key, fallbackText) {
    const entry = data.rules[ruleId];
    if (entry && entry[key] !== undefined) return trustedRuleHtml(entry[key]);
    return el("p", { text: fallbackText });
  }

  function workingList(lines) {
    return el("ol", { class: "sdh-working" }, ...lines.map((line) => el("li", { text: line })));
  }

  function renderDeadline(d) {
    const item = el("li", {
      class: `sdh-deadline sdh-deadline--${d.role}`,
      "data-rule": d.rule,
      "data-due": d.due ?? "",
      "data-role": d.role,
    });
    item.append(el("p", { class: "sdh-deadline__due" }, el("strong", { text: `${d.role_label}: ${d.when_text}` })));
    const statement = el("div", { class: "sdh-deadline__statement" });
    statement.append(ruleHtml(d.rule, "statement", d.statement));
    item.append(statement);
    item.append(el("p", { class: "sdh-deadline__timescale" }, "Timescale: ", d.timescale.text));
    if (d.strength) {
      item.append(
        el("p", { class: "sdh-strength", "data-strength": d.strength }, `${d.strength_label} (the source: `, el("q", { text: d.strength_quote }), ")"),
      );
    }
    const start = el("p", { class: "sdh-start", text: d.start.text });
    if (d.start.reading_page) {
      start.append(" ", el("a", { href: `${siteRoot()}${d.start.reading_page}`, text: "How the handbook reads a start the source does not give" }));
    }
    item.append(start);
    if (d.fallback_text) item.append(el("p", { class: "sdh-fallback", text: d.fallback_text }));
    if (d.readings) {
      const list = el("ul", { class: "sdh-readings" });
      for (const r of d.readings) {
        list.append(
          el(
            "li",
            { "data-unit": r.unit, "data-due": r.due ?? "" },
            el("strong", { text: `${r.label[0].toUpperCase()}${r.label.slice(1)}: ` }),
            r.due_text,
          ),
        );
      }
      item.append(list);
    }
    const notes = data.rules[d.rule]?.notes;
    if (notes && notes.length) {
      const box = el("div", { class: "sdh-deadline__notes" });
      for (const note of notes) box.append(trustedRuleHtml(note));
      item.append(box);
    } else if (d.notes && d.notes.length) {
      const box = el("div", { class: "sdh-deadline__notes" });
      for (const note of d.notes) box.append(el("p", { text: note }));
      item.append(box);
    }
    const c = d.citation;
    item.append(
      el(
        "p",
        { class: "sdh-citation" },
        "Source: ",
        el("span", { class: "sdh-citation__document", text: c.source || c.document }),
        `, ${c.section}: `,
        el("q", { text: c.quote }),
      ),
    );
    const details = el("details", { class: "sdh-working-details" }, el("summary", { text: "How this was worked out" }));
    details.append(workingList(d.working || []));
    if (d.readings) {
      for (const r of d.readings) {
        details.append(el("p", { text: `${r.label[0].toUpperCase()}${r.label.slice(1)}:` }), workingList(r.working || []));
      }
    }
    item.append(details);
    return item;
  }

  function renderAnswer(a, headingLevel) {
    const section = el("section", { class: "sdh-answer", "data-procedure": a.procedure });
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: a.procedure_short_title }));
    if (a.governing && a.governing.length) {
      const lines = [];
      for (const g of a.governing) {
        lines.push(el("li", { class: "sdh-governing__headline", "data-duty": g.duty, "data-governs": g.governs ?? "" }, el("strong", { text: g.headline })));
        if (g.force) lines.push(el("li", { class: "sdh-governing__force", text: g.force }));
        for (const cond of g.governs ? g.applies_if : g.applies_if.slice(1)) {
          lines.push(el("li", { class: "sdh-governing__if", "data-rule": cond.rule, text: cond.text }));
        }
      }
      section.append(el("ul", { class: "sdh-governing" }, ...lines));
    }
    if (a.warnings && a.warnings.length) {
      const box = el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: "Check this answer" })));
      box.append(el("ul", {}, ...a.warnings.map((w) => el("li", { text: w }))));
      section.append(box);
    }
    if (a.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: a.silent }));
    if (a.deadlines && a.deadlines.length) {
      section.append(el("ol", { class: "sdh-deadlines" }, ...a.deadlines.map(renderDeadline)));
    }
    if (a.running && a.running.length) {
      section.append(
        el(
          "ul",
          { class: "sdh-running" },
          ...a.running.map((r) => {
            const c = r.citation;
            return el(
              "li",
              { "data-rule": r.rule, "data-role": "running" },
              el("p", { text: r.text }),
              el("p", { class: "sdh-citation" }, "Source: ", el("span", { class: "sdh-citation__document", text: c.source }), `, ${c.section}: `, el("q", { text: c.quote })),
            );
          }),
        ),
      );
    }
    if (a.not_running && a.not_running.length) {
      section.append(
        el("ul", { class: "sdh-not-running" }, ...a.not_running.map((r) => el("li", { "data-rule": r.rule, "data-role": "not-running", text: r.reason }))),
      );
    }
    if (a.caveat) section.append(el("p", { class: "sdh-caveat", text: a.caveat }));
    return section;
  }

  function renderAnswers(answers) {
    const first = answers[0];
    const title = el("h3", { class: "sdh-result__title", id: `${prefix}-result-title`, tabindex: "-1", text: "The answer" });
    const chosen = (first.circumstances || []).map((id) => data.circumstances[id] || id);
    const question = el(
      "ul",
      { class: "sdh-result__question" },
      el("li", { text: `What happened: ${first.event_label}.` }),
      el("li", { text: `When: ${first.at_text}.` }),
      el("li", { text: chosen.length ? `Also: ${chosen.join("; ")}.` : "Nothing else ticked." }),
    );
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print": "" }, "Print this answer");
    print.addEventListener("click", printAnswer);
    const version = el("p", {
      class: "sdh-tool__version",
      text: `Worked out by the Strategy Discussion Handbook, rulebook version ${data.rulebook.version} of ${data.rulebook.date_text}.`,
    });
    result.replaceChildren(title, question, ...answers.map((a) => renderAnswer(a, 4)), version, print);
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
    const { request, error } = readRequest();
    busy = true;
    root.setAttribute("aria-busy", "true");
    if (readiness.state === "starting") {
      result.replaceChildren(el("p", { class: "sdh-result__wait", text: "Working it out as soon as the tool has started…" }));
    }
    try {
      if (error) {
        // The date is incomplete, so no answer. Still ask Python about the other fields
        // (with a stand-in time) so that every problem is listed at once.
        const others = await ask(prefix, { ...request, at: STAND_IN_AT });
        const rest = others.ok ? [] : (others.errors || []).filter((e) => e.field !== "at");
        showErrors(inFieldOrder([error, ...rest]));
        return;
      }
      const response = await ask(prefix, request);
      if (response.ok) {
        clearErrors();
        renderAnswers(response.answers);
      } else {
        showErrors(inFieldOrder(response.errors || []));
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

  /** A date (or date and time) from its boxes: {value} or {error} (incomplete or not figures). */
  function readDateGroup(group) {
    const kind = group.dataset.kind;
    const wanted = kind === "datetime" ? [...DAY_PARTS, ...TIME_PARTS] : DAY_PARTS;
    const box = (key) => group.querySelector(`[data-part="${key}"]`);
    const values = Object.fromEntries(wanted.map(([key]) => [key, box(key).value.trim()]));
    const label = legendText(group);
    if (wanted.every(([key]) => values[key] === "")) return { value: "" };
    const missing = wanted.filter(([key]) => values[key] === "");
    if (missing.length) {
      return {
        error: {
          field: group.dataset.field,
          focus: box(missing[0][0]).id,
          inputs: missing.map(([key]) => box(key)),
          message: `“${label}” must include ${listWords(missing.map(([, words]) => words))}.`,
        },
      };
    }
    const wrong = wanted.filter(([key]) => !/^[0-9]+$/.test(values[key]));
    if (wrong.length) {
      return {
        error: {
          field: group.dataset.field,
          focus: box(wrong[0][0]).id,
          inputs: wrong.map(([key]) => box(key)),
          message: `The ${listWords(wrong.map(([key]) => key))} of “${label}” must be written in figures, for example 24 12 2026${kind === "datetime" ? " and 16 30" : ""}.`,
        },
      };
    }
    const pad = (text, n) => text.padStart(n, "0");
    let value = `${pad(values.year, 4)}-${pad(values.month, 2)}-${pad(values.day, 2)}`;
    if (kind === "datetime") {
      value += `T${pad(values.hour, 2)}:${pad(values.minute, 2)}${box("offset").value}`;
    }
    return { value };
  }

  /** The request ({procedure, facts}) and any problem the page itself found (incomplete dates). */
  function readRequest() {
    const facts = {};
    const pageErrors = [];
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
        const read = readDateGroup(group);
        if (read.error) pageErrors.push(read.error);
        value = read.value || "";
      }
      if (value === "" || (Array.isArray(value) && value.length === 0)) continue;
      facts[field] = value;
    }
    return { request: { procedure: procedure.value, facts }, pageErrors };
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

  function renderLine(line) {
    const li = el("li", { class: "sdh-line", "data-item": line.item, "data-due": line.due ?? "" });
    const statement = el("div", { class: "sdh-line__statement" });
    statement.append(itemHtml(line.item, line.statement));
    li.append(statement);
    if (line.strength) {
      li.append(el("p", { class: "sdh-strength", "data-strength": line.strength }, `${line.strength_label} (the source: `, el("q", { text: line.strength_quote }), ")"));
    }
    if (line.due_text) {
      li.append(el("p", { class: "sdh-line__due" }, el("strong", { text: `Due: ${line.due_text}` })));
    }
    const notes = data.items[line.item]?.notes;
    if (notes && notes.length) {
      const box = el("div", { class: "sdh-line__notes" });
      for (const note of notes) box.append(trustedRuleHtml(note));
      li.append(box);
    } else if (line.notes && line.notes.length) {
      const box = el("div", { class: "sdh-line__notes" });
      for (const note of line.notes) box.append(el("p", { text: note }));
      li.append(box);
    }
    const c = line.citation;
    li.append(
      el(
        "p",
        { class: "sdh-citation" },
        "Source: ",
        el("span", { class: "sdh-citation__document", text: c.source || c.document }),
        `, ${c.section}: `,
        el("q", { text: c.quote }),
      ),
    );
    if (line.working && line.working.length) {
      const details = el("details", { class: "sdh-working-details" }, el("summary", { text: "How the date was worked out" }));
      details.append(el("ol", { class: "sdh-working" }, ...line.working.map((w) => el("li", { text: w }))));
      li.append(details);
    }
    return li;
  }

  function renderDraft(a) {
    const box = el("div", { class: "sdh-draft", "data-draft": "" });
    box.append(el("p", { class: "sdh-draft__title" }, el("strong", { text: "A draft for the record" })));
    box.append(
      el("p", {
        class: "sdh-hint",
        text: "Composed in this page from your answers; words in [square brackets] are yours to fill in. It is not stored or sent anywhere: copy it or print it now.",
      }),
    );
    const text = el("p", { class: "sdh-draft__text", "data-record-draft": "", text: a.record_draft });
    const said = el("p", { class: "sdh-draft__status", role: "status" });
    const copy = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-copy": "" }, "Copy the draft");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(a.record_draft);
        said.textContent = "Copied. Paste it into your record.";
      } catch {
        const range = document.createRange();
        range.selectNodeContents(text);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        said.textContent = "This browser did not allow copying: the draft is selected, press Ctrl+C (or Cmd+C) to copy it.";
      }
    });
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print-draft": "" }, "Print the draft");
    print.addEventListener("click", () => printOnly(box));
    box.append(text, el("div", { class: "sdh-button-group" }, copy, print), said);
    return box;
  }

  function renderAnswer(a, headingLevel) {
    const section = el("section", { class: "sdh-answer", "data-procedure": a.procedure });
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: a.procedure_short_title }));
    section.append(el("p", { class: "sdh-answer__source", text: a.procedure_title }));
    if (a.summary) {
      section.append(
        el(
          "div",
          { class: "sdh-headline", "data-summary": a.summary.id },
          el("p", { class: "sdh-headline__label" }, el("strong", { text: a.summary.label })),
          a.summary.text && a.summary.text !== `${a.summary.label}.` ? el("p", { text: a.summary.text }) : null,
        ),
      );
    }
    if (a.warnings && a.warnings.length) {
      const box = el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: "Check this answer" })));
      box.append(el("ul", {}, ...a.warnings.map((w) => el("li", { text: w }))));
      section.append(box);
    }
    if (a.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: a.silent }));
    // Lines come in the tool's level order: one heading per level.
    let list = null;
    let level = null;
    for (const line of a.lines || []) {
      if (line.level !== level) {
        level = line.level;
        section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", "data-level": level, text: line.level_label }));
        list = el("ul", { class: "sdh-lines", "data-level": level });
        section.append(list);
      }
      list.append(renderLine(line));
    }
    if (a.factors && a.factors.length) {
      section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", text: "The factors to weigh" }));
      const checklist = el("ul", { class: "sdh-factors", "data-factors": "" });
      for (const f of a.factors) {
        checklist.append(
          el(
            "li",
            { "data-factor": f.id, "data-present": f.present ? "yes" : "no", class: f.present ? "sdh-factor--present" : "" },
            el("span", { class: "sdh-factor__mark", "aria-hidden": "true", text: f.present ? "✓" : "–" }),
            el("strong", { text: f.present ? "Present: " : "Not given: " }),
            f.label,
          ),
        );
      }
      section.append(checklist);
    }
    if (a.not_addressed && a.not_addressed.length) {
      section.append(el(`h${headingLevel + 1}`, { class: "sdh-level__title", text: "Not covered by this procedure" }));
      section.append(el("ul", { class: "sdh-not-addressed" }, ...a.not_addressed.map((n) => el("li", { text: n }))));
    }
    if (a.record_draft) section.append(renderDraft(a));
    if (a.caveat) section.append(el("p", { class: "sdh-caveat", text: a.caveat }));
    return section;
  }

  function renderAnswers(answers, facts) {
    const title = el("h3", { class: "sdh-result__title", id: `${prefix}-result-title`, tabindex: "-1", text: "The answer" });
    const print = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-print": "" }, "Print this answer");
    print.addEventListener("click", () => printOnly(result));
    const version = el("p", {
      class: "sdh-tool__version",
      text: `Worked out by the Strategy Discussion Handbook, rulebook version ${data.rulebook.version} of ${data.rulebook.date_text}.`,
    });
    result.replaceChildren(title, recap(facts), ...answers.map((a) => renderAnswer(a, 4)), version, print);
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  /* ------------------------------------------------ submit */

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const { request, pageErrors } = readRequest();
    busy = true;
    root.setAttribute("aria-busy", "true");
    if (readiness.state === "starting") {
      result.replaceChildren(el("p", { class: "sdh-result__wait", text: "Working it out as soon as the tool has started…" }));
    }
    try {
      const response = await ask(prefix, request);
      if (pageErrors.length) {
        // A date is incomplete, so no answer; Python was asked without it, so that every
        // other problem is listed at once.
        const flagged = new Set(pageErrors.map((e) => e.field));
        const rest = response.ok ? [] : (response.errors || []).filter((e) => !flagged.has(e.field));
        errors.show(inFieldOrder([...pageErrors, ...rest]));
      } else if (response.ok) {
        errors.clear();
        renderAnswers(response.answers, request.facts);
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
