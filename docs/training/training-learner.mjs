/* A training case's learner's view: choose a procedure, play its stages one at a time
   (each stage: training-stage.mjs), then see how you did, with the answers of every
   procedure played so far side by side. Progress lives in this page's memory only; Python
   words it (calculators/training_words.py, through the "progress" request): what has been
   played, the score and the two tables. */

import { el } from "../assets/javascripts/dom.mjs";
import { errorDisplay } from "../assets/javascripts/error-summary.mjs";
import { resultsTable } from "./training-feedback.mjs";
import { setupStage } from "./training-stage.mjs";

/** python: {wake(), ask(request) -> Python's answer, ready() -> whether it has started}. */
export function setupLearner(data, panel, python) {
  const start = panel.querySelector("[data-start]");
  const startForm = start.querySelector("form");
  const startErrors = errorDisplay(startForm, start.querySelector("[data-error-summary]"));
  const played = start.querySelector("[data-played]");
  const play = panel.querySelector("[data-play]");
  const playing = play.querySelector("[data-playing]");
  const sections = Array.from(play.querySelectorAll("section[data-stage]"));
  const end = play.querySelector("[data-end]");

  /** In memory only, in the order played: procedure -> stage id -> {correct, given}. */
  const results = new Map();
  let procedure = null;
  let index = 0;

  const stages = sections.map((section) =>
    setupStage(section, data, {
      ask: python.ask,
      ready: python.ready,
      procedure: () => procedure,
      marked: (stageId, result) => results.get(procedure).set(stageId, result),
      next: () => (index + 1 < sections.length ? show(index + 1) : finish()),
    }),
  );

  startForm.addEventListener("submit", (event) => {
    event.preventDefault();
    python.wake();
    const chosen = startForm.querySelector("input[type=radio]:checked");
    if (!chosen) {
      startErrors.show([{ field: "procedure", message: data.words.choose_procedure }]);
      return;
    }
    startErrors.clear();
    begin(chosen.value);
  });

  play.querySelector("[data-change]").addEventListener("click", () => backToStart());
  end.querySelector("[data-replay]").addEventListener("click", () => backToStart());

  /** Python's words for the progress so far: {ok, result} or {ok: false, errors}. */
  function progress() {
    const remembered = Object.fromEntries(Array.from(results, ([p, answers]) => [p, Object.fromEntries(answers)]));
    return python.ask({ action: "progress", scenario: data.scenario, procedure, played: remembered });
  }

  function focusOn(node) {
    node.scrollIntoView({ block: "start" });
    node.focus({ preventScroll: true });
  }

  async function backToStart() {
    // Offer the first procedure not played yet (the learner can choose any).
    const next = Array.from(startForm.querySelectorAll("input[type=radio]")).find((r) => !results.has(r.value));
    if (next) next.checked = true;
    play.hidden = true;
    start.hidden = false;
    focusOn(startForm.querySelector("legend"));
    const response = await progress();
    played.textContent = response.ok ? response.result.played : "";
    played.hidden = !played.textContent;
  }

  function begin(chosen) {
    procedure = chosen;
    results.set(procedure, new Map());
    playing.textContent = data.procedures[procedure].short;
    for (const stage of stages) stage.reset(procedure);
    start.hidden = true;
    play.hidden = false;
    show(0);
  }

  function show(i) {
    index = i;
    sections.forEach((section, j) => (section.hidden = j !== i));
    end.hidden = true;
    focusOn(sections[i].querySelector(".sdh-stage__title"));
  }

  async function finish() {
    const response = await progress();
    sections.forEach((section) => (section.hidden = true));
    const box = end.querySelector("[data-results]");
    const score = end.querySelector("[data-score]");
    if (response.ok) {
      const words = response.result;
      score.textContent = words.score;
      const { table, text } = words.comparison;
      box.replaceChildren(resultsTable(words.results, data), table ? resultsTable(table, data) : el("p", { text }));
    } else {
      // Python could not say (it failed to start): its reason, where the score would be.
      score.textContent = (response.errors || []).map((e) => e.message).join(" ");
      box.replaceChildren();
    }
    end.hidden = false;
    focusOn(end.querySelector("h3"));
  }
}
