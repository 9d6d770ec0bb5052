/* The bulk decision page: keep the totals against the allocation up to date while typing.
   Progressive enhancement only: without it, "Recalculate the total" does the same. */
(function () {
  "use strict";

  function amount(text) {
    var clean = (text || "").normalize("NFKC").replace(/[,\s円¥￥]/g, "");
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : 0;
  }

  function yen(value) {
    return value.toLocaleString("ja-JP") + "円";
  }

  function update() {
    var totals = {};
    document.querySelectorAll("input.bulk-amount").forEach(function (input) {
      var year = input.dataset.year;
      totals[year] = (totals[year] || 0) + amount(input.value);
    });
    document.querySelectorAll("tr[data-remaining]").forEach(function (row) {
      var total = totals[row.dataset.year] || 0;
      var after = parseInt(row.dataset.remaining, 10) - total;
      row.querySelector("[data-total]").textContent = yen(total);
      var cell = row.querySelector("[data-after]");
      var over = cell.querySelector("[data-over]");
      cell.firstChild.textContent = yen(after) + " ";
      if (over) { over.hidden = after >= 0; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("bulk-decide");
    if (!table) { return; }
    table.addEventListener("input", update);
  });
})();
