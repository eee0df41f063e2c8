// The time-zone picker (templates/includes/time_zone_field.html): a search box that narrows the
// long list as you type, and, when no zone is chosen yet, the browser's own zone preselected.
// Without JavaScript the plain select still works.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function simple(text) {
    return text.toLowerCase().replace(/_/g, " ").trim();
  }

  function suggest(select) {
    var zone = browserZone();
    if (select.value || !zone) {
      return;
    }
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === zone) {
        select.options[i].selected = true;
        select.setAttribute("data-suggested", zone);
        return;
      }
    }
  }

  function addSearch(select) {
    var search = document.createElement("input");
    search.type = "search";
    search.id = select.id + "_search";
    search.className = "time-zone-search";
    search.setAttribute("placeholder", "Type a city, like London");
    search.setAttribute("aria-label", "Search time zones");
    search.setAttribute("aria-controls", select.id);
    search.setAttribute("autocomplete", "off");
    search.addEventListener("input", function () {
      var wanted = simple(search.value);
      var first = null;
      var current = select.options[select.selectedIndex];
      Array.prototype.forEach.call(select.options, function (option) {
        var hit = !wanted || option.value === "" || simple(option.text).indexOf(wanted) !== -1;
        option.hidden = !hit;
        if (hit && option.value && first === null) {
          first = option;
        }
      });
      if (first && (!current || current.hidden || !current.value)) {
        first.selected = true;
      }
    });
    select.parentNode.insertBefore(search, select);
  }

  document.querySelectorAll("select[data-time-zone]").forEach(function (select) {
    suggest(select);
    addSearch(select);
  });
})();
