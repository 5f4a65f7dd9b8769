/* The handbook's tools in the page: loaded only on a page that holds a tool
   (build_tools/theme/main.html). It connects the page's forms to the Python worker that
   tool-start.js created from the top of the page's head (window.sdhToolWorker), through the one worker client
   (worker-client.mjs), and hands each form to its module: deadline-form.mjs for the
   deadline tool, timeline-form.mjs for the case timeline, decision-form.mjs for every decision tool.

   Trust: the only HTML inserted is the rule statements and notes that the build rendered
   from the rulebook (markdown-it-py, raw HTML off), embedded in the page as JSON and
   looked up by id. Everything that comes back from Python is written as text.
   Privacy: nothing typed is put in the address, in storage or in a cookie, and nothing is
   sent anywhere but to the worker in this page. */

import { setupDecision } from "./decision-form.mjs";
import { setupDeadlines } from "./deadline-form.mjs";
import { setupTimeline } from "./timeline-form.mjs";
import { fromToolStart, workerClient } from "./worker-client.mjs";
import { setupMyProcedure } from "./my-procedure.mjs";

const tools = Array.from(document.querySelectorAll(".sdh-tool[data-tool]"));

if (tools.length) {
  const words = JSON.parse(tools[0].querySelector("script[data-tool-data]").textContent).words;
  // The worker tool-start.js created from the page's head: one page, one worker.
  const { connect, post } = window.sdhToolWorker;
  const client = workerClient(fromToolStart(connect, post), words.no_worker);
  // A named mark, so the benchmark (bench/run.py) reads the ready moment exactly, with the
  // worker's own timings of its steps (ms since the worker started) as its detail.
  client.onReadiness((r) => r.state === "ready" && performance.mark && performance.mark("sdh-tool-ready", { detail: r.timings || null }));
  for (const root of tools) {
    const own = { deadlines: setupDeadlines, timeline: setupTimeline };
    const setup = root.dataset.toolKind === "decision" ? setupDecision : own[root.dataset.tool] || null;
    if (!setup) throw new Error(`tool.mjs: no script for the tool "${root.dataset.tool}"`);
    setup(root, client);
    // After the form's own listeners: choosing the kept procedure shows that procedure's options.
    setupMyProcedure(root, words.my_procedure);
  }
  // register-sw.mjs waits for this before it downloads the offline copy (see there).
  client.onReadiness(() => document.dispatchEvent(new Event("sdh-tool-settled")));
}
