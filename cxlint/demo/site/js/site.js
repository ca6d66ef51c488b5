/* Small behaviours for the demo site: the "Here's how you know" banner disclosure and
   closing a modal. No external code. */
(function () {
  "use strict";
  document.querySelectorAll(".usa-banner__button, [data-disclosure]").forEach(function (button) {
    button.addEventListener("click", function () {
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      if (panel) { panel.hidden = open; }
    });
  });
  document.querySelectorAll("[data-close-modal]").forEach(function (button) {
    button.addEventListener("click", function () {
      var overlay = button.closest(".usa-modal-overlay");
      if (overlay) { overlay.hidden = true; }
    });
  });
})();
