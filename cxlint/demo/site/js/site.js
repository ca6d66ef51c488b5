/* Small behaviours for the demo site: the "Here's how you know" banner disclosure, opening and
   closing a modal, and the card check on the payment step. No external code. */
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
  // Opening a modal: it shows the overlay and nothing else. Focus stays behind the overlay, Escape
  // does nothing, and closing drops focus to the top of the page (planted: A11Y601-A11Y604).
  document.querySelectorAll("[data-open-modal]").forEach(function (button) {
    button.addEventListener("click", function () {
      var overlay = document.getElementById(button.getAttribute("aria-controls"));
      if (overlay) { overlay.hidden = false; }
    });
  });
  // The card check on the payment step writes "Invalid" beside each wrong field: tied to no
  // field, announced to no one, and focus stays on the button (planted: A11Y502-A11Y505).
  document.querySelectorAll("form[data-card-check]").forEach(function (form) {
    var formats = { cc_number: /^\d{16}$/, cc_exp: /^\d{2}\/\d{2}$/, cc_csc: /^\d{3,4}$/ };
    form.addEventListener("submit", function (event) {
      var wrong = false;
      Object.keys(formats).forEach(function (name) {
        var input = form.elements[name];
        var message = form.querySelector('.usa-error-message[data-for="' + name + '"]');
        if (!message) {
          message = document.createElement("span");
          message.className = "usa-error-message";
          message.setAttribute("data-for", name);
          input.insertAdjacentElement("afterend", message);
        }
        var ok = formats[name].test(input.value.replace(/\s/g, ""));
        message.textContent = ok ? "" : "Invalid";
        if (!ok) { wrong = true; }
      });
      if (wrong) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-close-modal]").forEach(function (button) {
    button.addEventListener("click", function () {
      var overlay = button.closest(".usa-modal-overlay");
      if (overlay) { overlay.hidden = true; }
    });
  });
})();
