/* The budget page (経費と申請額): add rows without a round trip and keep the totals up to
   date while people type. Progressive enhancement only: without this script the 「行を追加する」
   button saves and comes back with one more row, and 「保存して再計算する」 recalculates on the
   server, which stays authoritative (it checks everything again when the page is saved). */
(function () {
  "use strict";

  var MAN = 10000;
  var SEN = 1000;

  // An amount as people type it (120,000円 / １２万円 / 12.5万円); null if unreadable.
  // The same reading as the server's YenField (portal/forms.py).
  function parseYen(text) {
    var value = (text || "").normalize("NFKC").replace(/[,、\s円¥]/g, "");
    if (!value) { return 0; }
    var match = /^(?:(\d+(?:\.\d+)?)万)?(?:(\d+(?:\.\d+)?)千)?(\d*)$/.exec(value);
    if (!match) { return null; }
    var amount = Math.round(
      (parseFloat(match[1] || "0") * MAN + parseFloat(match[2] || "0") * SEN +
        parseInt(match[3] || "0", 10)) * 1000
    ) / 1000;
    return Math.floor(amount) === amount ? amount : null;
  }

  function yen(amount) {
    return amount.toLocaleString("en-US") + "円";
  }

  function setUp(form) {
    var body = form.querySelector("[data-budget-body]");
    var template = document.getElementById("budget-empty-row");
    var flag = document.getElementById("budget-flag");
    var total = form.querySelector("input[name='lines-TOTAL_FORMS']");
    var addButton = form.querySelector("[data-add-row]");
    if (!body || !template || !total) { return; }
    var rules = {
      numerator: parseInt(form.dataset.rateNumerator, 10),
      denominator: parseInt(form.dataset.rateDenominator, 10),
      upper: form.dataset.upperLimit ? parseInt(form.dataset.upperLimit, 10) : null,
      unit: parseInt(form.dataset.roundingUnit, 10) || 1,
      maxRows: parseInt(form.dataset.maxRows, 10) || 100,
      ineligible: (form.dataset.ineligible || "").split(",").filter(Boolean)
    };

    function show(name, amount) {
      form.querySelectorAll("[data-out='" + name + "']").forEach(function (node) {
        node.textContent = yen(amount);
      });
    }

    function recalculate() {
      var sums = { total: 0, ineligible: 0 };
      body.querySelectorAll("[data-budget-row]").forEach(function (row) {
        var amountInput = row.querySelector("input[name$='-amount']");
        var category = row.querySelector("select[name$='-cost_category']");
        var remove = row.querySelector("input[name$='-DELETE']");
        var out = rules.ineligible.indexOf(category ? category.value : "") !== -1;
        var cell = row.querySelector("[data-flag]");
        if (cell) {
          cell.innerHTML = out && flag ? flag.innerHTML : "";
        }
        if (!amountInput || (remove && remove.checked)) { return; }
        var amount = parseYen(amountInput.value);
        if (amount === null || !category || !category.value) { return; }
        sums.total += amount;
        if (out) { sums.ineligible += amount; }
      });
      var eligible = sums.total - sums.ineligible;
      // The call's rule, as grants/rules/applications.py Rules.subsidy_steps has it.
      var raw = Math.floor(eligible * rules.numerator / rules.denominator);
      var capped = rules.upper === null ? raw : Math.min(raw, rules.upper);
      var maximum = Math.floor(capped / rules.unit) * rules.unit;
      show("total", sums.total);
      show("ineligible", sums.ineligible);
      show("eligible", eligible);
      show("raw", raw);
      show("maximum", maximum);
      form.querySelectorAll("[data-cap]").forEach(function (node) {
        node.hidden = capped >= raw;
      });
    }

    function addRow() {
      var index = parseInt(total.value, 10) || 0;
      if (index >= rules.maxRows) { return false; }
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = body.lastElementChild;
      var first = row && row.querySelector("select, input:not([type=hidden])");
      if (first) { first.focus(); }
      return true;
    }

    if (addButton) {
      addButton.addEventListener("click", function (event) {
        if (addRow()) { event.preventDefault(); }
      });
    }
    form.addEventListener("input", recalculate);
    form.addEventListener("change", recalculate);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-budget]").forEach(setUp);
  });
})();
