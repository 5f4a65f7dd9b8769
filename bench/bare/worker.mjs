try {
  const { loadPyodide } = await import(new URL("../pyodide/pyodide.mjs", import.meta.url).href);
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
  pyodide.runPython("1 + 1");
  postMessage({ type: "ready" });
} catch (error) {
  postMessage({ type: "failed", message: String(error) });
}
