/* One stage of a training case, as the learner plays it: its GOV.UK form (a date with an
   optional time, "no fixed time" or "none set"; a tool's headlines or "says nothing"; the
   chosen procedure's lines with an exclusive "None of these"), sent as answered to Python,
   which marks it (calculators.training.mark), words every error and the feedback, and
   checks the date (calculators/date_boxes.py). This reads the form and places the words. */

import { el } from "../assets/javascripts/dom.mjs";
import { errorDisplay } from "../assets/javascripts/error-summary.mjs";
import { feedbackBox } from "./training-feedback.mjs";

const DATE_PARTS = ["day", "month", "year"];
const BOXES = [...DATE_PARTS, "hour", "minute"];

/** learner: {ask, ready, procedure(), marked(stageId, {correct, given}), next()}. Returns {reset(procedure)}. */
export function setupStage(section, data, learner) {
  const kind = section.dataset.kind;
  const stageId = section.dataset.stage;
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
    if (reveal) reveal.hidden = !dateRadio.checked;
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

  function reset(procedure) {
    form.reset();
    errors.clear();
    feedback.replaceChildren();
    next.hidden = true;
    if (offsetGroup) offsetGroup.hidden = true;
    for (const group of form.querySelectorAll(".sdh-checkboxes[data-procedure]")) {
      group.hidden = group.dataset.procedure !== procedure;
    }
    syncReveal();
  }

  const labelOf = (input) => form.querySelector(`label[for="${CSS.escape(input.id)}"]`).textContent.trim();

  /** {answer, given}: the answer as Python reads it ("" when nothing is chosen: Python says what
      to give), and the words of the learner's choice where the form has them. */
  function readAnswer() {
    if (kind === "lines") {
      const ticked = Array.from(form.querySelectorAll("input[type=checkbox]:checked")).filter((i) => !i.closest("[hidden]"));
      const special = ticked.find((i) => "exclusive" in i.dataset);
      if (special) return { answer: special.value === "none" ? [] : special.value, given: labelOf(special) };
      return { answer: ticked.length ? ticked.map((i) => i.value) : "", given: "" };
    }
    const chosen = form.querySelector("input[type=radio]:checked");
    if (!chosen) return { answer: "", given: "" };
    if (kind === "deadline" && chosen.value === "date") {
      // The date (and time) as typed in the boxes: Python checks it (calculators/date_boxes.py).
      const answer = Object.fromEntries(BOXES.map((key) => [key, box(key).value]));
      answer.offset = offsetGroup && !offsetGroup.hidden ? offset.value : "";
      return { answer, given: "" };
    }
    return { answer: chosen.value, given: labelOf(chosen) };
  }

  /** Python's errors at the question, or at the date's boxes it names (the first to focus); for
      the hour the clocks repeat it asks for the choice of offset ("repeated-hour"). */
  function showErrors(list) {
    const onDate = Boolean(dateRadio && dateRadio.checked);
    const boxOf = (part) => (part === "offset" ? offset : box(part));
    if (offsetGroup && list.some((e) => e.code === "repeated-hour")) offsetGroup.hidden = false;
    errors.show(
      list.map((e) => {
        const atDate = e.field === "answer" && onDate;
        const inputs = atDate ? (e.parts || DATE_PARTS).map(boxOf) : [];
        return { field: atDate ? "due" : e.field === "answer" ? "answer" : null, message: e.message, inputs, focus: inputs[0] || null };
      }),
    );
  }

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const read = readAnswer();
    busy = true;
    section.setAttribute("aria-busy", "true");
    if (!learner.ready()) feedback.replaceChildren(el("p", { class: "sdh-result__wait", text: data.words.waiting }));
    try {
      const procedure = learner.procedure();
      const response = await learner.ask({ action: "mark", scenario: data.scenario, stage: stageId, procedure, answer: read.answer });
      if (!response.ok) {
        feedback.replaceChildren();
        showErrors(response.errors || []);
        return;
      }
      errors.clear();
      const result = response.result;
      learner.marked(stageId, { correct: result.correct, given: result.given || read.given });
      const { box: shown, title } = feedbackBox(response.view, data);
      feedback.replaceChildren(shown);
      title.scrollIntoView({ block: "start" });
      title.focus({ preventScroll: true });
      next.hidden = false;
    } finally {
      busy = false;
      section.removeAttribute("aria-busy");
    }
  });

  next.addEventListener("click", () => learner.next());

  return { reset };
}
