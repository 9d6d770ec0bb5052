/* Progressive enhancement only: every page works without JavaScript. */
(function () {
  "use strict";

  // Move focus to the error summary so screen-reader and keyboard users hear the errors.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
    setUpSessionWarning();
    pollDocument();
    pollReport();
  });

  // A document being generated: ask the server until it is ready, then download it.
  function pollDocument() {
    var status = document.querySelector("[data-document-poll]");
    if (!status || !window.fetch) { return; }
    var url = status.dataset.documentPoll;
    var tries = 0;
    function check() {
      tries += 1;
      fetch(url + "?format=json", { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.status === "done") { window.location.href = url; }
          else if (data.status === "failed") { window.location.reload(); }
          else if (tries < 100) { setTimeout(check, 2000); }
        })
        .catch(function () { if (tries < 100) { setTimeout(check, 5000); } });
    }
    setTimeout(check, 1500);
  }

  // The annual report: show the steps as they are done, reload when it is ready.
  function pollReport() {
    var status = document.querySelector("[data-report-poll]");
    if (!status || !window.fetch) { return; }
    var bar = document.querySelector("progress");
    function check() {
      fetch(status.dataset.reportPoll, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (bar) { bar.max = data.steps_total || 1; bar.value = data.steps_done; }
          if (data.status === "done" || data.status === "failed") { window.location.reload(); }
          else { setTimeout(check, 2000); }
        })
        .catch(function () { setTimeout(check, 5000); });
    }
    setTimeout(check, 1500);
  }

  // Warn two minutes before the session expires for inactivity, and let people extend it.
  function setUpSessionWarning() {
    var seconds = parseInt(document.body.dataset.sessionSeconds || "0", 10);
    var box = document.getElementById("session-warning");
    var button = document.getElementById("session-extend");
    if (!seconds || !box || !button) { return; }
    var lead = Math.min(120, Math.floor(seconds / 2));
    var timer;
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        box.hidden = false;
        button.focus();
      }, (seconds - lead) * 1000);
    }
    button.addEventListener("click", function () {
      fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(function () {
        box.hidden = true;
        schedule();
      });
    });
    schedule();
  }
})();
