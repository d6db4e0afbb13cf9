// kotacerdas: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // Ask before destructive actions.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.dataset.confirm)) e.preventDefault();
      });
    });
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) summary.focus();
    // Filter a table's rows as the user types (the server-side filter still works without JS).
    document.querySelectorAll("input[type=search][data-filter-table]").forEach(function (input) {
      var table = document.getElementById(input.dataset.filterTable);
      if (!table) return;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        table.querySelectorAll("tbody tr").forEach(function (row) {
          row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) === -1;
        });
      });
    });
    // A place picker: the desa/kelurahan list shows only the kecamatan chosen (without script
    // it is grouped by kecamatan, and the server checks the pair).
    document.querySelectorAll("select[data-narrows]").forEach(function (parent) {
      var child = document.getElementById(parent.dataset.narrows);
      if (!child) return;
      function narrow() {
        child.querySelectorAll("optgroup").forEach(function (g) {
          var off = parent.value !== "" && g.dataset.parent !== parent.value;
          g.hidden = off;
          g.disabled = off;
        });
        var chosen = child.options[child.selectedIndex];
        if (chosen && chosen.parentNode.disabled) child.value = "";
      }
      parent.addEventListener("change", narrow);
      narrow();
    });
    // Print buttons.
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
