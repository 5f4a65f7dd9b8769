/* The GOV.UK error summary and the messages at the fields, for every form of the handbook
   (the tools and the training cases). Python words each error and names the field, and for
   a date the boxes to mark (parts, the first to focus); this only places them. */

import { el, hidden } from "./dom.mjs";

// GOV.UK: while the summary shows, the page's title starts with this (as the visually hidden
// lead of each message at a field does), so a screen reader user hears it on the title too.
const ERROR_PREFIX = "Error: ";

/** The GOV.UK error summary and the messages at the fields, shared by every tool.
    `groups` maps a field id to its form group; each error is {field, message, focus?, inputs?}. */
export function errorDisplay(form, summary, result) {
  const summaryList = summary.querySelector("[data-error-list]");
  const groups = Object.fromEntries(
    Array.from(form.querySelectorAll("[data-field]")).map((g) => [g.dataset.field, g]),
  );

  // Whether show() has put anything on the page: every answer clears, and most have nothing to clear.
  let showing = false;

  function clear() {
    if (!showing) return;
    showing = false;
    if (document.title.startsWith(ERROR_PREFIX)) document.title = document.title.slice(ERROR_PREFIX.length);
    summaryList.replaceChildren();
    hidden(summary, true);
    for (const group of Object.values(groups)) {
      group.classList.remove("sdh-form-group--error");
      const message = group.querySelector(":scope .sdh-error-message");
      if (message) {
        message.replaceChildren();
        hidden(message, true);
      }
    }
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    for (const input of form.querySelectorAll(".sdh-input--error, .sdh-select--error, .sdh-textarea--error")) {
      input.classList.remove("sdh-input--error", "sdh-select--error", "sdh-textarea--error");
    }
  }

  function show(errors) {
    clear();
    showing = true;
    for (const error of errors) {
      const group = error.field ? groups[error.field] : null;
      let target = null;
      if (group) {
        // Python names the date boxes to mark (calculators/date_boxes.py), the first to focus.
        const box = (p) => group.querySelector(`[data-part="${p}"]`) || (p === "offset" ? group.querySelector('select[id$="-offset"]') : null);
        const partBoxes = (error.parts || []).map(box).filter(Boolean);
        const focus = error.focus instanceof Element ? error.focus : document.getElementById(error.focus || "");
        target = partBoxes[0] || focus || document.getElementById(group.dataset.focus || "") || firstVisible(group);
        group.classList.add("sdh-form-group--error");
        const message = group.querySelector(":scope .sdh-error-message");
        if (message.childNodes.length) message.append(el("br"));
        else message.append(el("span", { class: "sdh-visually-hidden", text: ERROR_PREFIX }));
        message.append(error.message);
        hidden(message, false);
        const inputs = partBoxes.length ? partBoxes : error.inputs || Array.from(group.querySelectorAll("input, select, textarea"));
        for (const input of inputs) {
          if (input.type === "radio" || input.type === "checkbox") continue;
          input.setAttribute("aria-invalid", "true");
          const css = { SELECT: "sdh-select--error", TEXTAREA: "sdh-textarea--error" }[input.tagName] || "sdh-input--error";
          input.classList.add(css);
        }
      }
      const item = el("li");
      if (target) {
        const link = el("a", { href: `#${target.id}`, "data-target": target.id, text: error.message });
        link.addEventListener("click", (event) => {
          // Focus the field without putting anything in the address bar.
          event.preventDefault();
          const field = document.getElementById(link.dataset.target);
          const legend = field.closest("fieldset")?.querySelector("legend");
          (legend || field).scrollIntoView({ block: "start" });
          field.focus({ preventScroll: true });
        });
        item.append(link);
      } else {
        item.append(error.message);
      }
      summaryList.append(item);
    }
    hidden(summary, false);
    document.title = ERROR_PREFIX + document.title;
    if (result) result.replaceChildren();
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  return { clear, show, groups };
}

function firstVisible(group) {
  return Array.from(group.querySelectorAll("input, select")).find((i) => !i.closest("[hidden]")) || null;
}
