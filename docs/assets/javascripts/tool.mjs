/* The handbook's tools in the page: reads the form that build_tools/handbook_markdown.py
   wrote from the rulebook, asks the Python in tool-worker.mjs for the answer, and shows it.

   Trust: the only HTML inserted is the rule statements and notes that the build rendered
   from the rulebook (markdown-it-py, raw HTML off), embedded in the page as JSON and
   looked up by rule id. Everything that comes back from Python is written as text.
   Privacy: nothing typed is put in the address, in storage or in a cookie, and nothing is
   sent anywhere but to the worker in this page. */

const tools = Array.from(document.querySelectorAll(".sdh-tool[data-tool]"));

let worker = null;
let nextId = 1;
const pending = new Map();
const readiness = { state: "starting", message: "", listeners: [] };

function onReadiness(listener) {
  readiness.listeners.push(listener);
  if (readiness.state !== "starting") listener(readiness);
}

function setReadiness(state, detail) {
  Object.assign(readiness, { state }, detail);
  for (const listener of readiness.listeners) listener(readiness);
}

function startWorker() {
  try {
    worker = new Worker(new URL("tool-worker.mjs", import.meta.url), { type: "module" });
  } catch (e) {
    setReadiness("failed", { message: `The tool could not start (${e.message}).` });
    return;
  }
  worker.onmessage = (event) => {
    const data = event.data || {};
    if (data.type === "ready") setReadiness("ready", { version: data.version, date: data.date });
    else if (data.type === "failed") setReadiness("failed", { message: data.message });
    else if (data.type === "answer" && pending.has(data.id)) {
      pending.get(data.id)(data.response);
      pending.delete(data.id);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    setReadiness("failed", { message: `The tool could not start (${event.message || "the worker failed to load"}).` });
    for (const [id, resolve] of pending) {
      resolve(JSON.stringify({ ok: false, errors: [{ field: null, message: readiness.message }] }));
      pending.delete(id);
    }
  };
}

function ask(tool, request) {
  if (readiness.state === "failed") {
    return Promise.resolve({ ok: false, errors: [{ field: null, message: readiness.message }] });
  }
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, (text) => resolve(JSON.parse(text)));
    worker.postMessage({ id, tool, request: JSON.stringify(request) });
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

function hidden(node, isHidden) {
  node.hidden = isHidden;
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
const FIELD_ORDER = ["procedure", "event", "at", "circumstances"];

function inFieldOrder(errors) {
  const rank = (e) => (FIELD_ORDER.includes(e.field) ? FIELD_ORDER.indexOf(e.field) : FIELD_ORDER.length);
  return errors.map((e, i) => [rank(e), i, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

function listWords(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
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
    return {
      request: { procedure: procedure.value, event: event ? event.value : "", at: at ?? "", circumstances },
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
    const item = el("li", { class: "sdh-deadline", "data-rule": d.rule, "data-due": d.due ?? "" });
    item.append(
      el(
        "p",
        { class: "sdh-deadline__due" },
        el("strong", { text: d.readings ? "Unclear: two readings" : d.due ? `Due: ${d.due_text}` : "No fixed date" }),
      ),
    );
    const statement = el("div", { class: "sdh-deadline__statement" });
    statement.append(ruleHtml(d.rule, "statement", d.statement));
    item.append(statement);
    item.append(el("p", { class: "sdh-deadline__timescale" }, "The procedure's words: ", el("q", { text: d.timescale.text })));
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
        el("span", { class: "sdh-citation__document", text: c.document }),
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
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: a.procedure_title }));
    if (a.warnings && a.warnings.length) {
      const box = el("div", { class: "sdh-warning" }, el("p", {}, el("strong", { text: "Check this answer" })));
      box.append(el("ul", {}, ...a.warnings.map((w) => el("li", { text: w }))));
      section.append(box);
    }
    if (a.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: a.silent }));
    if (a.deadlines && a.deadlines.length) {
      section.append(el("ol", { class: "sdh-deadlines" }, ...a.deadlines.map(renderDeadline)));
    }
    if (a.superseded && a.superseded.length) {
      const list = el("ul", { class: "sdh-superseded" });
      for (const s of a.superseded) {
        const item = el("li", { "data-rule": s.rule });
        item.append(ruleHtml(s.rule, "statement", s.statement));
        list.append(item);
      }
      section.append(
        el("p", { text: "Not shown above, because a timing for the circumstances chosen replaces it:" }),
        list,
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
    const details = Array.from(result.querySelectorAll("details"));
    const wasOpen = details.map((d) => d.open);
    details.forEach((d) => (d.open = true));
    document.documentElement.classList.add("sdh-printing");
    const done = () => {
      document.documentElement.classList.remove("sdh-printing");
      details.forEach((d, i) => (d.open = wasOpen[i]));
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
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

const SETUP = { deadlines: setupDeadlines };

if (tools.length) {
  startWorker();
  for (const root of tools) {
    const setup = SETUP[root.dataset.tool];
    if (!setup) throw new Error(`tool.mjs: no script for the tool "${root.dataset.tool}"`);
    setup(root);
  }
}
