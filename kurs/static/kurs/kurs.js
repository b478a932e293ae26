// Small progressive enhancements; every page works without them.

// Key-result form: show only the value fields that fit the chosen metric.
// A range needs its minimum and maximum, a milestone none of the four, the others
// a start and a target. Hidden fields keep their values, so nothing is lost.
function kursShowMetricFields(form) {
  var metric = form.querySelector("select[name=metric]");
  if (!metric) return;
  var wanted = {
    increase: ["start", "target"],
    decrease: ["start", "target"],
    range: ["range_min", "range_max"],
    milestone: [],
  }[metric.value] || ["start", "target", "range_min", "range_max"];
  ["start", "target", "range_min", "range_max"].forEach(function (name) {
    var field = form.querySelector('[data-field="' + name + '"]');
    if (field) field.hidden = wanted.indexOf(name) === -1 && !field.classList.contains("has-error");
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form").forEach(kursShowMetricFields);
});
document.addEventListener("change", function (event) {
  if (event.target.name === "metric" && event.target.form) kursShowMetricFields(event.target.form);
});

// Buttons that destroy something ask first (data-confirm holds the question).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
});

// Copy into the next cycle: ticking an objective ticks (or unticks) all its key results;
// without JS the key results start ticked and can be unticked one by one.
document.addEventListener("change", function (event) {
  var id = event.target.getAttribute && event.target.getAttribute("data-copy-objective");
  if (!id) return;
  document.querySelectorAll('[data-copy-of="' + id + '"]').forEach(function (box) {
    box.checked = event.target.checked;
  });
});
