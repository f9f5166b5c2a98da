// Progressive enhancements only: every page works without this file.
// Loaded with defer from the site's own origin, as the CSP requires.
(function () {
  "use strict";
  // Live character counter for textareas with a counter below them.
  document.querySelectorAll("p.counter[data-max]").forEach(function (counter) {
    var field = counter.parentElement.querySelector("textarea");
    if (!field) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    counter.setAttribute("aria-live", "polite");
    var update = function () {
      // Count code points, as the server does.
      var used = Array.from(field.value).length;
      counter.textContent = used.toLocaleString("en-US") + " of " + max.toLocaleString("en-US") + " characters used";
      counter.classList.toggle("over", used > max);
    };
    field.addEventListener("input", update);
    update();
  });
})();
