// The baseline for the tool's start-up: the same Pyodide copy, in a module worker,
// with no wheels and no handbook code. The benchmark divides by this time.
const status = document.getElementById("status");
const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  if (event.data.type === "ready") {
    window.__bareReadyAt = performance.now();
    status.dataset.status = "ready";
    status.textContent = "Pyodide is ready.";
  } else {
    status.dataset.status = "failed";
    status.textContent = String(event.data.message);
  }
};
