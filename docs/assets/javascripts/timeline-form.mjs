/* The case timeline: reads its form, which build_tools/fences/timeline_form.py wrote from
   the rulebook, and lays out each procedure's chain as calculators/timeline_view.py words
   it: each step of the chain (its time, given or assumed), the duties that run from it with
   the date the governing limit gives, the flags on that date and its source, the limits
   folded away. It chooses no words and does no calendar arithmetic. */

import { citationLine } from "./answer-view.mjs";
import { el, hidden } from "./dom.mjs";
import { checkAnswers } from "./take-away.mjs";
import { DATE_BOXES, dateForm, toolForm } from "./tool-form.mjs";


export function setupTimeline(root, client) {
  const { data, prefix, form, procedure, offset, boxesOf, circumstanceItems, circumstances } = dateForm(root);
  const atBoxes = boxesOf("at");
  const eventItems = Array.from(form.querySelectorAll(".sdh-radios__item"));
  const knownGroups = Array.from(form.querySelectorAll("[data-known]"));
  const noCircumstances = form.querySelector("[data-no-circumstances]");
  const noKnown = form.querySelector("[data-no-known]");
  const chosenEvent = () => form.querySelector(`input[name="${prefix}-event"]:checked`);
  const knows = (node) => !procedure.value || procedure.value === "all" || (node.dataset.procedures || "").split(" ").includes(procedure.value);

  // Only the events, circumstances and later steps the chosen procedure knows are offered;
  // a later step only if it can follow the event chosen (the rulebook's order, from the build).
  function showChoices() {
    for (const item of eventItems) {
      const visible = knows(item);
      hidden(item, !visible);
      if (!visible) item.querySelector("input").checked = false;
    }
    let shown = 0;
    for (const item of circumstanceItems) {
      const visible = procedure.value !== "" && knows(item);
      hidden(item, !visible);
      if (visible) shown += 1;
    }
    hidden(noCircumstances, shown > 0 || procedure.value === "");
    const event = chosenEvent();
    const later = event ? data.later[event.value] || [] : [];
    let knownShown = 0;
    for (const group of knownGroups) {
      const visible = later.includes(group.dataset.known) && knows(group);
      hidden(group, !visible);
      if (visible) knownShown += 1;
    }
    hidden(noKnown, knownShown > 0 || !event);
  }
  procedure.addEventListener("change", showChoices);
  for (const item of eventItems) item.querySelector("input").addEventListener("change", showChoices);
  showChoices();

  // What was typed in each box, unchanged: Python reads and checks it (calculators/date_boxes.py).
  const typed = (id) => {
    const boxes = boxesOf(id);
    return { ...Object.fromEntries(DATE_BOXES.map((key) => [key, boxes[key].value])), offset: form.querySelector(`#${prefix}-${id}-offset`).value };
  };

  function read() {
    const event = chosenEvent();
    const known = {};
    for (const group of knownGroups) {
      if (!group.hidden) known[group.dataset.known] = typed(`known-${group.dataset.known}`);
    }
    return { procedure: procedure.value, event: event ? event.value : "", at: { ...typed("at"), offset: offset.value }, circumstances: circumstances(), known };
  }

  // Every string below is Python's (calculators/timeline_view.py): the script only places them.
  const para = (cls, text) => (text ? el("p", { class: cls, text }) : null);

  function limit(v) {
    return el(
      "li",
      { class: "sdh-timeline__limit", "data-rule": v.rule, "data-role": v.role, "data-due": v.due, "data-basis": v.basis },
      el("p", {}, el("strong", { text: v.heading }), v.basis_label ? ` [${v.basis_label}]` : ""),
      ...v.flags.map((f) => para("sdh-step__flag", f)),
      para("sdh-start", v.start),
      citationLine(v.citation),
    );
  }

  function step(s) {
    const item = el("li", { class: "sdh-step", "data-duty": s.duty, "data-due": s.due, "data-basis": s.basis, "data-governs": s.governs });
    item.append(el("p", { class: "sdh-step__headline" }, el("strong", { text: s.headline })));
    for (const f of s.flags) item.append(para("sdh-step__flag", f));
    if (s.force) item.append(para("sdh-strength", s.force));
    for (const line of [...s.if, ...s.if_latest]) item.append(para("sdh-step__if", line));
    if (s.citation) item.append(citationLine(s.citation));
    if (s.warnings.length) item.append(el("ul", { class: "sdh-warning" }, ...s.warnings.map((w) => el("li", { text: w }))));
    const fold = el("details", { class: "sdh-working-details" }, el("summary", { text: s.limits_title }));
    for (const p of s.pending) fold.append(el("div", { class: "sdh-pending", "data-rule": p.rule }, para("", p.text), p.force ? para("sdh-strength", p.force.text) : null, citationLine(p.citation)));
    if (s.limits.length) fold.append(el("ul", { class: "sdh-timeline__limits" }, ...s.limits.map(limit)));
    for (const note of s.notes) fold.append(para("sdh-note", note));
    item.append(fold);
    return item;
  }

  function stage(st) {
    const item = el("li", { class: "sdh-timeline__stage", "data-event": st.event, "data-basis": st.basis, "data-at": st.at });
    item.append(el("h5", { class: "sdh-timeline__title", text: st.title }));
    for (const line of [st.note, ...st.fulfils, st.silent]) if (line) item.append(para("sdh-timeline__note", line));
    if (st.steps.length) item.append(el("ul", { class: "sdh-timeline__steps" }, ...st.steps.map(step)));
    for (const w of st.warnings) item.append(para("sdh-warning", w));
    return item;
  }

  function answer(v, headingLevel) {
    const section = el("section", { class: "sdh-answer sdh-timeline-procedure", "data-procedure": v.procedure });
    section.append(el(`h${headingLevel}`, { class: "sdh-answer__title", text: v.heading }));
    if (v.silent) section.append(el("p", { class: "sdh-silent", "data-silent": "", text: v.silent }));
    section.append(el("ol", { class: "sdh-timeline" }, ...v.stages.map(stage)));
    for (const o of v.other_events) section.append(el("p", { class: "sdh-timeline__other", "data-event": o.event, text: o.text }));
    for (const line of v.silent_on) section.append(para("sdh-silent", line));
    for (const r of v.running) section.append(el("div", { class: "sdh-running", "data-rule": r.rule }, para("", r.text), citationLine(r.citation)));
    for (const r of v.not_running) section.append(el("p", { class: "sdh-not-running", "data-rule": r.rule, text: r.text }));
    section.append(el("p", { class: "sdh-caveat", text: v.caveat }));
    return section;
  }

  toolForm(root, client, {
    data,
    order: ["procedure", "event", "at", "circumstances", "known", ...knownGroups.map((g) => `known-${g.dataset.known}`)],
    read,
    recap: (response) => response.views[0].recap.map((line) => el("li", { text: line })),
    question: (response, focusField) => checkAnswers(data.words.take_away, response.check, focusField),
    answer,
    reset: showChoices,
  });
}
