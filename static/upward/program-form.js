// The program designer (templates/programs/program_form.html):
// - the cadence fields only show for a custom program (a preset type sets its own rhythm);
// - under each person picker, the chosen person's label in full, which a phone cuts off in the
//   closed picker.
// Without this script every field stays visible and labelled "only for a custom program".
(function () {
  "use strict";

  function customOnly(form) {
    var type = form.querySelector("select[name='program_type']");
    var groups = form.querySelectorAll("[data-custom-only]");
    if (!type || !groups.length) {
      return;
    }
    function update() {
      var custom = type.value === "custom";
      for (var i = 0; i < groups.length; i += 1) {
        // A field with an error stays in sight, whatever the type.
        groups[i].hidden = !custom && !groups[i].querySelector(".has-error");
      }
    }
    type.addEventListener("change", update);
    update();
  }

  function chosenPeople(form) {
    var lines = form.querySelectorAll("[data-chosen-for]");
    for (var i = 0; i < lines.length; i += 1) {
      (function (line) {
        var select = document.getElementById(line.getAttribute("data-chosen-for"));
        var text = line.querySelector("span");
        if (!select || !text) {
          return;
        }
        select.addEventListener("change", function () {
          var option = select.options[select.selectedIndex];
          var chosen = option && option.value ? option.text : "";
          text.textContent = chosen;
          line.hidden = !chosen;
        });
      })(lines[i]);
    }
  }

  function setUp() {
    var form = document.querySelector("select[name='program_type']");
    form = form && form.form;
    if (!form) {
      return;
    }
    customOnly(form);
    chosenPeople(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
