/* Anonymous is offered only for conduct reports; when chosen, the contact fields are hidden. Works without JS:
   the server refuses anonymity for other kinds and says why. */
(function () {
  "use strict";
  var form = document.getElementById("feedback-form");
  if (!form) { return; }
  var conduct = form.getAttribute("data-conduct");
  var anonymous = form.querySelector("input[name=anonymous]");
  var contact = document.getElementById("contact");
  var wrapper = document.getElementById("w-anonymous");
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "";
  }
  function sync() {
    var allowed = kind() === conduct;
    if (!allowed) { anonymous.checked = false; }
    anonymous.disabled = !allowed;
    wrapper.classList.toggle("disabled", !allowed);
    contact.hidden = anonymous.checked;
  }
  form.addEventListener("change", sync);
  sync();
})();
