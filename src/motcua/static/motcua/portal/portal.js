/* Small helpers of the portal pages; every page works without them. */
(function () {
  "use strict";
  // Confirm before destructive buttons marked with data-confirm.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Upload progress: htmx reports the progress of multipart requests.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest("form");
    var bar = form && form.querySelector("progress.progress");
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
  // Upload as soon as a file is chosen (the Upload button stays for keyboard users and no-JS).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type === "file" && input.closest("form.upload-form[hx-post]") && input.files.length && window.htmx) {
      var form = input.closest("form");
      var button = form.querySelector("button[name=upload]");
      if (button) { button.click(); }
    }
  });
})();
// After a page comes back with errors, move the focus to their summary so that screen readers read it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
});
