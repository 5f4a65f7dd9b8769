/* A training case in the page: the learner's view (one stage at a time, each answer marked
   by the handbook's Python in a Web Worker) and the trainer's view (presenting mode, handouts).

   The HTML was written at build time by build_tools/handbook_training.py from scenarios/ and
   the rulebook; this script shows and hides it, reads the answers and writes the feedback.
   The worker is the handbook's own (assets/javascripts/tool-worker.mjs): it answers
   calculators.web.run("training", {action: "mark", scenario, stage, procedure, answer}).

   Trust: the only HTML inserted is the rule statements and guidance the build rendered
   (markdown-it-py, raw HTML off), embedded as JSON and looked up by id. Everything that
   comes back from Python is written as text.
   Privacy: progress lives in this page's memory only. Nothing is stored, nothing is put in
   the address, nothing is sent anywhere but to the worker in this page. */

import { el, listWords, trustedRuleHtml as trusted } from "../assets/javascripts/dom.mjs";
import { errorDisplay } from "../assets/javascripts/error-summary.mjs";

const root = document.querySelector(".sdh-training[data-scenario]");

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

function longDate(iso) {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return LONG_DATE.format(new Date(Date.UTC(y, m - 1, d)));
}

/* ------------------------------------------------------------------ the worker */

function startWorker(onState) {
  let worker;
  let nextId = 1;
  const pending = new Map();
  let failed = null;
  try {
    worker = new Worker(new URL("../assets/javascripts/tool-worker.mjs", import.meta.url), { type: "module" });
  } catch (e) {
    failed = `The case could not start (${e.message}).`;
    onState("failed", { message: failed });
  }
  if (worker) {
    worker.postMessage({ type: "start" }); // the learner has turned to the case: start Python now
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "ready") onState("ready", data);
      else if (data.type === "failed") {
        failed = data.message;
        onState("failed", data);
      } else if (data.type === "answer" && pending.has(data.id)) {
        pending.get(data.id)(data.response);
        pending.delete(data.id);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failed = `The case could not start (${event.message || "the worker failed to load"}).`;
      onState("failed", { message: failed });
      for (const [id, resolve] of pending) {
        resolve(JSON.stringify({ ok: false, errors: [{ field: null, message: failed }] }));
        pending.delete(id);
      }
    };
  }
  return function ask(request) {
    if (failed) return Promise.resolve({ ok: false, errors: [{ field: null, message: failed }] });
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (text) => resolve(JSON.parse(text)));
      worker.postMessage({ id, tool: "training", request: JSON.stringify(request) });
    });
  };
}

/* ------------------------------------------------------------------ the case */

function setup() {
  const data = JSON.parse(root.querySelector("script[data-training-data]").textContent);
  const scenario = data.scenario;
  const status = root.querySelector("[data-status]");
  const learner = root.querySelector('[data-panel="learner"]');
  const trainer = root.querySelector('[data-panel="trainer"]');

  // Python starts when the learner turns to the case (a trainer reading the answers, or a
  // page merely opened, costs nothing): the first focus or click in the learner's form.
  let worker = null;
  function ask(request) {
    if (!worker) {
      status.dataset.status = "starting";
      status.textContent = "Starting: your answers will be checked in this page, by the handbook's own Python. Read on meanwhile.";
      worker = startWorker(onState);
    }
    return request === undefined ? Promise.resolve(null) : worker(request);
  }
  const wake = () => ask();
  learner.querySelector("[data-start]").addEventListener("focusin", wake, { once: true });
  learner.querySelector("[data-start]").addEventListener("pointerdown", wake, { once: true });

  function onState(state, detail) {
    status.dataset.status = state;
    if (state === "ready") {
      let text = "Ready: your answers are checked in this page, against the procedure you choose.";
      if (detail.version && detail.version !== data.rulebook.version) {
        text += ` Its rulebook (version ${detail.version}) differs from this page's (version ${data.rulebook.version}): reload the page.`;
      }
      status.textContent = text;
    } else if (state === "failed") {
      status.textContent = `The case could not start. ${detail.message} Reload the page to try again; the trainer's view still shows every answer.`;
    }
  }

  setupTabs();
  setupLearner(data, learner, ask, status);
  setupTrainer(data, trainer);
  root.dataset.trainingReady = scenario;

  /* -------------------------------------------------------------- tabs (WAI-ARIA tabs, automatic) */

  function setupTabs() {
    const box = root.querySelector("[data-case-tabs]");
    const tabs = Array.from(box.querySelectorAll('[role="tab"]'));
    const panels = tabs.map((t) => document.getElementById(t.getAttribute("aria-controls")));
    panels.forEach((panel, i) => {
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tabs[i].id);
    });
    function select(i, focus) {
      tabs.forEach((tab, j) => {
        tab.setAttribute("aria-selected", String(i === j));
        tab.tabIndex = i === j ? 0 : -1;
        panels[j].hidden = i !== j;
      });
      if (focus) tabs[i].focus();
    }
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(i, false));
      tab.addEventListener("keydown", (event) => {
        const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
        if (!(event.key in moves)) return;
        event.preventDefault();
        select((moves[event.key] + tabs.length) % tabs.length, true);
      });
    });
    box.hidden = false;
    select(0, false);
    root.selectTab = (name) => select(panels.findIndex((p) => p.dataset.panel === name), false);
  }
}

/* ------------------------------------------------------------------ the learner's view */

const DAY = [
  ["day", "a day"],
  ["month", "a month"],
  ["year", "a year"],
];
const TIME = [
  ["hour", "an hour"],
  ["minute", "a minute"],
];

function setupLearner(data, panel, ask, status) {
  const start = panel.querySelector("[data-start]");
  const startForm = start.querySelector("form");
  const startErrors = errorDisplay(startForm, start.querySelector("[data-error-summary]"));
  const played = start.querySelector("[data-played]");
  const play = panel.querySelector("[data-play]");
  const playing = play.querySelector("[data-playing]");
  const stages = Array.from(play.querySelectorAll("section[data-stage]"));
  const end = play.querySelector("[data-end]");
  const titleOf = Object.fromEntries(data.stages.map((s) => [s.id, s.title]));

  /** In memory only: procedure -> stage id -> {correct, given, expected}. */
  const results = new Map();
  let procedure = null;
  let index = 0;

  for (const stage of stages) setupStage(stage);

  startForm.addEventListener("submit", (event) => {
    event.preventDefault();
    ask();
    const chosen = startForm.querySelector("input[type=radio]:checked");
    if (!chosen) {
      startErrors.show([{ field: "procedure", message: "Select the procedure to play the case under." }]);
      return;
    }
    startErrors.clear();
    begin(chosen.value);
  });

  play.querySelector("[data-change]").addEventListener("click", () => backToStart());
  end.querySelector("[data-replay]").addEventListener("click", () => backToStart());

  function backToStart() {
    const names = Array.from(results.keys()).map((p) => data.procedures[p].short);
    played.textContent = names.length ? `You have played it under: ${listWords(names)}.` : "";
    played.hidden = !names.length;
    // Offer the first procedure not played yet (the learner can choose any).
    const next = Array.from(startForm.querySelectorAll("input[type=radio]")).find((r) => !results.has(r.value));
    if (next) next.checked = true;
    play.hidden = true;
    start.hidden = false;
    const legend = startForm.querySelector("legend");
    legend.scrollIntoView({ block: "start" });
    legend.focus({ preventScroll: true });
  }

  function begin(chosen) {
    procedure = chosen;
    results.set(procedure, new Map());
    playing.textContent = data.procedures[procedure].short;
    for (const stage of stages) stage.reset();
    start.hidden = true;
    play.hidden = false;
    show(0);
  }

  function show(i) {
    index = i;
    stages.forEach((stage, j) => (stage.hidden = j !== i));
    end.hidden = true;
    const title = stages[i].querySelector(".sdh-stage__title");
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  function finish() {
    stages.forEach((stage) => (stage.hidden = true));
    const mine = results.get(procedure);
    const right = data.stages.filter((s) => mine.get(s.id)?.correct).length;
    end.querySelector("[data-score]").textContent =
      `Under ${data.procedures[procedure].short}, your last answer was right at ${right} of the ${data.stages.length} stages.`;
    const box = end.querySelector("[data-results]");
    box.replaceChildren(resultsTable(mine), comparison());
    end.hidden = false;
    const title = end.querySelector("h3");
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }

  function resultsTable(mine) {
    const rows = data.stages.map((s, i) => {
      const r = mine.get(s.id);
      return el(
        "tr",
        { "data-stage": s.id },
        el("th", { scope: "row", text: `${i + 1}. ${s.title}` }),
        el("td", { text: r ? r.given : "Not answered" }),
        el("td", { text: r ? (r.correct ? "Right" : "Not quite") : "" }),
        el("td", {}, r ? shortAnswer(r.expected, s) : ""),
      );
    });
    return tableWrap(
      `Your answers under ${data.procedures[procedure].short}`,
      ["Stage", "Your answer", "Result", `The answer under ${data.procedures[procedure].short}`],
      rows,
    );
  }

  /** The answers under every procedure played so far in this page, side by side. */
  function comparison() {
    const procs = Array.from(results.keys()).filter((p) => results.get(p).size);
    if (procs.length < 2) {
      const others = Object.keys(data.procedures).length > 1;
      return el("p", {
        text: others
          ? "Play the case again under another procedure to see its answers beside these."
          : "This case is played under one procedure only.",
      });
    }
    const rows = data.stages.map((s, i) =>
      el(
        "tr",
        { "data-stage": s.id },
        el("th", { scope: "row", text: `${i + 1}. ${s.title}` }),
        ...procs.map((p) => {
          const r = results.get(p).get(s.id);
          return el("td", {}, r ? shortAnswer(r.expected, s) : "Not reached");
        }),
      ),
    );
    return tableWrap(
      "The answers under each procedure you have played",
      ["Stage", ...procs.map((p) => data.procedures[p].short)],
      rows,
    );
  }

  function tableWrap(caption, heads, rows) {
    const table = el(
      "table",
      { class: "sdh-rule-table sdh-training__results" },
      el("caption", { text: caption }),
      el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows),
    );
    return el("div", { class: "sdh-table-wrap", role: "region", tabindex: "0", "aria-label": caption }, table);
  }

  function shortAnswer(exp, stage) {
    switch (exp.kind) {
      case "date":
      case "datetime":
        return `By ${exp.text}`;
      case "readings":
        return `Either ${exp.accept.map(longDate).join(" or ")} (the source's days are unclear)`;
      case "no-fixed-time":
        return `No fixed time: ${exp.text}`;
      case "none-set":
        return "No timescale for it";
      case "silent":
        return "Says nothing on it";
      case "headline":
        return data.headlines[stage.tool]?.[exp.choice] || exp.choice;
      case "lines": {
        if (!exp.right.length) return "None of its lines";
        const list = el("ul", { class: "sdh-plain-list" });
        for (const item of exp.right) {
          const html = data.items[item];
          const option = exp.options.find((o) => o.item === item);
          list.append(el("li", {}, html ? trusted(html) : option ? option.statement : item));
        }
        return list;
      }
      default:
        return exp.text || "";
    }
  }

  /* -------------------------------------------------------------- one stage */

  function setupStage(section) {
    const kind = section.dataset.kind;
    const stageId = section.dataset.stage;
    const stageData = data.stages.find((s) => s.id === stageId);
    const form = section.querySelector("form[data-stage-form]");
    const errors = errorDisplay(form, section.querySelector("[data-error-summary]"));
    const feedback = section.querySelector("[data-feedback]");
    const next = section.querySelector("[data-next]");
    const reveal = form.querySelector("[data-reveal-for]");
    const dateRadio = reveal ? document.getElementById(reveal.dataset.revealFor) : null;
    const offsetGroup = form.querySelector("[data-offset]");
    const offset = offsetGroup ? offsetGroup.querySelector("select") : null;
    const box = (key) => form.querySelector(`[data-part="${key}"]`);

    function syncReveal() {
      if (!reveal) return;
      reveal.hidden = !dateRadio.checked;
    }
    if (reveal) {
      for (const radio of form.querySelectorAll("input[type=radio]")) radio.addEventListener("change", syncReveal);
    }

    // GOV.UK's exclusive checkboxes: "None of these" and "says nothing" clear the others, and back.
    if (kind === "lines") {
      form.addEventListener("change", (event) => {
        const input = event.target;
        if (input.type !== "checkbox" || !input.checked) return;
        for (const other of form.querySelectorAll("input[type=checkbox]")) {
          if (other === input) continue;
          if ("exclusive" in input.dataset || "exclusive" in other.dataset) other.checked = false;
        }
      });
    }

    section.reset = () => {
      form.reset();
      errors.clear();
      feedback.replaceChildren();
      next.hidden = true;
      if (offsetGroup) offsetGroup.hidden = true;
      for (const group of form.querySelectorAll(".sdh-checkboxes[data-procedure]")) {
        group.hidden = group.dataset.procedure !== procedure;
      }
      syncReveal();
    };

    /** The learner's date (and time) as typed in the boxes: Python checks it (calculators/date_boxes.py). */
    function readDue() {
      const answer = Object.fromEntries([...DAY, ...TIME].map(([key]) => [key, box(key).value]));
      answer.offset = offsetGroup && !offsetGroup.hidden ? offset.value : "";
      return { answer };
    }

    /** {answer, given (in words)} or {error}. */
    function readAnswer() {
      if (kind === "deadline") {
        const chosen = form.querySelector("input[type=radio]:checked");
        if (!chosen) return { answer: "", given: "" }; // Python says what to give.
        if (chosen.value !== "date") return { answer: chosen.value, given: labelOf(chosen) };
        return { answer: readDue().answer, given: "" }; // Python words what was given.
      }
      if (kind === "headline") {
        const chosen = form.querySelector("input[type=radio]:checked");
        if (!chosen) {
          return { error: { field: "answer", message: "Select what the procedure says, or that it says nothing on this." } };
        }
        return { answer: chosen.value, given: labelOf(chosen) };
      }
      const ticked = Array.from(form.querySelectorAll("input[type=checkbox]:checked")).filter((i) => !i.closest("[hidden]"));
      if (!ticked.length) {
        return { error: { field: "answer", message: "Select the lines that apply, or select “None of these”." } };
      }
      const special = ticked.find((i) => "exclusive" in i.dataset);
      if (special) {
        return { answer: special.value === "none" ? [] : special.value, given: labelOf(special) };
      }
      return { answer: ticked.map((i) => i.value), given: `${ticked.length} line${ticked.length === 1 ? "" : "s"} ticked` };
    }

    function labelOf(input) {
      return form.querySelector(`label[for="${CSS.escape(input.id)}"]`).textContent.trim();
    }

    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const read = readAnswer();
      if (read.error) {
        feedback.replaceChildren();
        errors.show([read.error]);
        return;
      }
      busy = true;
      section.setAttribute("aria-busy", "true");
      if (status.dataset.status !== "ready") {
        feedback.replaceChildren(el("p", { class: "sdh-result__wait", text: "Checking your answer as soon as the case has started…" }));
      }
      try {
        const response = await ask({ action: "mark", scenario: data.scenario, stage: stageId, procedure, answer: read.answer });
        if (!response.ok) {
          feedback.replaceChildren();
          const dateChosen = dateRadio && dateRadio.checked;
          // Python names the boxes to mark, the first to focus; for the hour the clocks
          // repeat it asks for the choice of offset ("repeated-hour").
          const boxOf = (part) => (part === "offset" ? offset : box(part));
          if (offsetGroup && (response.errors || []).some((e) => e.code === "repeated-hour")) offsetGroup.hidden = false;
          errors.show(
            (response.errors || []).map((e) => {
              const onDate = e.field === "answer" && dateChosen;
              const inputs = onDate ? (e.parts || DAY.map(([k]) => k)).map(boxOf) : [];
              return { field: onDate ? "due" : e.field === "answer" ? "answer" : null, message: e.message, inputs, focus: inputs[0] || null };
            }),
          );
          return;
        }
        errors.clear();
        const result = response.result;
        results.get(procedure).set(stageId, { correct: result.correct, given: result.given || read.given, expected: result.expected });
        renderFeedback(result, read.answer);
        next.hidden = false;
      } finally {
        busy = false;
        section.removeAttribute("aria-busy");
      }
    });

    next.addEventListener("click", () => {
      if (index + 1 < stages.length) show(index + 1);
      else finish();
    });

    /* ---------------------------------------------------------- the feedback */

    function renderFeedback(result, answer) {
      const exp = result.expected;
      const box = el("div", {
        class: `sdh-feedback sdh-feedback--${result.correct ? "right" : "wrong"}`,
        "data-correct": String(result.correct),
        "data-kind": exp.kind,
      });
      const title = el(
        "h4",
        { class: "sdh-feedback__title", tabindex: "-1" },
        el("span", { class: "sdh-feedback__mark", "aria-hidden": "true", text: result.correct ? "✓ " : "✗ " }),
        result.correct ? "Your answer: right" : "Your answer: not right",
      );
      box.append(title, el("p", { class: "sdh-feedback__text", "data-feedback-text": "", text: result.feedback }));

      if (exp.kind === "headline") {
        box.append(
          el(
            "p",
            { "data-choice": exp.choice },
            `What ${data.procedures[procedure].short} gives: `,
            el("strong", { text: data.headlines[stageData.tool]?.[exp.choice] || exp.choice }),
          ),
        );
      } else if (exp.kind === "readings") {
        box.append(el("p", { text: `Either reading is accepted: ${exp.accept.map(longDate).join(" or ")}.` }));
      } else if (exp.kind === "lines") {
        const chosen = new Set(Array.isArray(answer) ? answer : []);
        const statement = (item) => {
          const html = data.items[item];
          if (html) return trusted(html);
          const option = exp.options.find((o) => o.item === item);
          return el("p", { text: option ? option.statement : item });
        };
        if (exp.right.length) {
          box.append(el("p", { text: `The lines that fit under ${data.procedures[procedure].short}:` }));
          const list = el("ul", { class: "sdh-feedback__lines", "data-right": "" });
          for (const item of exp.right) {
            list.append(
              el(
                "li",
                { "data-item": item },
                statement(item),
                el("p", { class: "sdh-feedback__you", text: chosen.has(item) ? "You ticked it." : "You did not tick it." }),
              ),
            );
          }
          box.append(list);
        }
        const extra = Array.from(chosen).filter((item) => !exp.right.includes(item));
        if (extra.length) {
          box.append(el("p", { text: "You ticked these too, but they do not fit the question:" }));
          box.append(el("ul", { class: "sdh-feedback__lines", "data-extra": "" }, ...extra.map((item) => el("li", { "data-item": item }, statement(item)))));
        }
      }

      box.append(el("h5", { class: "sdh-feedback__why", text: "Why, and where it is written" }));
      const why = whyItems(exp);
      if (why.length) {
        const list = el("ul", { class: "sdh-feedback__sources" });
        for (const { html, fallback, citation } of why) {
          list.append(
            el(
              "li",
              {},
              html ? trusted(html) : el("p", { text: fallback }),
              el(
                "p",
                { class: "sdh-citation" },
                "Source: ",
                el("span", { class: "sdh-citation__document", text: citation.source || citation.document }),
                `, ${citation.section}: `,
                el("q", { text: citation.quote }),
              ),
            ),
          );
        }
        box.append(list);
      } else {
        box.append(el("p", { text: "There is nothing to cite: the procedure has no rule or guidance on this." }));
      }
      if (exp.working && exp.working.length) {
        const details = el("details", { class: "sdh-working-details" }, el("summary", { text: "How it was worked out" }));
        details.append(el("ol", { class: "sdh-working" }, ...exp.working.map((w) => el("li", { text: w }))));
        box.append(details);
      }
      feedback.replaceChildren(box);
      title.scrollIntoView({ block: "start" });
      title.focus({ preventScroll: true });
    }
  }

  /** The statements and citations that say why: the rules of a deadline, the lines of a tool. */
  function whyItems(exp) {
    const citations = exp.citations || [];
    if (!citations.length) return [];
    if (["date", "datetime", "readings", "no-fixed-time"].includes(exp.kind)) {
      return citations.map((citation, i) => ({
        html: data.rules[exp.rules[i]],
        fallback: (exp.statements || [])[i] || "",
        citation,
      }));
    }
    let lines = exp.lines || [];
    if (exp.kind === "lines" && exp.right.length) lines = lines.filter((l) => exp.right.includes(l.item));
    return lines.map((l) => ({ html: data.items[l.item], fallback: l.statement, citation: l.citation }));
  }
}

/* ------------------------------------------------------------------ the trainer's view */

function setupTrainer(data, panel) {
  const controls = panel.querySelector("[data-trainer-controls]");
  const toggle = controls.querySelector("[data-present]");
  const nav = panel.querySelector("[data-present-nav]");
  const position = nav.querySelector("[data-present-position]");
  const stages = Array.from(panel.querySelectorAll(".sdh-trainer-stage"));
  const differences = panel.querySelector(".sdh-training__differences");
  let presenting = false;
  let current = 0;

  function showStage(i) {
    current = Math.max(0, Math.min(stages.length - 1, i));
    stages.forEach((s, j) => (s.hidden = j !== current));
    position.textContent = `Stage ${current + 1} of ${stages.length}: ${data.stages[current].title}`;
    nav.querySelector("[data-present-prev]").disabled = current === 0;
    nav.querySelector("[data-present-next]").disabled = current === stages.length - 1;
  }

  function present(on) {
    presenting = on;
    toggle.setAttribute("aria-pressed", String(on));
    root.classList.toggle("sdh-training--presenting", on);
    document.documentElement.classList.toggle("sdh-presenting", on);
    nav.hidden = !on;
    differences.hidden = on;
    // The answers wait behind their summary while presenting: the room discusses first.
    for (const d of panel.querySelectorAll("details[data-answers]")) d.open = !on;
    if (on) {
      showStage(0);
      const heading = stages[0].querySelector("h3");
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    } else {
      stages.forEach((s) => (s.hidden = false));
      position.textContent = "";
      toggle.focus();
    }
  }

  toggle.addEventListener("click", () => present(!presenting));
  nav.querySelector("[data-present-exit]").addEventListener("click", () => present(false));
  nav.querySelector("[data-present-prev]").addEventListener("click", () => move(-1));
  nav.querySelector("[data-present-next]").addEventListener("click", () => move(1));

  function move(step) {
    showStage(current + step);
    // Keep focus where it was, unless that button has just been disabled.
    const active = document.activeElement;
    if (active && active.disabled) {
      const heading = stages[current].querySelector("h3");
      heading.focus({ preventScroll: true });
    }
    stages[current].scrollIntoView({ block: "start" });
  }

  // Presenting mode by keyboard (and by a presentation clicker, which sends Page Up / Page Down).
  document.addEventListener("keydown", (event) => {
    if (!presenting || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [role=tablist], summary")) {
      if (event.key !== "Escape") return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      present(false);
    } else if (event.key === "PageDown" || event.key === "ArrowRight") {
      event.preventDefault();
      move(1);
    } else if (event.key === "PageUp" || event.key === "ArrowLeft") {
      event.preventDefault();
      move(-1);
    }
  });

  function printCase(withAnswers) {
    const html = document.documentElement;
    const details = Array.from(panel.querySelectorAll("details"));
    const wasOpen = details.map((d) => d.open);
    details.forEach((d) => (d.open = true));
    html.classList.add("sdh-print-training", withAnswers ? "sdh-print-answers" : "sdh-print-handout");
    const done = () => {
      html.classList.remove("sdh-print-training", "sdh-print-answers", "sdh-print-handout");
      details.forEach((d, i) => (d.open = wasOpen[i]));
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
  }

  controls.querySelector("[data-print-answers]").addEventListener("click", () => printCase(true));
  controls.querySelector("[data-print-handout]").addEventListener("click", () => printCase(false));
  controls.hidden = false;
}

if (root) setup();
