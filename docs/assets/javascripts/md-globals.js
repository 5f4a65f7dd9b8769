/* Material for MkDocs' start-up helpers (scope, hash, storage get/set), as in the theme's
   inline script, loaded from a file so the Content-Security-Policy forbids inline code.
   The handbook enables no Material feature that stores anything (no palette toggle, no
   linked tabs, no consent, no repository facts), so __md_set is never called. */
(function () {
  var script = document.currentScript;
  var scope = script ? script.getAttribute("data-md-scope") : ".";
  window.__md_scope = new URL(scope || ".", location);
  window.__md_hash = function (e) {
    return Array.prototype.reduce.call(e, function (acc, ch) { return (acc << 5) - acc + ch.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage; base = base || window.__md_scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* ignore */ }
  };
})();
