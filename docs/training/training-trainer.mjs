/* A training case's trainer's view: presenting mode (large text, one stage at a time, the
   answers behind their summary; Previous/Next, Page Up/Page Down or a presentation clicker,
   Escape) and the two handouts (the case with the answers, or without them). Every word is
   the build's: the position line is the stage's own heading. Python is never started here. */

export function setupTrainer(root, panel) {
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
    position.textContent = stages[current].querySelector("h3").textContent;
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
      // The buttons first, below the site's header (scroll-margin in training.css), the stage under them.
      nav.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    } else {
      stages.forEach((s) => (s.hidden = false));
      position.textContent = "";
      toggle.focus();
    }
  }

  function move(step) {
    showStage(current + step);
    // Keep focus where it was, unless that button has just been disabled.
    const active = document.activeElement;
    if (active && active.disabled) stages[current].querySelector("h3").focus({ preventScroll: true });
    nav.scrollIntoView({ block: "start" });
  }

  toggle.addEventListener("click", () => present(!presenting));
  nav.querySelector("[data-present-exit]").addEventListener("click", () => present(false));
  nav.querySelector("[data-present-prev]").addEventListener("click", () => move(-1));
  nav.querySelector("[data-present-next]").addEventListener("click", () => move(1));

  // Presenting mode by keyboard (and by a presentation clicker, which sends Page Up / Page Down).
  document.addEventListener("keydown", (event) => {
    if (!presenting || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [role=tablist], summary")) {
      if (event.key !== "Escape") return;
    }
    const moves = { PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1 };
    if (event.key === "Escape") {
      event.preventDefault();
      present(false);
    } else if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]);
    }
  });

  /** Print the whole case, every answer opened, or a handout with space to write instead. */
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
