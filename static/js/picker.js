/* The municipality picker (portal.forms.MunicipalityPicker): a box that filters the names as
   one types, and counts kept up to date. Without it the bureau groups still work by keyboard. */
(function () {
  "use strict";

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase().trim();
  }

  function setUp(picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var total = picker.querySelector("[data-picker-total]");
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker__group"));
    filter.parentNode.hidden = false;

    function refreshCount() {
      groups.forEach(function (group) {
        group.querySelector("[data-picker-chosen]").textContent =
          String(group.querySelectorAll("input[type=checkbox]:checked").length);
      });
      total.textContent = String(picker.querySelectorAll("input[type=checkbox]:checked").length);
    }

    function applyFilter() {
      var query = normalise(filter.value);
      groups.forEach(function (group) {
        var bureau = normalise(group.querySelector("summary").textContent);
        var items = group.querySelectorAll("li");
        var shown = 0;
        Array.prototype.forEach.call(items, function (item) {
          var match = !query || bureau.indexOf(query) !== -1 ||
            normalise(item.textContent).indexOf(query) !== -1;
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
        if (query && shown > 0) { group.open = true; }
      });
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      // Enter in the filter box must not submit the whole form.
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", refreshCount);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setUp);
  });
})();
