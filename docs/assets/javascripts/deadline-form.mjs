/* The deadline tool ("When is it due?"): reads its form, which build_tools/fences/
   deadline_form.py wrote from the rulebook, and lays out each procedure's answer as
   calculators/presenter.py words it (deadline_view): the first lines, each limit with its
   role, date, force, start, citation and working, the clocks still running and those out
   of scope. It chooses no words and does no calendar arithmetic. */

import { citationLine, forceLine, notesBlock, statementBlock, warningsAndSilence, workingList } from "./answer-view.mjs";
import { el, hidden, siteRoot } from "./dom.mjs";
import { checkAnswers } from "./take-away.mjs";
import { DATE_BOXES, dateForm, toolForm } from "./tool-form.mjs";

const FIELD_ORDER = ["procedure", "event", "at", "earlier", "earlier-at", "circumstances"];

export function setupDeadlines(root, client) {
  const { data, prefix, form, procedure, offset, boxesOf, circumstanceItems, circumstances } = dateForm(root);
  const atBoxes = boxesOf("at");
  const earlierBoxes = boxesOf("earlier-at");
  const earlierGroup = form.querySelector("[data-earlier]");
  const earlierEvent = form.querySelector(`#${prefix}-earlier-event`);
  const noCircumstances = form.querySelector("[data-no-circumstances]");
  const chosenEvent = () => form.querySelector(`input[name="${prefix}-event"]:checked`);

  const eventItems = Array.from(form.querySelectorAll(".sdh-radios__item"));
  // Only the events the chosen procedure sets a timescale from, and the circumstances that
  // change its timescales, are offered (all of them while none, or all, is chosen); an
  // event hidden is unticked, so nothing hidden is sent.
  const knows = (item, chosen) => !chosen || chosen === "all" || (item.dataset.procedures || "").split(" ").includes(chosen);
  function showCircumstances() {
    const chosen = procedure.value;
    let shown = 0;
    for (const item of circumstanceItems) {
      const visible = knows(item, chosen);
      hidden(item, !visible);
      if (visible) shown += 1;
    }
    hidden(noCircumstances, shown > 0);
    for (const item of eventItems) {
      const visible = knows(item, chosen);
      hidden(item, !visible);
      const radio = item.querySelector("input");
      if (!visible && radio.checked) {
        radio.checked = false;
        radio.dispatchEvent(new Event("change"));
      }
    }
  }
  procedure.addEventListener("change", showCircumstances);
  showCircumstances();

  // Offer an earlier event only where the event chosen keeps earlier clocks running
  // (the list of which is the rulebook's, embedded at build time).
  function showEarlier() {
    const chosen = chosenEvent();
    const allowed = chosen ? data.earlier[chosen.value] || [] : [];
    for (const option of earlierEvent.options) {
      if (option.value) hidden(option, !allowed.includes(option.value));
    }
    if (earlierEvent.value && !allowed.includes(earlierEvent.value)) earlierEvent.value = "";
    hidden(earlierGroup, allowed.length === 0);
  }
  for (const radio of form.querySelectorAll(`input[name="${prefix}-event"]`)) radio.addEventListener("change", showEarlier);
  showEarlier();

  // What was typed in each box, unchanged: Python reads and checks it (calculators/date_boxes.py).
  const typed = (boxes) => Object.fromEntries(DATE_BOXES.map((key) => [key, boxes[key].value]));

  function read() {
    const event = chosenEvent();
    const request = { procedure: procedure.value, event: event ? event.value : "", at: { ...typed(atBoxes), offset: offset.value }, circumstances: circumstances() };
    if (!earlierGroup.hidden && earlierEvent.value) request.earlier = { [earlierEvent.value]: typed(earlierBoxes) };
    return request;
  }

  // Every string below is Python's (calculators/presenter.py): the script only places them.
  function limit(v) {
    const item = el("li", { class: `sdh-deadline sdh-deadline--${v.role}`, "data-rule": v.rule, "data-due": v.due, "data-role": v.role });
    item.append(el("p", { class: "sdh-deadline__due" }, el("strong", { text: v.heading })));
    item.append(statementBlock("sdh-deadline__statement", data.rules[v.rule]?.statement, v.statement));
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
    const notes = notesBlock("sdh-deadline__notes", data.rules[v.rule]?.notes, v.notes);
    if (notes) item.append(notes);
    item.append(citationLine(v.citation));
    const details = el("details", { class: "sdh-working-details" }, el("summary", { text: v.working_title }));
    details.append(workingList(v.working));
    for (const r of v.readings_working) details.append(el("p", { text: r.title }), workingList(r.lines));
    item.append(details);
    return item;
  }

  function answer(v, headingLevel) {
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
    section.append(...warningsAndSilence(v));
    if (v.limits.length) section.append(el("ol", { class: "sdh-deadlines" }, ...v.limits.map(limit)));
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

  toolForm(root, client, {
    data,
    order: FIELD_ORDER,
    read,
    recap: (response) => response.views[0].recap.map((line) => el("li", { text: line })),
    question: (response, focusField) => checkAnswers(data.words.take_away, response.check, focusField),
    answer,
    reset: () => {
      showCircumstances();
      showEarlier();
    },
  });
}
