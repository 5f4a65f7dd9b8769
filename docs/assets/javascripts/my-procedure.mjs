/* "My procedure": the one preference the handbook keeps, on this device only (localStorage key
   sdh-my-procedure), and only once the user asks for it. It is not a case fact: it names one
   of the procedures the tools offer, nothing typed. A tool opens with no procedure chosen
   unless one is kept; the line under the select says which is kept, with a way to change or
   forget it. The words are Python's (calculators/presenter.py MY_PROCEDURE_WORDS). */

import { hidden } from "./dom.mjs";

export const KEY = "sdh-my-procedure";

function kept() {
  try {
    return localStorage.getItem(KEY) || "";
  } catch {
    return ""; // storage refused (a private window, a policy): no preference
  }
}

/** Wire the "my procedure" line of one tool's procedure select; choose the kept procedure. */
export function setupMyProcedure(root, words) {
  const block = root.querySelector("[data-my-procedure]");
  const select = root.querySelector('[data-field="procedure"] select');
  if (!block || !select) return;
  const status = block.querySelector("[data-my-procedure-status]");
  const remember = block.querySelector("[data-my-procedure-remember]");
  const forget = block.querySelector("[data-my-procedure-forget]");
  const nameOf = (value) => Array.from(select.options).find((o) => o.value === value)?.textContent || "";
  // Only a value the select offers counts: anything else in the key is ignored, never shown.
  const mine = () => (kept() && nameOf(kept()) ? kept() : "");

  function show(message) {
    const current = mine();
    status.textContent = message || (current ? `${words.mine}${nameOf(current)}${words.kept}` : words.none);
    hidden(remember, !select.value || select.value === current);
    hidden(forget, !current);
  }

  remember.addEventListener("click", () => {
    try {
      localStorage.setItem(KEY, select.value);
      show(`${words.remembered}${nameOf(select.value)}.`);
    } catch {
      show(words.not_kept);
    }
  });
  forget.addEventListener("click", () => {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* nothing was kept */
    }
    show(words.forgotten);
    select.focus();
  });
  select.addEventListener("change", () => show());

  const current = mine();
  if (current && !select.value) {
    select.value = current;
    select.dispatchEvent(new Event("change"));
  }
  hidden(block, false);
  show();
}
