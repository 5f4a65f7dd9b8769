/* Small DOM helpers shared by the handbook's page scripts (the tools' and the training cases').
   Nothing here chooses words or does calendar arithmetic: that is Python's. */

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Each rule's build-time HTML, parsed once: every later answer that shows it takes a copy,
// which costs a fraction of parsing it again (an "all procedures" answer holds dozens).
const parsedRuleHtml = new Map();

/** Build-time HTML of a rule's statement or note (see the file's header), as a new fragment. */
export function trustedRuleHtml(html) {
  let parsed = parsedRuleHtml.get(html);
  if (!parsed) {
    const template = document.createElement("template");
    template.innerHTML = html;
    parsed = template.content;
    parsedRuleHtml.set(html, parsed);
  }
  return parsed.cloneNode(true);
}

const SITE_ROOT = new URL("../../", import.meta.url).href;

/** The site's root, from this script's own address (assets/javascripts/dom.mjs). */
export function siteRoot() {
  return SITE_ROOT;
}

export function hidden(node, isHidden) {
  node.hidden = isHidden;
}

/** Print one part of the page (an answer, a draft record): the print stylesheet hides the rest.
    `compact`: the folds stay as they are (closed ones are left out), so an answer fits a page or two. */
export function printOnly(node, { compact = false } = {}) {
  const details = Array.from(node.querySelectorAll("details"));
  const wasOpen = details.map((d) => d.open);
  if (!compact) details.forEach((d) => (d.open = true));
  node.classList.add("sdh-print-target");
  document.documentElement.classList.add("sdh-printing");
  const done = () => {
    document.documentElement.classList.remove("sdh-printing");
    node.classList.remove("sdh-print-target");
    details.forEach((d, i) => (d.open = wasOpen[i]));
    window.removeEventListener("afterprint", done);
  };
  window.addEventListener("afterprint", done);
  window.print();
}
