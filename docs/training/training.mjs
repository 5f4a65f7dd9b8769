/* A training case in the page, loaded only on a case's page (build_tools/theme/main.html):
   the two tabs, the status line, and the page's one Python worker, which starts when the
   learner turns to the case (a trainer reading the answers, or a page merely opened, costs
   nothing). The learner's view is training-learner.mjs (one stage: training-stage.mjs; the
   feedback and tables: training-feedback.mjs), the trainer's view training-trainer.mjs.

   The HTML was written at build time by build_tools/fences/training_*.py from scenarios/ and
   the rulebook; these scripts show and hide it, read the answers and place Python's words.
   The worker is the handbook's own (assets/javascripts/tool-worker.mjs), reached through the
   one worker client (worker-client.mjs): it answers calculators.web.run_for_page("training", ...).

   Trust: the only HTML inserted is the rule statements and guidance the build rendered
   (markdown-it-py, raw HTML off), embedded as JSON and looked up by id. Everything that
   comes back from Python is written as text.
   Privacy: progress lives in this page's memory only. Nothing is stored, nothing is put in
   the address, nothing is sent anywhere but to the worker in this page. */

import { ownWorker, workerClient } from "../assets/javascripts/worker-client.mjs";
import { setupLearner } from "./training-learner.mjs";
import { setupTrainer } from "./training-trainer.mjs";

// One worker for the page, created on the learner's first move.
let client = null;

/** WAI-ARIA tabs with automatic activation: the learner's view and the trainer's. */
function setupTabs(root) {
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
}

/** Set up one case's block (.sdh-training[data-scenario]) of this page. Exported for the
    browser tests, which play every case in one page (and so on one started Python). */
export function setupCase(root) {
  const data = JSON.parse(root.querySelector("script[data-training-data]").textContent);
  const words = data.words;
  const status = root.querySelector("[data-status]");
  const learner = root.querySelector('[data-panel="learner"]');

  function showStatus(r) {
    if (!status.style.minHeight) status.style.minHeight = `${status.getBoundingClientRect().height}px`;
    status.dataset.status = r.state;
    if (r.state === "ready") {
      status.textContent = r.version && r.version !== data.rulebook.version ? `${words.ready} ${words.stale}` : words.ready;
    } else if (r.state === "failed") {
      status.textContent = [words.failed, r.message, words.failed_after].filter(Boolean).join(" ");
    }
  }

  let python = null;
  /** The page's worker, started now if it is not yet, and this case's status line following it. */
  function wake() {
    if (python) return python;
    if (!client) client = workerClient(ownWorker, words.no_worker);
    python = client;
    if (python.readiness.state === "starting") {
      // The line keeps at least its first height: a shorter text must not pull the procedure list
      // up under the finger that is tapping it (the first tap wakes Python).
      status.style.minHeight = `${status.getBoundingClientRect().height}px`;
      status.dataset.status = "starting";
      status.textContent = words.starting;
    }
    python.onReadiness(showStatus);
    return python;
  }
  const start = learner.querySelector("[data-start]");
  start.addEventListener("focusin", wake, { once: true });
  start.addEventListener("pointerdown", wake, { once: true });

  setupTabs(root);
  setupLearner(data, learner, {
    wake,
    ask: (request) => wake().ask("training", request),
    ready: () => Boolean(python) && python.readiness.state === "ready",
  });
  setupTrainer(root, root.querySelector('[data-panel="trainer"]'));
  root.dataset.trainingReady = data.scenario;
}

const root = document.querySelector(".sdh-training[data-scenario]");
if (root) setupCase(root);
