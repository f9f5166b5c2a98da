// Progressive enhancements only: every page works without this file.
// Loaded with defer from the site's own origin, as the CSP requires.
(function () {
  "use strict";
  // Character counter for textareas with a counter below them. The
  // visible count updates on every key; screen readers hear it through a
  // separate live region, only once typing pauses, so they are not
  // interrupted on every keystroke.
  document.querySelectorAll("p.counter[data-max]").forEach(function (counter) {
    var field = counter.parentElement.querySelector("textarea");
    if (!field) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    counter.after(live);
    var timer;
    var text = function () {
      // Count code points, as the server does.
      var used = Array.from(field.value).length;
      counter.classList.toggle("over", used > max);
      if (used > max) {
        return "You have " + (used - max).toLocaleString("en-US") + " characters too many";
      }
      return used.toLocaleString("en-US") + " of " + max.toLocaleString("en-US") + " characters used";
    };
    field.addEventListener("input", function () {
      counter.textContent = text();
      clearTimeout(timer);
      timer = setTimeout(function () { live.textContent = text(); }, 1000);
    });
    counter.textContent = text();
  });
})();
