/* Follows the device's light or dark setting: Material's "slate" scheme when the device
   prefers dark, its default otherwise, and again whenever the setting changes. Nothing is
   stored: the choice is the device's, read on every page (Material's own palette toggle
   would keep it in localStorage). Loaded first in the body (build_tools/theme/main.html). */
(function () {
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.body.setAttribute("data-md-color-scheme", query.matches ? "slate" : "default");
  }
  apply();
  if (query.addEventListener) query.addEventListener("change", apply);
})();
