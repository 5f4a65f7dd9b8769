/* Taking an answer away, with nothing stored or sent (issue 16, item 5): "Copy as text"
   (the text Python composed, calculators/answer_text.py, put on the clipboard, or selected
   in a box where the browser will not let the page copy), "Download calendar file" (the
   .ics text Python composed, calculators/calendar_file.py, saved through a Blob made in this
   page), "Print this answer" and "Start again". Every word is the page's data or Python's. */

import { el, hidden } from "./dom.mjs";

/** The answer's buttons: print (made by the caller), copy, calendar where the answer has one, start again. */
export function takeAway(words, response, print, startAgain) {
  const status = el("p", { class: "sdh-take-away__status", role: "status", "data-take-away-status": "" });
  const box = el("textarea", { class: "sdh-copy-box", readonly: true, "aria-label": words.copy_box, "data-copy-box": "" });
  hidden(box, true);
  const buttons = [print];

  if (response.text) {
    const copy = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-copy-text": "" }, words.copy);
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(response.text);
        hidden(box, true);
        status.textContent = words.copied;
      } catch {
        // No clipboard for this page (an old browser, a permission refused): the reader copies it.
        box.value = response.text;
        hidden(box, false);
        box.focus();
        box.select();
        status.textContent = words.copy_fallback;
      }
    });
    buttons.push(copy);
  }

  if (response.calendar) {
    const calendar = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-calendar": "" }, words.calendar);
    calendar.addEventListener("click", () => {
      const url = URL.createObjectURL(new Blob([response.calendar.text], { type: "text/calendar;charset=utf-8" }));
      const link = el("a", { href: url, download: response.calendar.file_name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      status.textContent = words.calendar_done;
    });
    buttons.push(calendar);
  }

  const again = el("button", { type: "button", class: "sdh-button sdh-button--secondary", "data-start-again": "" }, words.start_again);
  again.addEventListener("click", startAgain);
  buttons.push(again);
  return el("div", { class: "sdh-take-away" }, el("div", { class: "sdh-take-away__buttons sdh-take-away" }, ...buttons), status, box);
}

/** The GOV.UK "check your answers" list: each row the question, the answer and "Change", which focuses the field. */
export function checkAnswers(words, rows, focusField) {
  const list = el("dl", { class: "sdh-summary-list", "data-check-answers": "" });
  for (const row of rows) {
    const change = el("a", { href: "#", class: "sdh-summary-list__change", "data-change": row.field }, words.change, el("span", { class: "sdh-visually-hidden", text: ` ${row.key}` }));
    change.addEventListener("click", (event) => {
      event.preventDefault(); // nothing put in the address
      focusField(row.field);
    });
    list.append(
      el("div", { class: "sdh-summary-list__row" },
        el("dt", { class: "sdh-summary-list__key", text: row.key }),
        el("dd", { class: "sdh-summary-list__value", text: row.value }),
        el("dd", { class: "sdh-summary-list__actions" }, change)),
    );
  }
  return el("div", {}, el("h4", { class: "sdh-summary-list__title", text: words.check_title }), list);
}
