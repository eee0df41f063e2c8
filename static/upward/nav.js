// The top navigation on a phone: folded behind the "Menu" button, opened and closed here.
// Without this script the menu simply stays open, so every link is always reachable.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js-nav"); // before the first paint, so a phone never sees the menu jump

  function setUp() {
    var button = document.querySelector("[data-menu-toggle]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !menu) {
      root.classList.remove("js-nav");
      return;
    }
    var isOpen = function () { return button.getAttribute("aria-expanded") === "true"; };
    var set = function (open) { button.setAttribute("aria-expanded", open ? "true" : "false"); };
    button.addEventListener("click", function () { set(!isOpen()); });
    document.addEventListener("keydown", function (event) {
      // Escape closes the open menu on a phone and puts focus back on its button.
      if (event.key === "Escape" && isOpen() && button.offsetParent !== null) {
        set(false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
