/* Material for MkDocs' after-content script (open a tab named in the URL's fragment),
   loaded from a file so the Content-Security-Policy forbids inline code. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
})();
